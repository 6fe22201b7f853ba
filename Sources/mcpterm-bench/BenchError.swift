/// Why a benchmark could not produce its numbers; each message names the server or program.
enum BenchError: Error, CustomStringConvertible {
    case missingFile(what: String, path: String)
    case toolError(server: String, tool: String, detail: String)
    case serverFailed(server: String, reason: String)
    case serversNotReady(count: Int, detail: String)
    case spawnFailed(command: String, reason: String)
    case scriptFailed(command: String, status: Int32, output: String)
    case badScriptOutput(command: String, line: String, reason: String)

    var description: String {
        switch self {
        case .missingFile(let what, let path):
            return "\(what) not found at \(path)"
        case .toolError(let server, let tool, let detail):
            return "server \"\(server)\": tool \(tool) returned an error: \(detail)"
        case .serverFailed(let server, let reason):
            return "server \"\(server)\" failed to start: \(reason)"
        case .serversNotReady(let count, let detail):
            return "\(count) servers did not all become ready: \(detail)"
        case .spawnFailed(let command, let reason):
            return "cannot start \(command): \(reason)"
        case .scriptFailed(let command, let status, let output):
            return "\(command) exited with status \(status); its output: \(output)"
        case .badScriptOutput(let command, let line, let reason):
            return "\(command) printed a line that is not a measurement (\(reason)): \(line)"
        }
    }
}
