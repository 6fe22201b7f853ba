import Foundation
import HTTPStreaming

/// How a streamed reply body is cut into the payloads a provider's parser reads.
protocol StreamFraming {
    associatedtype Payload
    /// Sent as `Accept`.
    static var mediaType: String { get }
    /// Whether an `application/json` reply (even with a 2xx status) is an error instead of the
    /// stream. An event-stream parser would find no events in it; an NDJSON parser reads it as
    /// its one line, error included.
    static var jsonReplyIsAnError: Bool { get }
    init()
    mutating func payloads(in chunk: Data) -> [Payload]
    /// The payload left unterminated when the body ended, if any.
    mutating func remainingPayloads() -> [Payload]
}

/// Server-sent events; a payload is one event's `data` (OpenAI, Anthropic).
struct SSEFraming: StreamFraming {
    static let mediaType = "text/event-stream"
    static let jsonReplyIsAnError = true
    private var decoder = SSEDecoder()

    init() {}

    mutating func payloads(in chunk: Data) -> [String] {
        decoder.feed(chunk).map(\.data)
    }

    mutating func remainingPayloads() -> [String] {
        decoder.finish().map(\.data)
    }
}

/// Newline-delimited JSON; a payload is one line (Ollama).
struct NDJSONFraming: StreamFraming {
    static let mediaType = "application/x-ndjson"
    static let jsonReplyIsAnError = false
    private var decoder = NDJSONDecoder()

    init() {}

    mutating func payloads(in chunk: Data) -> [Data] {
        decoder.feed(chunk)
    }

    mutating func remainingPayloads() -> [Data] {
        decoder.finish()
    }
}
