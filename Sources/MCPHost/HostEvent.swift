/// What the MCP host tells the app, in order, on `ServerHost.events`.
public enum HostEvent: Sendable {
    /// A server's state or details changed.
    case serverStatus(ServerStatus)
    /// The merged tool catalog changed; read it again with `ServerHost.tools()`.
    case toolsChanged
    /// Servers were added or removed (a reload); read `ServerHost.statuses()` again.
    case serversChanged
    case log(HostLogEntry)
}
