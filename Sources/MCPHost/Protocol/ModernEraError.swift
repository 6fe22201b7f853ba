/// Why negotiating a protocol version, or a 2026-07-28 multi-round-trip request, failed.
/// Every case names the server.
public enum ModernEraError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The server answered JSON-RPC error -32022 (unsupported protocol version) and named the
    /// versions it speaks; negotiation uses the list to retry or to give up clearly.
    case versionRejected(server: String, method: String, requested: String?, supported: [String])
    /// The server speaks only protocol versions this host does not know, none of them through
    /// the `initialize` handshake: a real incompatibility, not a reason to fall back.
    case noMutualVersion(server: String, offered: [String])
    /// The server kept answering `input_required` past the cap on rounds.
    case inputRequiredRoundsExceeded(server: String, method: String, rounds: Int)
    /// One embedded input request (elicitation, sampling, roots) was refused or failed.
    case inputRequestFailed(server: String, method: String, key: String, reason: String)
    /// An `input_required` result that cannot be acted on.
    case malformedInputRequired(server: String, method: String, detail: String)

    public var description: String {
        switch self {
        case .versionRejected(let server, let method, let requested, let supported):
            let asked = requested.map { " \($0)" } ?? ""
            return "server \"\(server)\": \"\(method)\" rejected protocol version\(asked); "
                + "the server supports \(Self.list(supported))"
        case .noMutualVersion(let server, let offered):
            return "server \"\(server)\": speaks only MCP protocol \(Self.list(offered)), which mcpterm "
                + "does not support (mcpterm speaks \(ProtocolEra.supportedSummary))"
        case .inputRequiredRoundsExceeded(let server, let method, let rounds):
            return "server \"\(server)\": \"\(method)\" still asked for more input after \(rounds) rounds; gave up"
        case .inputRequestFailed(let server, let method, let key, let reason):
            return "server \"\(server)\": \"\(method)\" needs input \"\(key)\" that could not be given: \(reason)"
        case .malformedInputRequired(let server, let method, let detail):
            return "server \"\(server)\": \"\(method)\" answered input_required that cannot be used: \(detail)"
        }
    }

    private static func list(_ versions: [String]) -> String {
        versions.isEmpty ? "no version" : versions.joined(separator: ", ")
    }
}
