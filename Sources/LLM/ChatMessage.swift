/// One message of a conversation in provider-neutral form.
public struct ChatMessage: Equatable, Sendable, Codable {
    public var role: ChatRole
    /// What the message says, in order: text, and media a provider may carry in its own form.
    public var parts: [ChatContentPart]
    /// Tools the assistant asked to call in this message (assistant messages only).
    public var toolCalls: [ToolCall]
    /// The call this message answers (tool messages only).
    public var toolCallID: String?
    /// A tool message that reports a failure (the tool's `isError`, a denied or failed call).
    /// Its text says so too; providers with an error flag (Anthropic's `is_error`) also set it.
    public var isError: Bool

    public init(role: ChatRole, content: String, toolCalls: [ToolCall] = [], toolCallID: String? = nil,
                isError: Bool = false) {
        self.init(role: role, parts: [.text(content)], toolCalls: toolCalls, toolCallID: toolCallID, isError: isError)
    }

    public init(role: ChatRole, parts: [ChatContentPart], toolCalls: [ToolCall] = [], toolCallID: String? = nil,
                isError: Bool = false) {
        self.role = role
        self.parts = parts
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
        self.isError = isError
    }

    /// The message as text, each medium as its placeholder, parts joined by newlines: what a
    /// provider that carries no media sends, and what the session file keeps.
    public var content: String {
        if parts.count == 1, case .text(let text) = parts[0] { return text }
        return parts.map(\.text).joined(separator: "\n")
    }

    /// The media among the parts, in order.
    public var media: [ChatMedia] {
        parts.compactMap { if case .media(let media) = $0 { media } else { nil } }
    }

    public static func system(_ content: String) -> ChatMessage {
        ChatMessage(role: .system, content: content)
    }

    public static func user(_ content: String) -> ChatMessage {
        ChatMessage(role: .user, content: content)
    }

    public static func assistant(_ content: String, toolCalls: [ToolCall] = []) -> ChatMessage {
        ChatMessage(role: .assistant, content: content, toolCalls: toolCalls)
    }

    public static func tool(id: String, content: String, isError: Bool = false) -> ChatMessage {
        ChatMessage(role: .tool, content: content, toolCallID: id, isError: isError)
    }

    public static func tool(id: String, parts: [ChatContentPart], isError: Bool = false) -> ChatMessage {
        ChatMessage(role: .tool, parts: parts, toolCallID: id, isError: isError)
    }
}
