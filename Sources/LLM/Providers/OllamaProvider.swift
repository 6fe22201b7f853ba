import Foundation
import HTTPStreaming

/// A local (or remote) Ollama server's native `POST /api/chat` with `stream: true`
/// (newline-delimited JSON).
public struct OllamaProvider: ChatProvider {
    public let name: String
    public let model: String
    /// The server root, e.g. `http://127.0.0.1:11434` (a trailing `/api` is accepted too).
    public let baseURL: String
    private let post: StreamingPost

    public static let defaultBaseURL = "http://127.0.0.1:11434"

    /// `apiKey` is only for servers behind an authenticating proxy or ollama.com; a local server
    /// needs none. `idleTimeout`: seconds without a byte after which the request fails with
    /// `ProviderError.idleTimeout`; Ollama sends nothing while it loads a model into memory,
    /// which can take minutes for a large model on a slow disk (raise it for such a model).
    public init(baseURL: String = OllamaProvider.defaultBaseURL, model: String, apiKey: String? = nil,
                http: HTTPClient = .shared, extraHeaders: [(String, String)] = [], name: String = "ollama",
                idleTimeout: Double = ProviderError.defaultIdleTimeout,
                connectTimeout: Double = ProviderError.defaultConnectTimeout) {
        var base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        if base.hasSuffix("/api") { base = String(base.dropLast(4)) }
        self.baseURL = base
        self.model = model
        self.name = name
        post = StreamingPost(
            provider: name, http: http, url: "\(base)/api/chat",
            headers: StreamingPost.keyHeader("Authorization", apiKey, prefix: "Bearer ") + extraHeaders,
            idleTimeout: idleTimeout, connectTimeout: connectTimeout,
            // Ollama answers errors as {"error": "model \"x\" not found, try pulling it first"}.
            errorMessage: OpenAIErrorBody.message(in:), secret: apiKey)
    }

    public var chatURL: String { post.url }

    /// `GET /api/tags`: the models pulled into this Ollama.
    public func listModels() async throws -> [String] {
        try await listModels(timeout: 10)
    }

    /// The same, giving up after `timeout` seconds (looking for a local Ollama must be quick).
    public func listModels(timeout: Double) async throws -> [String] {
        StreamingPost.names(in: try await post.getJSON("\(baseURL)/api/tags", timeout: timeout), list: "models", key: "name")
    }

    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, Error> {
        post.stream(OllamaStreamParser.self) { [model] in
            try OllamaRequestEncoder.body(for: request, model: model)
        }
    }
}
