import Foundation

/// Turns the `data:` payloads of an Anthropic Messages stream into `StreamEvent`s.
/// Text deltas are emitted as they come; a `tool_use` block's `input_json_delta` fragments are
/// assembled and emitted as one call when the block stops. Thinking blocks, `ping` and event
/// types added to the API later are ignored. Stop reasons are mapped to the names the other
/// providers use (`stop`, `tool_calls`, `length`); usage is emitted at `message_stop`.
struct AnthropicStreamParser: StreamPayloadParser {
    typealias Framing = SSEFraming
    let provider: String
    private var toolBlocks: [Int: PartialToolUse] = [:]
    private var inputTokens = 0
    private var outputTokens = 0
    private var sawStopReason = false
    /// `message_stop` arrived; nothing after it matters.
    private(set) var isDone = false

    private struct PartialToolUse {
        var id: String
        var name: String
        var json = ""
    }

    init(provider: String) {
        self.provider = provider
    }

    mutating func consume(_ payload: String) throws -> [StreamEvent] {
        guard !payload.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return [] }
        let event: Event
        do {
            event = try JSONDecoder().decode(Event.self, from: Data(payload.utf8))
        } catch {
            throw ProviderError.badStream("\(provider) sent an event that is not a Messages stream event: \(payload.prefix(200))")
        }
        switch event.type {
        case "message_start":
            if let usage = event.message?.usage { count(usage) }
            return []
        case "content_block_start":
            guard let index = event.index, let block = event.contentBlock else { return [] }
            if block.type == "tool_use" {
                toolBlocks[index] = PartialToolUse(id: block.id ?? "toolu_\(index)", name: block.name ?? "")
            } else if block.type == "text", let text = block.text, !text.isEmpty {
                return [.text(text)]
            }
            return []
        case "content_block_delta":
            guard let index = event.index, let delta = event.delta else { return [] }
            switch delta.type {
            case "text_delta":
                if let text = delta.text, !text.isEmpty { return [.text(text)] }
            case "input_json_delta":
                guard toolBlocks[index] != nil else {
                    throw ProviderError.badStream("\(provider) sent tool input for content block \(index), which is not a tool_use block")
                }
                toolBlocks[index]?.json += delta.partialJSON ?? ""
            default:
                // thinking_delta, signature_delta, citations_delta: not part of the answer.
                break
            }
            return []
        case "content_block_stop":
            guard let index = event.index, let block = toolBlocks.removeValue(forKey: index) else { return [] }
            return [try toolCall(block)]
        case "message_delta":
            if let usage = event.usage { count(usage) }
            guard let reason = event.delta?.stopReason else { return [] }
            sawStopReason = true
            return try flushToolBlocks() + [.finish(reason: Self.finishReason(reason))]
        case "message_stop":
            isDone = true
            return try flushToolBlocks() + [.usage(prompt: inputTokens, completion: outputTokens)]
        case "error":
            let message = event.error.map { error in
                [error.type, error.message].compactMap { $0 }.joined(separator: ": ")
            } ?? payload
            throw ProviderError.api(status: 200, message: message, provider: provider)
        default:
            // ping, and event types the API may add later.
            return []
        }
    }

    /// The body ended. A stream cut off before a stop reason is an error: the reply would
    /// otherwise look complete when it is not.
    mutating func finish() throws -> [StreamEvent] {
        guard isDone || sawStopReason else {
            throw ProviderError.badStream("\(provider) ended the stream before a stop reason or message_stop")
        }
        if isDone { return [] }
        isDone = true
        return try flushToolBlocks() + [.usage(prompt: inputTokens, completion: outputTokens)]
    }

    /// Anthropic's stop reasons in the vocabulary of `StreamEvent.finish`; others pass unchanged.
    static func finishReason(_ reason: String) -> String {
        switch reason {
        case "end_turn", "stop_sequence": return "stop"
        case "tool_use": return "tool_calls"
        case "max_tokens": return "length"
        default: return reason
        }
    }

    private mutating func count(_ usage: Usage) {
        // Cached prompt tokens are counted apart from input_tokens; the prompt is all of them.
        let prompt = [usage.inputTokens, usage.cacheCreationInputTokens, usage.cacheReadInputTokens].compactMap { $0 }
        if !prompt.isEmpty { inputTokens = prompt.reduce(0, +) }
        // output_tokens is cumulative in message_delta.
        if let output = usage.outputTokens { outputTokens = output }
    }

    private func toolCall(_ block: PartialToolUse) throws -> StreamEvent {
        guard !block.name.isEmpty else {
            throw ProviderError.badStream("\(provider) sent tool_use block \(block.id) without a name")
        }
        // A call without input is sent as "{}" so it parses as the empty object.
        let arguments = block.json.trimmingCharacters(in: .whitespaces).isEmpty ? "{}" : block.json
        return .toolCall(ToolCall(id: block.id, name: block.name, arguments: arguments))
    }

    private mutating func flushToolBlocks() throws -> [StreamEvent] {
        defer { toolBlocks = [:] }
        return try toolBlocks.keys.sorted().map { try toolCall(toolBlocks[$0]!) }
    }
}

// MARK: Wire format (only the fields we read)

private struct Event: Decodable {
    var type: String
    var index: Int?
    var message: MessageStart?
    var contentBlock: ContentBlock?
    var delta: Delta?
    var usage: Usage?
    var error: ErrorObject?

    enum CodingKeys: String, CodingKey {
        case type, index, message, delta, usage, error
        case contentBlock = "content_block"
    }
}

private struct MessageStart: Decodable {
    var usage: Usage?
}

private struct ContentBlock: Decodable {
    var type: String
    var id: String?
    var name: String?
    var text: String?
}

/// A content block delta (`type` + `text` or `partial_json`) or a message delta (`stop_reason`).
private struct Delta: Decodable {
    var type: String?
    var text: String?
    var partialJSON: String?
    var stopReason: String?

    enum CodingKeys: String, CodingKey {
        case type, text
        case partialJSON = "partial_json"
        case stopReason = "stop_reason"
    }
}

private struct Usage: Decodable {
    var inputTokens: Int?
    var outputTokens: Int?
    var cacheCreationInputTokens: Int?
    var cacheReadInputTokens: Int?

    enum CodingKeys: String, CodingKey {
        case inputTokens = "input_tokens"
        case outputTokens = "output_tokens"
        case cacheCreationInputTokens = "cache_creation_input_tokens"
        case cacheReadInputTokens = "cache_read_input_tokens"
    }
}

private struct ErrorObject: Decodable {
    var type: String?
    var message: String?
}
