import LLM
import MCP
import MCPHost

/// Work the agent loop asks its runner to do; the results come back as calls on `AgentLoop`.
public enum AgentAction: Equatable, Sendable {
    /// Stream a completion of `messages`; events come back tagged with `turn`.
    case startStream(turn: Int, messages: [ChatMessage])
    /// Stop the stream of `turn` (its late events are ignored anyway).
    case cancelStream(turn: Int)
    /// Call exactly the tool the user approved (server, tool, fingerprint), never a name looked up again.
    case runTool(callID: String, target: ToolTarget, arguments: [String: Value]?)
    /// Cancel a running tool call (the server is told with notifications/cancelled).
    case cancelTool(callID: String)
}

/// How a tool call ended, as the runner reports it.
public enum ToolOutcome: Equatable, Sendable {
    /// The server answered with this result, as it sent it (`ToolResultContent` reads it).
    case result(CallTool.Result)
    /// The call never produced a result (server gone, timeout, protocol error).
    case failure(String)

    /// A result of one text block; `isError` is the result's own flag.
    public static func result(text: String, isError: Bool) -> ToolOutcome {
        .result(CallTool.Result(content: [.text(text: text, annotations: nil, _meta: nil)], isError: isError))
    }
}
