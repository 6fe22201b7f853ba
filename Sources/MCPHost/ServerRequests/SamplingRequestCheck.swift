import MCP

/// The checks a `sampling/createMessage` must pass before it is shown to the user: the rules of
/// MCP 2025-11-25 client/sampling#message-content-constraints for tool use in the conversation.
/// A request that breaks them is answered with -32602 (client/sampling#error-handling).
enum SamplingRequestCheck {
    /// Why the request cannot be sent to a model, or nil when it can.
    static func problem(_ parameters: CreateSamplingMessage.Parameters) -> String? {
        let messages = parameters.messages
        for (index, message) in messages.enumerated() {
            let blocks = message.content.asArray
            let results = blocks.filter(isToolResult)
            if !results.isEmpty {
                if message.role != .user {
                    return "Tool results in an assistant message (message \(index + 1))"
                }
                if results.count != blocks.count {
                    return "Tool results mixed with other content (message \(index + 1))"
                }
            }
            let uses = blocks.compactMap(toolUseID)
            guard !uses.isEmpty else { continue }
            if message.role != .assistant {
                return "Tool use in a user message (message \(index + 1))"
            }
            let answered = Set(messages.indices.contains(index + 1)
                ? messages[index + 1].content.asArray.compactMap(toolResultID) : [])
            if let missing = uses.first(where: { !answered.contains($0) }) {
                return "Tool result missing in request (for tool use \"\(missing)\" of message \(index + 1))"
            }
        }
        return nil
    }

    private static func isToolResult(_ block: Sampling.Message.Content.ContentBlock) -> Bool {
        toolResultID(block) != nil
    }

    private static func toolUseID(_ block: Sampling.Message.Content.ContentBlock) -> String? {
        if case .toolUse(let use) = block { return use.id }
        return nil
    }

    private static func toolResultID(_ block: Sampling.Message.Content.ContentBlock) -> String? {
        if case .toolResult(let result) = block { return result.toolUseId }
        return nil
    }
}
