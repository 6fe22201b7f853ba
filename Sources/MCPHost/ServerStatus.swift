/// Where one server is in its life.
public enum ServerState: Equatable, Sendable {
    /// `"disabled": true` in the config: never started.
    case disabled
    case connecting
    /// Initialized and its tools listed.
    case ready
    /// Could not start or lost; the text says why and names what failed.
    case failed(String)
    /// Not running: not started yet, or shut down by the host.
    case stopped

    /// A short word for status lines: "ready", "failed: …".
    public var summary: String {
        switch self {
        case .disabled: return "disabled"
        case .connecting: return "connecting"
        case .ready: return "ready"
        case .failed(let reason): return "failed: \(reason)"
        case .stopped: return "stopped"
        }
    }
}

/// A snapshot of one server for the servers pane and the status bar.
public struct ServerStatus: Equatable, Sendable {
    public var name: String
    public var kind: TransportKind
    public var state: ServerState
    /// The protocol version agreed in `initialize` or `server/discover`.
    public var protocolVersion: String?
    /// The transport in use once ready: "stdio", "http", "sse", or "sse (fallback)" when an http
    /// server turned out to be a legacy HTTP+SSE one.
    public var activeTransport: String?
    /// "name version" as the server reported it.
    public var serverInfo: String?
    public var toolCount: Int
    /// Ready since, missed pings, next reconnect.
    public var health: ServerHealth

    public init(name: String, kind: TransportKind, state: ServerState, protocolVersion: String? = nil,
                serverInfo: String? = nil, toolCount: Int = 0, health: ServerHealth = ServerHealth()) {
        self.health = health
        self.name = name
        self.kind = kind
        self.state = state
        self.protocolVersion = protocolVersion
        self.serverInfo = serverInfo
        self.toolCount = toolCount
    }

    /// "2026-07-28 · http", "2024-11-05 · sse (fallback)": what was negotiated, over what; nil
    /// until a version is agreed.
    public var protocolSummary: String? {
        guard let protocolVersion else { return nil }
        return "\(protocolVersion) · \(activeTransport ?? kind.rawValue)"
    }
}
