/// Everything a provider needs for one streamed reply.
public struct ChatRequest: Equatable, Sendable {
    public var model: String
    public var messages: [ChatMessage]
    public var tools: [ToolSpec]
    /// `nil` leaves the provider's default.
    public var temperature: Double?
    /// `nil` leaves the provider's default.
    public var maxTokens: Int?

    public init(model: String, messages: [ChatMessage], tools: [ToolSpec] = [],
                temperature: Double? = nil, maxTokens: Int? = nil) {
        self.model = model
        self.messages = messages
        self.tools = tools
        self.temperature = temperature
        self.maxTokens = maxTokens
    }
}
