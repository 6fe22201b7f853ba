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

    /// Ollama sends nothing while it loads a model into memory, which takes minutes for a
    /// large model on a slow disk; a quieter stream than this is taken as a dead server.
    private static let idleTimeout: Double = 600

    /// `apiKey` is only for servers behind an authenticating proxy or ollama.com; a local server
    /// needs none.
    public init(baseURL: String = OllamaProvider.defaultBaseURL, model: String, apiKey: String? = nil,
                http: HTTPClient = .shared, extraHeaders: [(String, String)] = [], name: String = "ollama") {
        var base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        if base.hasSuffix("/api") { base = String(base.dropLast(4)) }
        self.baseURL = base
        self.model = model
        self.name = name
        post = StreamingPost(
            provider: name, http: http, url: "\(base)/api/chat",
            headers: StreamingPost.keyHeader("Authorization", apiKey, prefix: "Bearer ") + extraHeaders,
            idleTimeout: Self.idleTimeout,
            // Ollama answers errors as {"error": "model \"x\" not found, try pulling it first"}.
            errorMessage: OpenAIErrorBody.message(in:), secret: apiKey)
    }

    public var chatURL: String { post.url }

    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, Error> {
        post.stream(OllamaStreamParser.self) { [model] in
            try OllamaRequestEncoder.body(for: request, model: model)
        }
    }
}
