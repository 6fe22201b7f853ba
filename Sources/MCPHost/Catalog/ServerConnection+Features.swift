import MCP

/// The protocol features beyond tools, for one server: its catalog of resources, templates and
/// prompts, reading and subscribing, prompts, completion and the server's log level.
extension ServerConnection {
    /// The server's catalog, or an empty one when it is not ready (its entries cannot be used).
    func catalogIfReady() -> ServerCatalog {
        (try? readySession()) == nil ? ServerCatalog() : catalog
    }

    /// After `initialize`: list the catalog and set the log level, as the server's capabilities
    /// allow. Failures are logged, not fatal: the server's tools still work without them.
    func prepareFeatures(_ session: MCPSession, era: ProtocolEra) async {
        let capabilities = serverCapabilities ?? Server.Capabilities()
        do {
            catalog = try await ServerCatalog.load(from: session, capabilities: capabilities, timeout: config.timeout)
        } catch {
            catalog = ServerCatalog()
            log(.warning, "could not list resources and prompts: \(error)")
        }
        // 2025-11-25 server/utilities/logging: only a server with `logging` takes setLevel
        // (the stateless era has no setLevel: the level goes in each request's _meta instead).
        if era == .handshake, capabilities.logging != nil {
            let level = LogLevel(rawValue: config.logLevel) ?? .info
            do {
                _ = try await session.request(SetLoggingLevel.self, .init(level: level), timeout: config.timeout)
            } catch {
                log(.warning, "could not set the log level to \(level.rawValue): \(error)")
            }
        }
    }

    /// Lists the catalog again (after `notifications/resources/list_changed` or
    /// `notifications/prompts/list_changed`) and announces it when it changed.
    func refreshCatalog(generation: Int) async {
        guard generation == self.generation, let session = try? readySession() else { return }
        do {
            let next = try await ServerCatalog.load(
                from: session, capabilities: serverCapabilities ?? Server.Capabilities(), timeout: config.timeout)
            guard generation == self.generation, next != catalog else { return }
            catalog = next
            updates.yield(.event(.catalogChanged(server: config.name)))
        } catch {
            log(.warning, "could not refresh resources and prompts: \(error)")
        }
    }

    /// Routes the notifications about resources and prompts (called from the session's
    /// `onNotification`, so it must not wait).
    nonisolated static func routeFeatureNotification(
        _ method: String, _ params: Value?, server: String,
        updates: AsyncStream<ConnectionUpdate>.Continuation, refreshCatalog: () -> Void
    ) {
        switch method {
        case ResourceListChangedNotification.name, PromptListChangedNotification.name:
            refreshCatalog()
        case ResourceUpdatedNotification.name:
            guard let uri = params?.objectValue?["uri"]?.stringValue else { return }
            updates.yield(.event(.resourceUpdated(server: server, uri: uri)))
        default:
            break
        }
    }

    func readResource(uri: String) async throws -> ReadResource.Result {
        try await readySession().request(ReadResource.self, .init(uri: uri), timeout: config.timeout)
    }

    /// `resources/subscribe`: the server then sends `notifications/resources/updated` for `uri`.
    func subscribeResource(uri: String) async throws {
        // 2026-07-28: the URI joins the subscriptions/listen filter instead.
        if try await readySession().listenForResourceUpdates(uri) { return }
        _ = try await readySession().requestRaw(
            method: ResourceSubscribe.name, params: .object(["uri": .string(uri)]), timeout: config.timeout)
    }

    func getPrompt(name: String, arguments: [String: String]?) async throws -> GetPrompt.Result {
        try await readySession().request(GetPrompt.self, .init(name: name, arguments: arguments),
                                         timeout: config.timeout)
    }

    /// `completion/complete` for one argument of a prompt (2025-11-25 server/utilities/completion).
    func complete(prompt: String, argument: String, value: String,
                  context: [String: String]?) async throws -> Complete.Result.Completion {
        let parameters = Complete.Parameters(
            ref: .prompt(.init(name: prompt)), argument: .init(name: argument, value: value),
            context: context.map { .init(arguments: $0) })
        return try await readySession().request(Complete.self, parameters, timeout: config.timeout).completion
    }

    func setLogLevel(_ level: LogLevel) async throws {
        let session = try readySession()
        if await session.isStateless {
            await session.setRequestLogLevel(level.rawValue)
            return
        }
        _ = try await session.request(SetLoggingLevel.self, .init(level: level), timeout: config.timeout)
    }
}
