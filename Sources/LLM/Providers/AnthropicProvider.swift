import Foundation
import HTTPStreaming

/// Anthropic's Messages API, `POST /v1/messages` with `stream: true` (server-sent events).
public struct AnthropicProvider: ChatProvider {
    public let name: String
    public let model: String
    /// The API root without the version segment, e.g. `https://api.anthropic.com`
    /// (a trailing `/v1` is accepted too).
    public let baseURL: String
    private let post: StreamingPost
    /// Sent when the request sets no `maxTokens` (the API requires a value).
    private let defaultMaxTokens: Int

    public static let defaultBaseURL = "https://api.anthropic.com"
    /// The API version this parser was written against (`anthropic-version` header).
    public static let apiVersion = "2023-06-01"

    /// `connectTimeout`: seconds to wait for the connection. `idleTimeout`: seconds without a
    /// byte from the server after which the request fails with
    /// `ProviderError.idleTimeout` (the API sends `ping` events while it works, so a working
    /// stream is never that quiet).
    public init(baseURL: String = AnthropicProvider.defaultBaseURL, apiKey: String?, model: String,
                http: HTTPClient = .shared, extraHeaders: [(String, String)] = [], defaultMaxTokens: Int = 8192,
                name: String = "anthropic", idleTimeout: Double = ProviderError.defaultIdleTimeout,
                connectTimeout: Double = ProviderError.defaultConnectTimeout) {
        let baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.baseURL = baseURL
        self.model = model
        self.defaultMaxTokens = defaultMaxTokens
        self.name = name
        post = StreamingPost(
            provider: name, http: http,
            // BASE/v1/messages, without doubling a `/v1` the base already has.
            url: baseURL.hasSuffix("/v1") ? "\(baseURL)/messages" : "\(baseURL)/v1/messages",
            headers: [("anthropic-version", Self.apiVersion)] + StreamingPost.keyHeader("x-api-key", apiKey) + extraHeaders,
            idleTimeout: idleTimeout, connectTimeout: connectTimeout, errorMessage: AnthropicErrorBody.message(in:), secret: apiKey)
    }

    /// Where the request goes: `BASE/v1/messages`.
    public var messagesURL: String { post.url }

    /// `GET /v1/models`, one page of up to 1000 (the API's largest).
    public func listModels() async throws -> [String] {
        let base = baseURL.hasSuffix("/v1") ? baseURL : "\(baseURL)/v1"
        return StreamingPost.names(in: try await post.getJSON("\(base)/models?limit=1000"), list: "data", key: "id")
    }

    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, Error> {
        post.stream(AnthropicStreamParser.self) { [model, defaultMaxTokens] in
            try AnthropicRequestEncoder.body(for: request, model: model, defaultMaxTokens: defaultMaxTokens)
        }
    }
}
