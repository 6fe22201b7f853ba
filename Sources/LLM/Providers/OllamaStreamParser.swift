import Foundation

/// Turns the NDJSON lines of an Ollama `/api/chat` stream into `StreamEvent`s. Each line is a
/// chunk: `message.content` is text; `message.tool_calls` holds complete calls (arguments as
/// objects, re-encoded here as JSON text), emitted at once; `message.thinking` is not part of
/// the answer and is ignored. The last chunk has `done: true`, the stop reason and the counts.
struct OllamaStreamParser: StreamPayloadParser {
    typealias Framing = NDJSONFraming
    let provider: String
    private var callCount = 0
    /// The chunk with `done: true` arrived; nothing after it matters.
    private(set) var isDone = false

    init(provider: String) {
        self.provider = provider
    }

    mutating func consume(_ line: Data) throws -> [StreamEvent] {
        guard let chunk = try? JSONSerialization.jsonObject(with: line) as? [String: Any] else {
            throw ProviderError.badStream("\(provider) sent a line that is not a JSON object: \(String(decoding: line.prefix(200), as: UTF8.self))")
        }
        if let error = chunk["error"] {
            let message = (error as? String) ?? OpenAIErrorBody.message(in: chunk) ?? "\(error)"
            throw ProviderError.api(status: 200, message: message, provider: provider)
        }
        var events: [StreamEvent] = []
        let message = chunk["message"] as? [String: Any]
        if let content = message?["content"] as? String, !content.isEmpty {
            events.append(.text(content))
        }
        for call in message?["tool_calls"] as? [Any] ?? [] {
            events.append(try toolCall(call))
        }
        if chunk["done"] as? Bool == true {
            isDone = true
            let reason = chunk["done_reason"] as? String ?? "stop"
            // Ollama says "stop" after tool calls; the other providers say "tool_calls".
            events.append(.finish(reason: reason == "stop" && callCount > 0 ? "tool_calls" : reason))
            let prompt = chunk["prompt_eval_count"] as? Int
            let completion = chunk["eval_count"] as? Int
            if prompt != nil || completion != nil {
                events.append(.usage(prompt: prompt ?? 0, completion: completion ?? 0))
            }
        }
        return events
    }

    /// The body ended. A stream cut off before `done: true` is an error: the reply would
    /// otherwise look complete when it is not. Nothing is held back: each line's events were
    /// emitted as it arrived.
    func finish() throws -> [StreamEvent] {
        guard isDone else {
            throw ProviderError.badStream("\(provider) ended the stream before a chunk with \"done\": true")
        }
        return []
    }

    private mutating func toolCall(_ value: Any) throws -> StreamEvent {
        let function = (value as? [String: Any])?["function"] as? [String: Any]
        guard let name = function?["name"] as? String, !name.isEmpty else {
            throw ProviderError.badStream("\(provider) sent a tool call without a function name")
        }
        // Older Ollama versions send no id; ours only need to be unique within one reply.
        let id = ((value as? [String: Any])?["id"] as? String).flatMap { $0.isEmpty ? nil : $0 } ?? "call_\(callCount)"
        callCount += 1
        let arguments: String
        switch function?["arguments"] {
        case let text as String:
            arguments = text.isEmpty ? "{}" : text
        case let object? where JSONSerialization.isValidJSONObject(object):
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
            arguments = String(decoding: data, as: UTF8.self)
        default:
            arguments = "{}"
        }
        return .toolCall(ToolCall(id: id, name: name, arguments: arguments))
    }
}
