/// A model API that streams a reply to a conversation.
public protocol ChatProvider: Sendable {
    /// Shown to the user and used in error messages ("openai", "deepseek", ...).
    var name: String { get }
    var model: String { get }
    /// Streams the reply. The stream throws `ProviderError`; ending the iteration (or
    /// cancelling the consuming task) cancels the underlying request.
    func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, Error>
    /// The models the provider offers (OpenAI-compatible `GET /models`, Anthropic `GET /v1/models`,
    /// Ollama `GET /api/tags`), as their names for requests. Throws `ProviderError`.
    func listModels() async throws -> [String]
}
