/// Why `ServerHost` could not route a call; each case names what was asked for.
public enum HostError: Error, CustomStringConvertible, Sendable, Equatable {
    /// No ready server offers a tool by this qualified name.
    case unknownTool(qualifiedName: String)
    case unknownServer(String)
    /// The server exists but cannot take calls in its current state.
    case serverNotReady(server: String, state: String)
    /// The config names a transport this build cannot speak yet.
    case unsupportedTransport(server: String, kind: TransportKind)
    /// `"protocol": "stateless"` but the server agreed only to a handshake-era version.
    case statelessRequired(server: String, agreed: String)
    /// The approved tool is no longer offered by its server (gone, or the server is not ready).
    case toolGone(ToolKey)
    /// The server now describes the approved tool differently from what the user approved.
    case toolChanged(ToolKey, changes: [String])
    /// The server comes from a project servers.json the user did not approve.
    case notTrusted(server: String, reason: String)

    public var description: String {
        switch self {
        case .unknownTool(let name):
            return "unknown tool \"\(name)\": no ready server offers it"
        case .unknownServer(let name):
            return "unknown server \"\(name)\""
        case .serverNotReady(let server, let state):
            return "server \"\(server)\" is not ready (\(state))"
        case .unsupportedTransport(let server, let kind):
            return "server \"\(server)\": transport \"\(kind.rawValue)\" is not supported yet"
        case .statelessRequired(let server, let agreed):
            return "server \"\(server)\": \"protocol\": \"stateless\" asks for 2026-07-28, but the server speaks only \(agreed)"
        case .toolGone(let key):
            return "tool \(key) is no longer offered; the approved call was not made"
        case .notTrusted(let server, let reason):
            return "server \"\(server)\" was not started: \(reason)"
        case .toolChanged(let key, let changes):
            return "tool \(key) changed its \(changes.joined(separator: ", ")) after it was approved; the call was not made"
        }
    }
}
