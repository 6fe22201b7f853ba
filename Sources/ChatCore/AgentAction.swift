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
    /// The server answered; `isError` is the result's own flag.
    case result(text: String, isError: Bool)
    /// The call never produced a result (server gone, timeout, protocol error).
    case failure(String)
}
