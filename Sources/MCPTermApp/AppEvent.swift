import ChatCore
import LLM
import MCP
import MCPHost
import TUI

/// Everything that can happen to the app, on one channel, handled by one loop.
public enum AppEvent: Sendable {
    case key(Key)
    case resize(width: Int, height: Int)
    /// One event of the model stream tagged `turn`.
    case stream(turn: Int, StreamEvent)
    /// The stream of `turn` ended; `error` says why when it failed.
    case streamEnded(turn: Int, error: String?)
    case toolFinished(callID: String, ToolOutcome)
    case serversChanged([ServerStatus])
    case toolsChanged([QualifiedTool])
    case hostLog(HostLogEntry)
    /// `/reload` finished.
    case configReloaded(ConfigReloadReport)
    /// SIGTERM, SIGHUP or SIGINT from outside: leave cleanly.
    case terminate(signal: Int32)
    /// Draw again (a frame deferred by the frame cap, or Ctrl-L).
    case redraw
}

/// Work `reduce` asks the runtime to do; results come back as `AppEvent`s.
public enum Effect: Equatable, Sendable {
    case streamChat(turn: Int, request: ChatRequest)
    case cancelStream(turn: Int)
    case callTool(callID: String, qualifiedName: String, arguments: [String: Value]?)
    case cancelTool(callID: String)
    case reconnect(server: String)
    case disableServer(String)
    case enableServer(String)
    /// Read servers.json again and apply it (`/reload`).
    case reloadServers
    /// Throw away everything drawn and draw the whole screen again.
    case fullRedraw
    case quit
}
