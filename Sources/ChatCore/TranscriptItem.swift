/// One entry of the visible transcript (the model-facing history is kept apart, in `AgentLoop.messages`).
public enum TranscriptItem: Equatable, Sendable {
    case user(String)
    /// The model's reply; grows while it streams.
    case assistant(String)
    case toolCall(ToolCallRecord)
    /// A host remark: how to configure a model, a cancelled turn.
    case notice(String)
    case error(String)
}
