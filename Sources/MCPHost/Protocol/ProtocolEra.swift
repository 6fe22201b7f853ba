/// The two ways an MCP client and server agree on a protocol version: the `initialize` handshake
/// (2024-11-05 … 2025-11-25) or the stateless per-request envelope opened by `server/discover`
/// (2026-07-28), and which revisions belong to each.
public enum ProtocolEra: String, Sendable, Equatable {
    /// `initialize` + `notifications/initialized`; the version holds for the whole connection.
    case handshake
    /// No handshake: every request carries its version, client info and capabilities in `_meta`.
    case stateless

    /// Revisions reachable through `initialize`, oldest first.
    public static let handshakeVersions = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"]
    /// Revisions that use the per-request envelope, oldest first.
    public static let statelessVersions = ["2026-07-28"]
    /// What `server/discover` proposes first.
    public static let latestStatelessVersion = statelessVersions[statelessVersions.count - 1]

    /// The era a version belongs to, or nil for a revision this host does not know.
    public init?(version: String) {
        if Self.handshakeVersions.contains(version) {
            self = .handshake
        } else if Self.statelessVersions.contains(version) {
            self = .stateless
        } else {
            return nil
        }
    }

    /// "2024-11-05, … (initialize); 2026-07-28 (server/discover)", for error messages.
    public static var supportedSummary: String {
        handshakeVersions.joined(separator: ", ") + " (initialize); "
            + statelessVersions.joined(separator: ", ") + " (server/discover)"
    }
}
