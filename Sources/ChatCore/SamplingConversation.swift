import Foundation
import LLM
import MCP
import MCPHost

/// What the configured model streamed for a sampling request: its text, the tools it asked for
/// and why it stopped (in `StreamEvent.finish`'s words).
public struct SampledReply: Equatable, Sendable {
    public var text: String
    public var toolCalls: [ToolCall]
    public var finishReason: String?

    public init(text: String = "", toolCalls: [ToolCall] = [], finishReason: String? = nil) {
        self.text = text
        self.toolCalls = toolCalls
        self.finishReason = finishReason
    }
}

/// Why a sampling request got no reply that can be returned: the model failed, or what it
/// wrote cannot be sent back. The message is for the user (and names the provider).
public struct SamplingFailure: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// How a server's `sampling/createMessage` becomes a request to the configured model, and the
/// model's reply the result the server gets (MCP 2025-11-25 client/sampling). Pure.
///
/// The conversation maps onto the provider-neutral messages: the system prompt is a system
/// message; a user message's text blocks are joined into one message; an assistant's
/// `tool_use` blocks are its tool calls and the next user message's `tool_result` blocks are
/// tool messages, so each provider writes them in its own form. Images and audio reach the
/// model as media in the provider's own form where it carries them, else as the placeholder
/// `MCPContentText` gives them (`[image image/png, 12 KB]`).
public enum SamplingConversation {
    /// The message the user may edit before it is sent: the last user message, when it has text
    /// (one with only images or tool results has none to edit). Its index and its text blocks,
    /// joined by newlines.
    public static func editableMessage(_ parameters: CreateSamplingMessage.Parameters) -> (index: Int, text: String)? {
        guard let index = parameters.messages.lastIndex(where: { $0.role == .user }) else { return nil }
        let blocks = parameters.messages[index].content.asArray
        if blocks.contains(where: isToolResult) { return nil }
        let texts = blocks.compactMap { block -> String? in
            if case .text(let text) = block { return text }
            return nil
        }
        return texts.isEmpty ? nil : (index, texts.joined(separator: "\n"))
    }

    /// The server's messages with the user's edit: the editable message's text blocks become one
    /// block with `editedText`, where the first of them was.
    public static func messages(_ parameters: CreateSamplingMessage.Parameters,
                                editedText: String?) -> [Sampling.Message] {
        guard let editedText, let editable = editableMessage(parameters) else { return parameters.messages }
        var messages = parameters.messages
        var blocks: [Sampling.Message.Content.ContentBlock] = []
        var placed = false
        for block in messages[editable.index].content.asArray {
            if case .text = block {
                if !placed { blocks.append(.text(editedText)) }
                placed = true
            } else {
                blocks.append(block)
            }
        }
        let content: Sampling.Message.Content = blocks.count == 1 ? .single(blocks[0]) : .multiple(blocks)
        messages[editable.index] = .user(content, _meta: messages[editable.index]._meta)
        return messages
    }

    /// The request the configured `model` gets: the system prompt, the messages (with the user's
    /// edit of the last user message), the tools offered, and the server's limits.
    public static func chatRequest(_ parameters: CreateSamplingMessage.Parameters, model: String,
                                   editedText: String? = nil) -> ChatRequest {
        var chat: [ChatMessage] = []
        if let system = parameters.systemPrompt, !system.isEmpty { chat.append(.system(system)) }
        for message in messages(parameters, editedText: editedText) {
            chat += chatMessages(message)
        }
        let choice: ChatRequest.ToolChoice?
        switch parameters.toolChoice?.mode {
        case .auto?: choice = .auto
        case .required?: choice = .required
        case .none?: choice = .forbidden
        case nil: choice = nil
        }
        let tools = parameters.tools ?? []
        return ChatRequest(model: model, messages: chat, tools: tools.map(toolSpec),
                           temperature: parameters.temperature, maxTokens: parameters.maxTokens,
                           stopSequences: parameters.stopSequences ?? [], toolChoice: tools.isEmpty ? nil : choice)
    }

    private static func chatMessages(_ message: Sampling.Message) -> [ChatMessage] {
        let blocks = message.content.asArray
        switch message.role {
        case .user:
            let results = blocks.compactMap { block -> Sampling.ToolResultContent? in
                if case .toolResult(let result) = block { return result }
                return nil
            }
            // A message of tool results holds nothing else (`SamplingRequestCheck` refuses a mix).
            if !results.isEmpty {
                return results.map { .tool(id: $0.toolUseId, parts: parts(of: $0), isError: $0.isError == true) }
            }
            return [ChatMessage(role: .user, parts: blocks.map(part(of:)))]
        case .assistant:
            var texts: [String] = []
            var calls: [ToolCall] = []
            for block in blocks {
                if case .toolUse(let use) = block {
                    calls.append(ToolCall(id: use.id, name: use.name, arguments: json(.object(use.input))))
                } else {
                    texts.append(text(of: block))
                }
            }
            return [.assistant(texts.joined(separator: "\n"), toolCalls: calls)]
        }
    }

    /// A content block as the model reads it (tool use and results go their own way).
    public static func text(of block: Sampling.Message.Content.ContentBlock) -> String {
        switch block {
        case .text(let text): return text
        case .image(let data, let mimeType): return MCPContentText.placeholder("image", mimeType: mimeType, base64: data)
        case .audio(let data, let mimeType): return MCPContentText.placeholder("audio", mimeType: mimeType, base64: data)
        case .toolUse(let use): return "[tool use \(use.name) \(text(ofInput: use.input))]"
        case .toolResult(let result): return text(of: result)
        }
    }

    /// A content block of a message as the model gets it: images and audio as media (each
    /// provider sends what it can carry and the placeholder for the rest), the rest as text.
    static func part(of block: Sampling.Message.Content.ContentBlock) -> ChatContentPart {
        switch block {
        case .image(let data, let mimeType): return media(.image, mimeType: mimeType, base64: data)
        case .audio(let data, let mimeType): return media(.audio, mimeType: mimeType, base64: data)
        default: return .text(text(of: block))
        }
    }

    private static func media(_ kind: ChatMedia.Kind, mimeType: String, base64: String) -> ChatContentPart {
        .media(ChatMedia(kind: kind, mimeType: mimeType, base64: base64,
                         placeholder: MCPContentText.placeholder(kind.rawValue, mimeType: mimeType, base64: base64)))
    }

    /// A tool result as the model gets it: its blocks (images and audio as media), else its
    /// structured content as JSON; a failed tool's text starts with "Error: ", as a failed call
    /// of mcpterm's own does.
    static func parts(of result: Sampling.ToolResultContent) -> [ChatContentPart] {
        var parts = result.content.map { block -> ChatContentPart in
            switch block {
            case .text(let text): return .text(text)
            case .image(let data, let mimeType): return media(.image, mimeType: mimeType, base64: data)
            case .audio(let data, let mimeType): return media(.audio, mimeType: mimeType, base64: data)
            case .resource(let resource, _, _):
                return .text(resource.text
                             ?? MCPContentText.placeholder("binary", mimeType: resource.mimeType, base64: resource.blob))
            case .resourceLink(let uri, let name, _, _, _, _): return .text("[resource link \(name): \(uri)]")
            }
        }
        if parts.isEmpty, let structured = result.structuredContent { parts.append(.text(json(.object(structured)))) }
        guard result.isError == true else { return parts }
        if case .text(let first)? = parts.first {
            parts[0] = .text("Error: " + first)
        } else {
            parts.insert(.text("Error:"), at: 0)
        }
        return parts
    }

    /// A tool result as text, media as their placeholders (the box shows this).
    public static func text(of result: Sampling.ToolResultContent) -> String {
        ChatMessage(role: .tool, parts: parts(of: result)).content
    }

    /// A tool the server offers, as the model sees it: its own name (the server runs it, not us).
    static func toolSpec(_ tool: Tool) -> ToolSpec {
        let schema = Data(json(ToolCatalog.objectSchema(tool.inputSchema)).utf8)
        return ToolSpec(name: tool.name, description: tool.description ?? tool.title ?? tool.name, parametersJSON: schema)
    }

    /// A tool use's arguments as compact JSON, as the model wrote them (and the server gets them).
    public static func text(ofInput input: [String: Value]) -> String {
        json(.object(input))
    }

    /// Compact JSON text of a value, keys sorted (the same text on every run, for the model and the box).
    static func json(_ value: Value) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    // MARK: The reply

    /// The result the server gets for `reply`: the text, and a `tool_use` block for each tool the
    /// model asked for (2025-11-25: the server runs them and asks again with their results).
    /// Fails when a call cannot be sent back: arguments that are not a JSON object, or a tool the
    /// server did not offer.
    public static func result(_ reply: SampledReply, model: String,
                              offered tools: [Tool]?) -> Result<CreateSamplingMessage.Result, SamplingFailure> {
        var blocks: [Sampling.Message.Content.ContentBlock] = []
        if !reply.text.isEmpty || reply.toolCalls.isEmpty { blocks.append(.text(reply.text)) }
        let offered = Set((tools ?? []).map(\.name))
        for call in reply.toolCalls {
            guard offered.contains(call.name) else {
                return .failure(SamplingFailure("the model asked for the tool \"\(call.name)\", which the server did not offer"))
            }
            switch ToolArguments.parse(call.arguments) {
            case .success(let input):
                blocks.append(.toolUse(Sampling.ToolUseContent(id: call.id, name: call.name, input: input)))
            case .failure(let problem):
                return .failure(SamplingFailure("the model asked for the tool \"\(call.name)\", but \(problem)"))
            }
        }
        // Tool uses go as an array, as the spec's examples send them; a lone text as one block.
        let content: Sampling.Message.Content = reply.toolCalls.isEmpty && blocks.count == 1 ? .single(blocks[0])
            : .multiple(blocks)
        return .success(CreateSamplingMessage.Result(model: model, stopReason: stopReason(reply), role: .assistant,
                                                     content: content))
    }

    /// MCP's stop reason for the provider's finish reason (`StreamEvent.finish` speaks OpenAI's words).
    static func stopReason(_ reply: SampledReply) -> Sampling.StopReason {
        if !reply.toolCalls.isEmpty { return .toolUse }
        switch reply.finishReason {
        case nil, "stop"?: return .endTurn
        case "length"?: return .maxTokens
        case "tool_calls"?: return .endTurn  // no call came after all
        case let other?: return Sampling.StopReason(rawValue: other)
        }
    }

    private static func isToolResult(_ block: Sampling.Message.Content.ContentBlock) -> Bool {
        if case .toolResult = block { return true }
        return false
    }
}
