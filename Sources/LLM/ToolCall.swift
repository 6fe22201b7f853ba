/// A model's request to call one tool, assembled from the stream.
public struct ToolCall: Equatable, Sendable, Codable {
    /// The provider's id, echoed back in the tool result message.
    public var id: String
    public var name: String
    /// The arguments as JSON text, as the model sent it (not validated: models make mistakes,
    /// and the tool's error is more useful to them than ours).
    public var arguments: String

    public init(id: String, name: String, arguments: String) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }
}
