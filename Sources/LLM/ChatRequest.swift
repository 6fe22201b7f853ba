/// Everything a provider needs for one streamed reply.
public struct ChatRequest: Equatable, Sendable {
    /// Whether the model may, must or must not call one of `tools`.
    public enum ToolChoice: String, Equatable, Sendable {
        case auto, required
        /// The tools are there for the conversation's earlier calls; the model must not call one.
        case forbidden = "none"
    }

    public var model: String
    public var messages: [ChatMessage]
    public var tools: [ToolSpec]
    /// `nil` leaves the provider's default.
    public var temperature: Double?
    /// `nil` leaves the provider's default.
    public var maxTokens: Int?
    /// Texts that end the reply when the model writes them; empty leaves the provider's default.
    public var stopSequences: [String]
    /// `nil` leaves the provider's default (the model decides); ignored without `tools`.
    public var toolChoice: ToolChoice?

    public init(model: String, messages: [ChatMessage], tools: [ToolSpec] = [],
                temperature: Double? = nil, maxTokens: Int? = nil, stopSequences: [String] = [],
                toolChoice: ToolChoice? = nil) {
        self.model = model
        self.messages = messages
        self.tools = tools
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.stopSequences = stopSequences
        self.toolChoice = toolChoice
    }
}
