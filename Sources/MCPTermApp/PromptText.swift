import ChatCore
import MCP

/// A prompt's messages (`prompts/get`) as the text of the user's next message, each part as
/// `MCPContentText` renders it, with role labels when the prompt mixes roles.
enum PromptText {
    static func render(_ result: GetPrompt.Result) -> String {
        // Role labels only when the prompt mixes roles; a plain user prompt reads as typed.
        let labelled = result.messages.contains { $0.role != .user }
        return result.messages.map { message in
            let body = MCPContentText.text(of: message.content)
            guard labelled else { return body }
            return (message.role == .user ? "User: " : "Assistant: ") + body
        }.joined(separator: "\n\n")
    }
}
