import Foundation
import HTTPStreaming

/// Anthropic's Messages API, `POST /v1/messages` with `stream: true` (server-sent events).
public struct AnthropicProvider: ChatProvider {
    public let name: String
    public let model: String
    /// The API root without the version segment, e.g. `https://api.anthropic.com`
    /// (a trailing `/v1` is accepted too).
    public let baseURL: String
    private let apiKey: String?
    private let http: HTTPClient
    private let extraHeaders: [(String, String)]
    /// Sent when the request sets no `maxTokens` (the API requires a value).
    private let defaultMaxTokens: Int

    public static let defaultBaseURL = "https://api.anthropic.com"
    /// The API version this parser was written against (`anthropic-version` header).
    public static let apiVersion = "2023-06-01"

    /// Extended thinking can keep a stream quiet for minutes; a quieter stream than this is
    /// taken as a dead connection (the API sends `ping` events while it works).
    private static let idleTimeout: Double = 300

    public init(baseURL: String = AnthropicProvider.defaultBaseURL, apiKey: String?, model: String,
                http: HTTPClient = .shared, extraHeaders: [(String, String)] = [], defaultMaxTokens: Int = 8192,
                name: String = "anthropic") {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiKey = apiKey
        self.model = model
        self.http = http
        self.extraHeaders = extraHeaders
        self.defaultMaxTokens = defaultMaxTokens
        self.name = name
    }

    /// Where the request goes: `BASE/v1/messages`, without doubling a `/v1` the base already has.
    public var messagesURL: String {
        baseURL.hasSuffix("/v1") ? "\(baseURL)/messages" : "\(baseURL)/v1/messages"
    }

    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, Error> {
        let (events, continuation) = AsyncThrowingStream<StreamEvent, Error>.makeStream()
        let task = Task {
            do {
                try await run(request) { continuation.yield($0) }
                continuation.finish()
            } catch {
                continuation.finish(throwing: providerError(for: error))
            }
        }
        // The consumer stopped reading or was cancelled: stop the HTTP request too.
        continuation.onTermination = { _ in task.cancel() }
        return events
    }

    private func run(_ request: ChatRequest, emit: (StreamEvent) -> Void) async throws {
        var httpRequest = HTTPRequest(
            url: messagesURL, method: "POST",
            headers: [("Content-Type", "application/json"), ("Accept", "text/event-stream"),
                      ("anthropic-version", Self.apiVersion)],
            body: try AnthropicRequestEncoder.body(for: request, model: model, defaultMaxTokens: defaultMaxTokens))
        if let apiKey, !apiKey.isEmpty {
            httpRequest.headers.append(("x-api-key", apiKey))
        }
        httpRequest.headers += extraHeaders
        httpRequest.idleTimeout = Self.idleTimeout

        let (head, body) = try await http.stream(httpRequest)
        if head.headers["content-type"]?.hasPrefix("application/json") == true {
            // Not a stream: a proxy may answer errors this way with a 2xx status.
            var data = Data()
            for try await chunk in body { data.append(chunk) }
            let message = AnthropicErrorBody.message(in: data)
                ?? "expected an event stream, got JSON: \(String(decoding: data.prefix(300), as: UTF8.self))"
            throw ProviderError.api(status: head.status, message: message, provider: name)
        }

        var decoder = SSEDecoder()
        var parser = AnthropicStreamParser(provider: name)
        for try await chunk in body {
            for event in decoder.feed(chunk) {
                try parser.consume(event.data).forEach(emit)
                if parser.isDone { return }
            }
        }
        // A body cut short by cancellation must not be reported as a malformed stream.
        try Task.checkCancellation()
        for event in decoder.finish() {
            try parser.consume(event.data).forEach(emit)
            if parser.isDone { return }
        }
        try parser.finish().forEach(emit)
    }

    private func providerError(for error: Error) -> Error {
        switch error {
        case ProviderError.api(let status, let message, let provider):
            return ProviderError.api(status: status, message: redacted(message), provider: provider)
        case let error as ProviderError:
            return error
        case HTTPError.status(let status, let body, let url):
            let trimmed = body.trimmingCharacters(in: .whitespacesAndNewlines)
            let message = AnthropicErrorBody.message(in: Data(body.utf8))
                ?? (trimmed.isEmpty ? "HTTP \(status) from \(url)" : String(trimmed.prefix(500)))
            return ProviderError.api(status: status, message: redacted(message), provider: name)
        case let error as HTTPError:
            return ProviderError.http(error)
        default:
            return error
        }
    }

    /// Error text comes from the server (or a proxy), which may echo the key it rejected.
    private func redacted(_ message: String) -> String {
        guard let apiKey, apiKey.count >= 4 else { return message }
        return message.replacingOccurrences(of: apiKey, with: "[API key]")
    }
}
