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
        switch self {
        case .spawnFailed(let server, let command, let reason):
            return "server \"\(server)\": cannot start \"\(command)\": \(reason)"
        case .processExited(let server, let status):
            return "server \"\(server)\": process ended (\(status))"
        case .closed(let server):
            return "server \"\(server)\": connection is closed"
        case .messageTooLarge(let server, let bytes):
            return "server \"\(server)\": message of more than \(bytes) bytes, connection dropped"
        case .io(let server, let reason):
            return "server \"\(server)\": I/O error: \(reason)"
        }
    }
}
