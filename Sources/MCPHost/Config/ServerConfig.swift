import Foundation
import MCP

/// How mcpterm reaches one MCP server.
public enum TransportKind: String, Sendable, Equatable, Codable {
    /// A local process speaking newline-delimited JSON-RPC on stdin/stdout.
    case stdio
    /// Streamable HTTP (MCP 2025-03-26 and later).
    case http
    /// Legacy HTTP+SSE (MCP 2024-11-05).
    case sse
    /// WebSocket, subprotocol `mcp`.
    case ws
}

/// The `"protocol"` key: which MCP era a server is spoken to in.
public enum ProtocolMode: String, Sendable, Equatable, CaseIterable {
    /// Probe `server/discover` at 2026-07-28 and fall back to `initialize` (as the Python SDK 2.x does).
    case auto
    /// `initialize` only (2024-11-05 … 2025-11-25): for a server that mishandles the probe.
    case handshake
    /// 2026-07-28 only: a server that does not speak it fails with a clear reason.
    case stateless
}

/// The `"sampling"` key: what happens when the server asks for a model reply
/// (`sampling/createMessage`).
public enum SamplingPolicy: String, Sendable, Equatable, CaseIterable {
    /// The request opens a box: the user approves it before it goes to the model, and approves
    /// the model's reply before it goes back (the default).
    case ask
    /// The request goes to the model without the first approval; the reply still waits for the user.
    case allow
    /// The request is refused at once; the server gets an error saying so.
    case deny
}

/// One entry of `servers.json` (`mcpServers.NAME`), after `${VAR}` expansion and validation.
public struct ServerConfig: Sendable, Equatable {
    /// The key under `mcpServers`; also the prefix of its tools (`name__tool`).
    public var name: String
    public var kind: TransportKind
    /// stdio: the program to start (looked up in PATH when it has no slash).
    public var command: String?
    public var args: [String]
    /// Extra environment for the server process, on top of what it inherits (`inheritEnv`).
    public var env: [String: String]
    /// stdio: how much of mcpterm's environment the process inherits (default: a minimal set).
    public var inheritEnv: EnvironmentInheritance = .minimal
    /// stdio: working directory of the process.
    public var cwd: String?
    /// http/sse/ws: the endpoint.
    public var url: String?
    /// http/sse/ws: extra request headers (values are secrets: never logged).
    public var headers: [String: String]
    public var disabled: Bool
    /// Set (with `disabled`) for a server of a project servers.json the user did not approve: why it
    /// is not started. `/enable` refuses it; only a new run that is approved starts it.
    public var notTrusted: String?
    /// Per-request timeout in seconds (default 60; `ConfigLimits.timeout` bounds it).
    public var timeout: Double
    /// The longest a tool call may run however much progress it reports (default 600 s).
    public var maxTimeout: Double = 600
    /// Tool calls in flight to this server at once; more wait their turn.
    public var maxConcurrentCalls = 8
    /// Which of the server's tools mcpterm takes (`"tools": {"include", "exclude"}`).
    public var tools = ToolFilter()
    /// Trace records kept for this server (its ring); nil keeps `TraceLog.defaultCapacity`.
    public var traceSize: Int?
    /// Tool names (unprefixed) that run without asking.
    public var alwaysAllow: [String]
    /// Extra roots offered to the server besides the working directory (paths or file:// URIs).
    public var roots: [String]
    /// False keeps the working directory out of the roots the server is given (default true).
    public var shareWorkingDirectory = true
    /// The least severe server log level forwarded to the log pane (`logging/setLevel`), default "info".
    public var logLevel: String
    /// Which protocol era to speak (default: probe 2026-07-28, fall back to the handshake).
    public var protocolMode: ProtocolMode = .auto
    /// What a sampling request of this server does (default: ask the user).
    public var sampling: SamplingPolicy = .ask
    /// http: whether and when mcpterm logs in with OAuth (default: when the server answers 401).
    public var auth: AuthMode = .auto
    /// http: a pre-registered OAuth client and the login's redirect port.
    public var oauth: OAuthClientSettings?
    /// http/sse/ws: a private CA, a client certificate, or no verification.
    public var tls: TLSSettings?
    /// Seconds between heartbeat pings; 0 turns the heartbeat off (default 30).
    public var heartbeat: Double
    /// Longest message accepted from the server; a longer one resets the connection (default 16 MiB).
    public var maxMessageBytes: Int
    /// The line in the config file where this server's entry starts (for messages).
    public var line: Int

    public static let defaultMaxMessageBytes = 16 * 1024 * 1024

    public init(
        name: String, kind: TransportKind = .stdio, command: String? = nil, args: [String] = [],
        env: [String: String] = [:], cwd: String? = nil, url: String? = nil,
        headers: [String: String] = [:], disabled: Bool = false, timeout: Double = 60,
        alwaysAllow: [String] = [], roots: [String] = [], logLevel: String = "info", line: Int = 0,
        heartbeat: Double = 30, maxMessageBytes: Int = ServerConfig.defaultMaxMessageBytes
    ) {
        self.name = name
        self.kind = kind
        self.command = command
        self.args = args
        self.env = env
        self.cwd = cwd
        self.url = url
        self.headers = headers
        self.disabled = disabled
        self.timeout = timeout
        self.alwaysAllow = alwaysAllow
        self.roots = roots
        self.logLevel = logLevel
        self.line = line
        self.heartbeat = heartbeat
        self.maxMessageBytes = maxMessageBytes
    }
    /// The values `"logLevel"` takes: MCP's RFC 5424 level names (2025-11-25 server/utilities/logging).
    static let logLevels = LogLevel.allCases.map(\.rawValue)
}

/// A problem found in a config file: where it is and what is wrong.
public struct ConfigProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file as the user named it (for messages), e.g. `servers.json`.
    public var file: String
    /// 1-based line, or 0 when the whole file is concerned.
    public var line: Int
    /// The server the problem disables, if any.
    public var server: String?
    public var message: String
    /// 1-based column, or 0 when not known (only JSON syntax errors have one).
    public var column: Int
    /// A warning leaves the server loaded (e.g. an unknown key); an error leaves it out.
    public var isWarning: Bool

    public init(
        file: String, line: Int, server: String?, message: String, column: Int = 0, isWarning: Bool = false
    ) {
        self.file = file
        self.line = line
        self.server = server
        self.message = message
        self.column = column
        self.isWarning = isWarning
    }

    /// `servers.json:7: server "time": "args" must be an array of strings`
    /// (`servers.json:3:14: ...` for a syntax error, which has a column).
    public var description: String {
        var s = file
        if line > 0 { s += ":\(line)" }
        if line > 0 && column > 0 { s += ":\(column)" }
        s += ": "
        if let server { s += "server \"\(server)\": " }
        return s + message
    }
}

/// A loaded config file: the servers that are valid and the problems with the rest.
public struct ServersFile: Sendable, Equatable {
    /// Where it was read from; nil when no file was found (no servers).
    public var path: String?
    /// Valid entries, in file order. Entries with problems are left out.
    public var servers: [ServerConfig]
    public var problems: [ConfigProblem]
    /// The `"llm"` section and the `"models"` profiles.
    public var models: ModelSettings
    /// The top-level `"mouse"` setting: false keeps the terminal's mouse reporting off (the
    /// terminal selects text as usual); nil when the file does not say.
    public var mouse: Bool?

    public init(path: String?, servers: [ServerConfig], problems: [ConfigProblem], models: ModelSettings = ModelSettings(),
                mouse: Bool? = nil) {
        self.path = path
        self.servers = servers
        self.problems = problems
        self.models = models
        self.mouse = mouse
    }
}

extension ServerConfig {
    /// The roots this server is given (`roots/list`), as `file://` URIs with an optional name:
    /// the working directory (its `cwd`, else mcpterm's) unless `shareWorkingDirectory` is false,
    /// then `roots` as configured.
    public func rootList(workingDirectory: String = FileManager.default.currentDirectoryPath) -> [(uri: String, name: String?)] {
        var list: [(String, String?)] = []
        if shareWorkingDirectory {
            list.append((URL(fileURLWithPath: cwd ?? workingDirectory).absoluteString, "working directory"))
        }
        for root in roots {
            list.append((root.hasPrefix("file://") ? root : URL(fileURLWithPath: root).absoluteString, nil))
        }
        return list.map { (uri: $0.0, name: $0.1) }
    }

    /// The roots as paths for people to read ("/home/ann/proj").
    public func rootPaths(workingDirectory: String = FileManager.default.currentDirectoryPath) -> [String] {
        rootList(workingDirectory: workingDirectory).map { URL(string: $0.uri)?.path ?? $0.uri }
    }
}
