import Foundation
import HTTPStreaming

/// OpenAI-compatible `/chat/completions` with `stream: true` (OpenAI, DeepSeek, Qwen, vLLM,
/// llama.cpp, LM Studio...).
public struct OpenAICompatibleProvider: ChatProvider {
    public let name: String
    public let model: String
    /// Up to and including the version segment, e.g. `https://api.openai.com/v1`.
    public let baseURL: String
    private let post: StreamingPost

    /// `connectTimeout`: seconds to wait for the connection. `idleTimeout`: seconds without a
    /// byte from the server (before or during the reply) after
    /// which the request fails with `ProviderError.idleTimeout`.
    public init(baseURL: String, apiKey: String?, model: String, http: HTTPClient = .shared,
                extraHeaders: [(String, String)] = [], name: String = "openai-compatible",
                idleTimeout: Double = ProviderError.defaultIdleTimeout,
                connectTimeout: Double = ProviderError.defaultConnectTimeout) {
        let baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.baseURL = baseURL
        self.model = model
        self.name = name
        post = StreamingPost(
            provider: name, http: http, url: "\(baseURL)/chat/completions",
            headers: StreamingPost.keyHeader("Authorization", apiKey, prefix: "Bearer ") + extraHeaders,
            idleTimeout: idleTimeout, connectTimeout: connectTimeout, errorMessage: OpenAIErrorBody.message(in:),
            // A proxy or server that echoes the key back in an error must not put it on screen.
            secret: apiKey)
    }

    public func listModels() async throws -> [String] {
        StreamingPost.names(in: try await post.getJSON("\(baseURL)/models"), list: "data", key: "id")
    }

    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, Error> {
        post.stream(OpenAIStreamParser.self) { [model] in
            try OpenAIRequestEncoder.body(for: request, model: model)
        }
    }
}
