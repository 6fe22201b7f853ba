import Foundation
import HTTPStreaming

/// A local (or remote) Ollama server's native `POST /api/chat` with `stream: true`
/// (newline-delimited JSON).
public struct OllamaProvider: ChatProvider {
    public let name: String
    public let model: String
    /// The server root, e.g. `http://127.0.0.1:11434` (a trailing `/api` is accepted too).
    public let baseURL: String
    /// Only for servers behind an authenticating proxy or ollama.com; a local server needs none.
    private let apiKey: String?
    private let http: HTTPClient
    private let extraHeaders: [(String, String)]

    public static let defaultBaseURL = "http://127.0.0.1:11434"

    /// Ollama sends nothing while it loads a model into memory, which takes minutes for a
    /// large model on a slow disk; a quieter stream than this is taken as a dead server.
    private static let idleTimeout: Double = 600

    public init(baseURL: String = OllamaProvider.defaultBaseURL, model: String, apiKey: String? = nil,
                http: HTTPClient = .shared, extraHeaders: [(String, String)] = [], name: String = "ollama") {
        var base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        if base.hasSuffix("/api") { base = String(base.dropLast(4)) }
        self.baseURL = base
        self.model = model
        self.apiKey = apiKey
        self.http = http
        self.extraHeaders = extraHeaders
        self.name = name
    }

    public var chatURL: String { "\(baseURL)/api/chat" }

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
            url: chatURL, method: "POST",
            headers: [("Content-Type", "application/json"), ("Accept", "application/x-ndjson")],
            body: try OllamaRequestEncoder.body(for: request, model: model))
        if let apiKey, !apiKey.isEmpty {
            httpRequest.headers.append(("Authorization", "Bearer \(apiKey)"))
        }
        httpRequest.headers += extraHeaders
        httpRequest.idleTimeout = Self.idleTimeout

        let (_, body) = try await http.stream(httpRequest)
        var decoder = NDJSONDecoder()
        var parser = OllamaStreamParser(provider: name)
        for try await chunk in body {
            for line in decoder.feed(chunk) {
                try parser.consume(line).forEach(emit)
                if parser.isDone { return }
            }
        }
        // A body cut short by cancellation must not be reported as a malformed stream.
        try Task.checkCancellation()
        for line in decoder.finish() {
            try parser.consume(line).forEach(emit)
            if parser.isDone { return }
        }
        try parser.finish()
    }

    private func providerError(for error: Error) -> Error {
        switch error {
        case ProviderError.api(let status, let message, let provider):
            return ProviderError.api(status: status, message: redacted(message), provider: provider)
        case let error as ProviderError:
            return error
        case HTTPError.status(let status, let body, let url):
            // Ollama answers errors as {"error": "model \"x\" not found, try pulling it first"}.
            let trimmed = body.trimmingCharacters(in: .whitespacesAndNewlines)
            let message = OpenAIErrorBody.message(in: Data(body.utf8))
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
