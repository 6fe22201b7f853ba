/// A transport whose server can end the session while the connection itself still works
/// (streamable HTTP: a 404 to a request carrying `Mcp-Session-Id`). When its stream ends so, the
/// connection starts a new session at once rather than after the reconnect backoff
/// (MCP 2025-11-25 basic/transports#session-management: the client "MUST start a new session").
protocol SessionExpiryReporting: Sendable {
    /// True once the server said the session no longer exists.
    var sessionExpired: Bool { get async }
}

extension StreamableHTTPTransport: SessionExpiryReporting {}

extension HTTPFallbackTransport: SessionExpiryReporting {}
