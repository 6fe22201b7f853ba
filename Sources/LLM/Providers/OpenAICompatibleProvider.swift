import Foundation
import HTTPStreaming

/// OpenAI-compatible `/chat/completions` with `stream: true` (OpenAI, DeepSeek, Qwen, vLLM,
/// llama.cpp, LM Studio...).
public struct OpenAICompatibleProvider: ChatProvider {
    public let name: String
    public let model: String
    /// Up to and including the version segment, e.g. `https://api.openai.com/v1`.
    public let baseURL: String
    private let apiKey: String?
    private let http: HTTPClient
    private let extraHeaders: [(String, String)]

    /// Reasoning models can think for minutes before their first token; a quieter stream than
    /// this is taken as a dead connection.
    private static let idleTimeout: Double = 300

    public init(baseURL: String, apiKey: String?, model: String, http: HTTPClient = .shared,
                extraHeaders: [(String, String)] = [], name: String = "openai-compatible") {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiKey = apiKey
        self.model = model
        self.http = http
        self.extraHeaders = extraHeaders
        self.name = name
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
            url: "\(baseURL)/chat/completions", method: "POST",
            headers: [("Content-Type", "application/json"), ("Accept", "text/event-stream")],
            body: try OpenAIRequestEncoder.body(for: request, model: model))
        if let apiKey, !apiKey.isEmpty {
            httpRequest.headers.append(("Authorization", "Bearer \(apiKey)"))
        }
        httpRequest.headers += extraHeaders
        httpRequest.idleTimeout = Self.idleTimeout

        let (head, body) = try await http.stream(httpRequest)
        if head.headers["content-type"]?.hasPrefix("application/json") == true {
            // Not a stream: some servers answer errors this way with a 2xx status.
            var data = Data()
            for try await chunk in body { data.append(chunk) }
            let message = OpenAIErrorBody.message(in: data)
                ?? "expected an event stream, got JSON: \(String(decoding: data.prefix(300), as: UTF8.self))"
            throw ProviderError.api(status: head.status, message: message, provider: name)
        }

        var decoder = SSEDecoder()
        var parser = OpenAIStreamParser(provider: name)
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
        case let error as ProviderError:
            return error
        case HTTPError.status(let status, let body, let url):
            let trimmed = body.trimmingCharacters(in: .whitespacesAndNewlines)
            let message = OpenAIErrorBody.message(in: Data(body.utf8))
                ?? (trimmed.isEmpty ? "HTTP \(status) from \(url)" : String(trimmed.prefix(500)))
            return ProviderError.api(status: status, message: message, provider: name)
        case let error as HTTPError:
            return ProviderError.http(error)
        default:
            return error
        }
    }
}
