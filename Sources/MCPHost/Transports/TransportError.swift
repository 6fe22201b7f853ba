/// Why a transport could not start, send or keep receiving; every case names the server.
public enum TransportError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The process could not be started (missing command, bad cwd, …).
    case spawnFailed(server: String, command: String, reason: String)
    /// The process closed its stdout; `status` says how it ended ("exit status 1", "killed by signal 9").
    case processExited(server: String, status: String)
    /// Used after `disconnect()` or before `connect()`.
    case closed(server: String)
    /// One message went past the size limit; the stream ends because the framing is lost.
    case messageTooLarge(server: String, bytes: Int)
    /// A read or write failed.
    case io(server: String, reason: String)

    public var description: String {
        "server \"\(server)\": \(detail)"
    }

    /// The server this error is about.
    public var server: String {
        switch self {
        case .spawnFailed(let server, _, _), .processExited(let server, _), .closed(let server),
             .messageTooLarge(let server, _), .io(let server, _):
            return server
        }
    }

    /// The message without the server's name, for callers that name the server themselves.
    public var detail: String {
        switch self {
        case .spawnFailed(_, let command, let reason):
            return "cannot start \"\(command)\": \(reason)"
        case .processExited(_, let status):
            return "process ended (\(status))"
        case .closed:
            return "connection is closed"
        case .messageTooLarge(_, let bytes):
            return "message of more than \(bytes) bytes, connection dropped"
        case .io(_, let reason):
            return "I/O error: \(reason)"
        }
    }
}
