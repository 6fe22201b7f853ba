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
    /// The server wants an OAuth login (`/login NAME`); the text says why. Not retried by
    /// itself: only a login (or `/reconnect`) tries again.
    case needsLogin(String)

    /// A short word for status lines: "ready", "failed: …".
    public var summary: String {
        switch self {
        case .disabled: return "disabled"
        case .connecting: return "connecting"
        case .ready: return "ready"
        case .failed(let reason): return "failed: \(reason)"
        case .stopped: return "stopped"
        case .needsLogin(let reason): return "needs login: \(reason)"
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
    /// The transport in use once ready.
    public var activeTransport: ActiveTransport?
    /// "name version" as the server reported it.
    public var serverInfo: String?
    /// What the server said about how to use it (`instructions` of `initialize` or
    /// `server/discover`), cut at `instructionsLimit` bytes; the model gets it in its system prompt.
    public var instructions: String?

    /// The directories the server is given as roots (`roots/list`), as paths.
    public var roots: [String] = []
    /// Why a disabled server may not start: a project servers.json the user has not trusted.
    public var notTrusted: String?
    /// A login in progress: the URL the user opens (and may copy).
    public var loginURL: String?
    /// `"tls": {"insecure": true}`: the server's certificate is not checked. Shown loudly.
    public var insecureTLS = false

    /// Instructions longer than this are cut: they go into every request to the model.
    public static let instructionsLimit = 8 * 1024
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

    /// A configured server before it has reported: disabled, or `active` (stopped, or
    /// connecting once started), with its roots and why it may not start.
    public static func configured(_ config: ServerConfig, active: ServerState = .stopped) -> ServerStatus {
        var status = ServerStatus(name: config.name, kind: config.kind, state: config.disabled ? .disabled : active)
        status.roots = config.rootPaths()
        status.notTrusted = config.notTrusted
        status.insecureTLS = config.kind != .stdio && config.tls?.insecure == true
        return status
    }

    /// "2026-07-28 · http", "2024-11-05 · sse (fallback)": what was negotiated, over what; nil
    /// until a version is agreed.
    public var protocolSummary: String? {
        guard let protocolVersion else { return nil }
        return "\(protocolVersion) · \(activeTransport?.description ?? kind.rawValue)"
    }
}

/// What a ready server is reached over: its entry's transport, or legacy HTTP+SSE when an
/// `http` entry turned out to be an older server (the fallback the spec describes).
public enum ActiveTransport: Equatable, Sendable, CustomStringConvertible {
    case configured(TransportKind)
    case sseFallback

    /// "stdio", "http", "sse", "ws", or "sse (fallback)".
    public var description: String {
        switch self {
        case .configured(let kind): return kind.rawValue
        case .sseFallback: return "sse (fallback)"
        }
    }
}
