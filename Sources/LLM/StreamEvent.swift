/// One piece of a streamed reply, in the order the provider sent it.
public enum StreamEvent: Equatable, Sendable {
    /// A fragment of the assistant's visible text.
    case text(String)
    /// A complete tool call (fragments are assembled before it is emitted).
    case toolCall(ToolCall)
    /// Why the model stopped (`stop`, `tool_calls`, `length`, ...), as the provider names it.
    case finish(reason: String)
    /// Token counts for the whole request.
    case usage(prompt: Int, completion: Int)
}
