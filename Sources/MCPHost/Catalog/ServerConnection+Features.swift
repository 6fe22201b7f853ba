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

    /// Lists resources and templates, or prompts, again (after their `list_changed`; the
    /// `ListRefreshGate` coalesces a flood) and announces the catalog when it changed.
    func refreshCatalog(_ kind: ListRefreshGate.Kind, generation: Int) async {
        guard generation == self.generation, let session = try? readySession() else { return }
        let capabilities = serverCapabilities ?? Server.Capabilities()
        do {
            // Each kind writes only its own fields after its awaits, so a resources refresh and
            // a prompts refresh running at once do not undo each other.
            switch kind {
            case .resources:
                guard capabilities.resources != nil else { return }
                let resources = try await ServerCatalog.listResources(session, timeout: config.timeout)
                let templates = try await ServerCatalog.listTemplates(session, timeout: config.timeout)
                guard generation == self.generation else { return }
                var next = catalog
                next.resources = resources
                next.templates = templates
                announce(next)
            case .prompts:
                guard capabilities.prompts != nil else { return }
                let prompts = try await ServerCatalog.listPrompts(session, timeout: config.timeout)
                guard generation == self.generation else { return }
                var next = catalog
                next.prompts = prompts
                announce(next)
            case .tools:
                return
            }
        } catch {
            log(.warning, "could not refresh \(kind == .resources ? "resources" : "prompts"): \(error)")
        }
    }

    private func announce(_ next: ServerCatalog) {
        guard next != catalog else { return }
        catalog = next
        updates.yield(.event(.catalogChanged(server: config.name)))
    }

    /// Routes the notifications about resources other than list changes (called from the
    /// session's `onNotification`, so it must not wait).
    nonisolated static func routeFeatureNotification(
        _ method: String, _ params: Value?, server: String, updates: AsyncStream<ConnectionUpdate>.Continuation
    ) {
        if method == ElicitationCompleteNotification.name {
            guard let id = params?.objectValue?["elicitationId"]?.stringValue else { return }
            updates.yield(.event(.elicitationComplete(server: server, elicitationID: id)))
            return
        }
        guard method == ResourceUpdatedNotification.name,
              let uri = params?.objectValue?["uri"]?.stringValue else { return }
        updates.yield(.event(.resourceUpdated(server: server, uri: uri)))
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

    /// `completion/complete` for one argument of a prompt or one variable of a resource template
    /// (`ref/resource` with the template; 2025-11-25 server/utilities/completion).
    func complete(_ reference: CompletionReference, argument: String, value: String,
                  context: [String: String]?) async throws -> Complete.Result.Completion {
        let parameters = Complete.Parameters(
            ref: reference, argument: .init(name: argument, value: value),
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
