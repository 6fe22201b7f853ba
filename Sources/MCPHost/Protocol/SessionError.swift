import MCP

/// Why a request on an `MCPSession` did not produce a result; every case names the server.
public enum SessionError: Error, CustomStringConvertible, Sendable, Equatable {
    /// No answer within the timeout (progress notifications restart the clock).
    case timedOut(server: String, method: String, seconds: Double)
    /// The server needs the user to open these pages first (-32042, URL mode elicitation).
    case urlElicitationRequired(server: String, method: String, message: String, pages: [URLElicitation])
    /// Still running when its whole allowance (`maxTimeout`) ran out, progress or not.
    case exceededMaxTime(server: String, method: String, seconds: Double)
    /// The server ran the tool call as a task and reported it cancelled.
    case taskCancelled(server: String, tool: String, message: String?)
    /// The session ended (process exited, transport failed, or `close()`), failing pending calls.
    case closed(server: String, reason: String)
    /// The server answered with a JSON-RPC error.
    case rpc(server: String, method: String, code: Int, message: String)
    /// A message could not be understood (bad envelope, result of the wrong shape).
    case malformed(server: String, detail: String)
    /// `initialize` answered with a protocol version this host does not speak.
    case unsupportedProtocolVersion(server: String, version: String)

    public var description: String {
        switch self {
        case .timedOut(let server, let method, let seconds):
            return "server \"\(server)\": \"\(method)\" timed out after \(Self.format(seconds)) s"
        case .urlElicitationRequired(let server, let method, let message, let pages):
            let hosts = pages.map { $0.host ?? $0.url }.joined(separator: ", ")
            return "server \"\(server)\": \"\(method)\" needs you to open a page first (\(hosts)): \(message). "
                + "mcpterm shows it in a box; once you are done there, ask again"
        case .exceededMaxTime(let server, let method, let seconds):
            return "server \"\(server)\": \"\(method)\" was stopped after \(Self.format(seconds)) s (its maxTimeout), "
                + "though it was still reporting progress"
        case .taskCancelled(let server, let tool, let message):
            return "server \"\(server)\": the task running \"\(tool)\" was cancelled"
                + (message.map { ": \($0)" } ?? "")
        case .closed(let server, let reason):
            return "server \"\(server)\": connection closed: \(reason)"
        case .rpc(let server, let method, let code, let message):
            return "server \"\(server)\": \"\(method)\" failed: \(message) (JSON-RPC error \(code))"
        case .malformed(let server, let detail):
            return "server \"\(server)\": malformed message: \(detail)"
        case .unsupportedProtocolVersion(let server, let version):
            return "server \"\(server)\": answered initialize with MCP protocol version \"\(version)\", "
                + "which mcpterm does not support (mcpterm speaks \(ProtocolEra.supportedSummary))"
        }
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() && abs(seconds) < 1e15 ? String(Int64(seconds)) : String(seconds)
    }
}
