import MCP

/// What a `ServerConnection` reports to its `ServerHost`, through one ordered channel.
enum ConnectionUpdate: Sendable {
    case status(ServerStatus)
    /// The server's full tool list (after connect or `notifications/tools/list_changed`).
    case tools(server: String, [Tool])
    case log(HostLogEntry)
    /// Passed on to the app as it is (catalog changes, resource updates).
    case event(HostEvent)
}
