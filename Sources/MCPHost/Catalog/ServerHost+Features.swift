import MCP

/// The protocol features beyond tools, across all servers: merged catalogs of resources,
/// templates and prompts; calls routed by server name; answers to servers' requests.
extension ServerHost {
    /// Resources of every ready server, in config order then each server's order.
    public func resources() async -> [ServerResource] {
        await merged { $0.resources }
    }

    public func resourceTemplates() async -> [ServerResourceTemplate] {
        await merged { $0.templates }
    }

    public func prompts() async -> [ServerPrompt] {
        await merged { $0.prompts }
    }

    /// `resources/read` on one server. Errors name the server (`HostError`, `SessionError`).
    public func readResource(server: String, uri: String) async throws -> ReadResource.Result {
        try await connection(server).readResource(uri: uri)
    }

    /// `resources/subscribe`; later changes arrive as `HostEvent.resourceUpdated`.
    public func subscribeResource(server: String, uri: String) async throws {
        try await connection(server).subscribeResource(uri: uri)
    }

    public func getPrompt(server: String, name: String,
                          arguments: [String: String]? = nil) async throws -> GetPrompt.Result {
        try await connection(server).getPrompt(name: name, arguments: arguments)
    }

    /// Suggestions for one argument of a prompt, from what the user typed so far (`value`);
    /// `context` holds the arguments already filled in.
    public func complete(server: String, prompt: String, argument: String, value: String,
                         context: [String: String]? = nil) async throws -> Complete.Result.Completion {
        try await connection(server).complete(.prompt(.init(name: prompt)), argument: argument, value: value,
                                              context: context)
    }

    /// Suggestions for one variable of a resource template (`uriTemplate` as the server listed
    /// it), from what the user typed so far; `context` holds the variables already filled in.
    public func complete(server: String, resourceTemplate uriTemplate: String, argument: String, value: String,
                         context: [String: String]? = nil) async throws -> Complete.Result.Completion {
        try await connection(server).complete(.resource(.init(uri: uriTemplate)), argument: argument, value: value,
                                              context: context)
    }

    /// `logging/setLevel`: the least severe level the server should send as `notifications/message`.
    public func setLogLevel(server: String, level: LogLevel) async throws {
        try await connection(server).setLogLevel(level)
    }

    /// The sampling and elicitation requests that wait for the user now, oldest first.
    public func pendingRequests() async -> [PendingServerRequest] {
        await requests.waiting
    }

    /// Answers a waiting sampling or elicitation request; its server gets the result at once.
    public func respond(to id: Int, with answer: ServerRequestAnswer) async throws(ServerRequestError) {
        try await requests.respond(to: id, with: answer)
    }

    private func connection(_ server: String) throws(HostError) -> ServerConnection {
        guard let connection = connectionsByName[server] else { throw .unknownServer(server) }
        return connection
    }

    private func merged<Item>(_ items: (ServerCatalog) -> [Item]) async -> [CatalogEntry<Item>] {
        var entries: [CatalogEntry<Item>] = []
        for connection in connections {
            let catalog = await connection.catalogIfReady()
            entries += items(catalog).map { CatalogEntry(server: connection.config.name, item: $0) }
        }
        return entries
    }
}
