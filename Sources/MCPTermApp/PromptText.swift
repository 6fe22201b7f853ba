import MCP

/// A prompt's messages (`prompts/get`) as the text of the user's next message: text parts as
/// they are, embedded resources' text in a block naming the URI, binary parts as a one-line
/// placeholder (never decoded to the screen).
enum PromptText {
    static func render(_ result: GetPrompt.Result) -> String {
        // Role labels only when the prompt mixes roles; a plain user prompt reads as typed.
        let labelled = result.messages.contains { $0.role != .user }
        return result.messages.map { message in
            let body = text(of: message.content)
            guard labelled else { return body }
            return (message.role == .user ? "User: " : "Assistant: ") + body
        }.joined(separator: "\n\n")
    }

    static func text(of content: Prompt.Message.Content) -> String {
        switch content {
        case .text(let text):
            return text
        case .image(let data, let mimeType), .audio(let data, let mimeType):
            return "(\(mimeType), about \(data.count * 3 / 4) bytes, not shown)"
        case .resource(let resource, _, _):
            let body = resource.text ?? "(\(resource.mimeType ?? "binary data"), not shown)"
            return "<attached-resource uri=\"\(resource.uri)\">\n\(body)\n</attached-resource>"
        case .resourceLink(let uri, let name, _, _, _, _):
            return "[resource \(name): \(uri)]"
        }
    }
}
