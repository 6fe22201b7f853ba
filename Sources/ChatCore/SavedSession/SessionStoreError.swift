/// Why a session could not be saved, found or read; each message names the file or the
/// reference involved.
public enum SessionStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Neither XDG_STATE_HOME nor HOME is set.
    case noStateDirectory
    case cannotCreateDirectory(path: String, reason: String)
    case cannotOpen(path: String, reason: String)
    case cannotWrite(path: String, reason: String)
    case cannotRead(path: String, reason: String)
    /// `--resume REF` matched no session.
    case notFound(reference: String, directory: String)
    /// `--resume REF` matched more than one session id.
    case ambiguous(reference: String, matches: [String])
    /// `--resume` without an id, and no session was started in this directory.
    case noSessionHere(cwd: String, directory: String)
    /// The file has no session header line.
    case notASession(path: String)

    public var description: String {
        switch self {
        case .noStateDirectory:
            return "sessions: neither XDG_STATE_HOME nor HOME is set, so there is no place to keep sessions"
        case .cannotCreateDirectory(let path, let reason):
            return "sessions: cannot create \(path): \(reason)"
        case .cannotOpen(let path, let reason):
            return "sessions: cannot open \(path): \(reason)"
        case .cannotWrite(let path, let reason):
            return "sessions: cannot write \(path): \(reason); the rest of this session is not saved"
        case .cannotRead(let path, let reason):
            return "sessions: cannot read \(path): \(reason)"
        case .notFound(let reference, let directory):
            return "--resume \(reference): no such session in \(directory) (list them with mcpterm --sessions)"
        case .ambiguous(let reference, let matches):
            return "--resume \(reference): more than one session matches: \(matches.joined(separator: ", "))"
        case .noSessionHere(let cwd, let directory):
            return "--resume: no session was started in \(cwd) (sessions live in \(directory); list them with mcpterm --sessions)"
        case .notASession(let path):
            return "--resume: \(path) has no session header line: not an mcpterm session file"
        }
    }
}
