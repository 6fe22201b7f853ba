/// What the MCP host tells the app, in order, on `ServerHost.events`.
public enum HostEvent: Sendable {
    /// A server's state or details changed.
    case serverStatus(ServerStatus)
    /// The merged tool catalog changed; read it again with `ServerHost.tools()`.
    case toolsChanged
    /// Servers were added or removed (a reload); read `ServerHost.statuses()` again.
    case serversChanged
    case log(HostLogEntry)
    /// A server's resources, resource templates or prompts changed; read them again with
    /// `ServerHost.resources()`, `resourceTemplates()`, `prompts()`.
    case catalogChanged(server: String)
    /// A subscribed resource changed (`notifications/resources/updated`); read it again.
    case resourceUpdated(server: String, uri: String)
    /// A server asks for sampling or elicitation and waits; answer with `ServerHost.respond(to:with:)`.
    case serverRequest(PendingServerRequest)
    /// That request no longer waits: it was answered, or its server cancelled it or went away.
    case serverRequestEnded(id: Int)
    /// A login started (`ServerHost.login`): the authorization URL to open in a browser (or copy).
    case loginStarted(server: String, url: String)
    /// The login ended: `error` says why it failed; nil when the server got its tokens (it
    /// connects again by itself).
    case loginFinished(server: String, error: String?)
    /// `notifications/elicitation/complete`: the out-of-band step of a URL elicitation is done.
    case elicitationComplete(server: String, elicitationID: String)
}
