import Foundation

/// Turns the `data:` payloads of an OpenAI-compatible chat completion stream into
/// `StreamEvent`s. Text is emitted as it comes; tool call fragments are assembled by their
/// `index` and emitted, complete and in index order, at the finish reason or the end.
/// `delta.reasoning_content` (DeepSeek's thinking) is deliberately not decoded: it is not
/// part of the answer.
struct OpenAIStreamParser: StreamPayloadParser {
    typealias Framing = SSEFraming
    let provider: String
    private var partialCalls: [Int: PartialCall] = [:]
    private var lastCallIndex: Int?
    private var sawFinish = false
    /// `[DONE]` arrived; nothing after it matters.
    private(set) var isDone = false

    private struct PartialCall {
        var id = ""
        var name = ""
        var arguments = ""
    }

    init(provider: String) {
        self.provider = provider
    }

    mutating func consume(_ payload: String) throws -> [StreamEvent] {
        if payload.trimmingCharacters(in: .whitespaces) == "[DONE]" {
            isDone = true
            return try flushToolCalls()
        }
        let data = Data(payload.utf8)
        let chunk: Chunk
        do {
            chunk = try JSONDecoder().decode(Chunk.self, from: data)
        } catch {
            throw ProviderError.badStream("\(provider) sent a chunk that is not a chat completion chunk: \(payload.prefix(200))")
        }
        if chunk.error != nil {
            let message = OpenAIErrorBody.message(in: data) ?? payload
            throw ProviderError.api(status: 200, message: message, provider: provider)
        }
        var events: [StreamEvent] = []
        // Only the first choice: we never ask for n > 1.
        for choice in chunk.choices ?? [] where (choice.index ?? 0) == 0 {
            if let content = choice.delta?.content, !content.isEmpty {
                events.append(.text(content))
            }
            for fragment in choice.delta?.toolCalls ?? [] {
                assemble(fragment)
            }
            if let reason = choice.finishReason {
                events += try flushToolCalls()
                events.append(.finish(reason: reason))
                sawFinish = true
            }
        }
        if let usage = chunk.usage {
            events.append(.usage(prompt: usage.promptTokens ?? 0, completion: usage.completionTokens ?? 0))
        }
        return events
    }

    /// The body ended. A stream cut off before any finish reason or `[DONE]` is an error:
    /// the reply would otherwise look complete when it is not.
    mutating func finish() throws -> [StreamEvent] {
        guard isDone || sawFinish else {
            throw ProviderError.badStream("\(provider) ended the stream before a finish reason or [DONE]")
        }
        return try flushToolCalls()
    }

    private mutating func assemble(_ fragment: ToolCallFragment) {
        let index: Int
        if let given = fragment.index {
            index = given
        } else if fragment.id != nil || lastCallIndex == nil {
            // Some servers omit index: a fragment with an id starts a new call.
            index = (partialCalls.keys.max() ?? -1) + 1
        } else {
            index = lastCallIndex ?? 0
        }
        var call = partialCalls[index] ?? PartialCall()
        if let id = fragment.id, !id.isEmpty, call.id.isEmpty { call.id = id }
        if let name = fragment.function?.name, !name.isEmpty {
            // OpenAI sends the name whole in the first fragment; some servers repeat it.
            if call.name.isEmpty { call.name = name } else if call.name != name { call.name += name }
        }
        call.arguments += fragment.function?.arguments ?? ""
        partialCalls[index] = call
        lastCallIndex = index
    }

    private mutating func flushToolCalls() throws -> [StreamEvent] {
        defer {
            partialCalls = [:]
            lastCallIndex = nil
        }
        return try partialCalls.keys.sorted().map { index in
            let call = partialCalls[index]!
            guard !call.name.isEmpty else {
                throw ProviderError.badStream("\(provider) sent tool call \(index) without a function name")
            }
            // A call without arguments is sent as "{}" so it parses as the empty object.
            return .toolCall(ToolCall(id: call.id.isEmpty ? "call_\(index)" : call.id, name: call.name,
                                      arguments: call.arguments.isEmpty ? "{}" : call.arguments))
        }
    }
}

// MARK: Wire format (only the fields we read)

private struct Chunk: Decodable {
    var choices: [Choice]?
    var usage: Usage?
    var error: ErrorMarker?
}

private struct Choice: Decodable {
    var index: Int?
    var delta: Delta?
    var finishReason: String?

    enum CodingKeys: String, CodingKey {
        case index, delta
        case finishReason = "finish_reason"
    }
}

private struct Delta: Decodable {
    var content: String?
    var toolCalls: [ToolCallFragment]?

    enum CodingKeys: String, CodingKey {
        case content
        case toolCalls = "tool_calls"
    }
}

private struct ToolCallFragment: Decodable {
    var index: Int?
    var id: String?
    var function: FunctionFragment?
}

private struct FunctionFragment: Decodable {
    var name: String?
    var arguments: String?
}

private struct Usage: Decodable {
    var promptTokens: Int?
    var completionTokens: Int?

    enum CodingKeys: String, CodingKey {
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
    }
}

/// Present when the chunk carries an error, whatever its shape (object or string).
private struct ErrorMarker: Decodable {
    init(from decoder: Decoder) throws {}
}
