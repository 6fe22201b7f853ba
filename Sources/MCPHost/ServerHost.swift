import MCP

/// The app's one handle on MCP: starts every configured server, keeps the merged tool catalog
/// with model-safe names (`server__tool`), routes tool calls, and reports changes on `events`.
public actor ServerHost {
    /// Status changes, catalog changes and log lines, in order; finishes after `shutdown()`.
    public nonisolated let events: AsyncStream<HostEvent>
    /// Every JSON-RPC message of every server as trace records, with metrics per server
    /// (`--trace FILE`, the log pane's trace view, the Servers pane's figures).
    public nonisolated let trace: TraceRecorder
    private let eventsInput: AsyncStream<HostEvent>.Continuation
    /// Read by ServerHost+Features.swift; changed only here (enable, disable, reload).
    private(set) var connections: [ServerConnection]
    private(set) var connectionsByName: [String: ServerConnection]
    /// Sampling and elicitation requests waiting for the user (ServerHost+Features.swift).
    let requests: ServerRequestBroker
    private let clientName: String
    private let clientVersion: String
    private let lifecycle: LifecycleEnvironment
    /// Where OAuth tokens are kept, and the time they expire by.
    private let authorizationEnvironment: AuthorizationEnvironment
    private let updates: AsyncStream<ConnectionUpdate>
    private let updatesInput: AsyncStream<ConnectionUpdate>.Continuation
    private var pump: Task<Void, Never>?
    private var statusByServer: [String: ServerStatus] = [:]
    private var toolsByServer: [String: [Tool]] = [:]
    private var catalog: [QualifiedTool] = []
    private var routes: [String: QualifiedTool] = [:]
    /// Model-facing names given out this session; a name never moves to another tool.
    private var names = ToolNameRegistry()
    private var started = false
    private var isShutDown = false
    /// The entries as last configured (from the file), before any runtime `disable`/`enable`;
    /// `reload` compares against these.
    private var configured: [ServerConfig] = []

    /// `lifecycle` is the time and chance servers live by (tests pass a hand-moved clock).
    public init(configs: [ServerConfig], clientName: String = "mcpterm", clientVersion: String,
                lifecycle: LifecycleEnvironment = .system, authorization: AuthorizationEnvironment = .system) {
        self.authorizationEnvironment = authorization
        self.clientName = clientName
        self.clientVersion = clientVersion
        self.lifecycle = lifecycle
        (events, eventsInput) = AsyncStream.makeStream(of: HostEvent.self)
        let trace = TraceRecorder(capacities: Self.traceCapacities(configs), now: lifecycle.now)
        self.trace = trace
        (updates, updatesInput) = AsyncStream.makeStream(of: ConnectionUpdate.self)
        let eventsInput = self.eventsInput
        let requests = ServerRequestBroker(announce: { eventsInput.yield($0) })
        self.requests = requests
        var connections: [ServerConnection] = []
        var byName: [String: ServerConnection] = [:]
        var statuses: [String: ServerStatus] = [:]
        for config in configs where byName[config.name] == nil {
            let connection = ServerConnection(config: config, clientName: clientName,
                                              clientVersion: clientVersion, updates: updatesInput,
                                              requests: requests, lifecycle: lifecycle,
                                              authorizationEnvironment: authorization, trace: trace)
            connections.append(connection)
            byName[config.name] = connection
            statuses[config.name] = .configured(config)
        }
        self.connections = connections
        self.connectionsByName = byName
        self.configured = connections.map(\.config)
        self.statusByServer = statuses
    }

    /// Returns at once; every enabled server connects concurrently.
    public func start() {
        guard !started, !isShutDown else { return }
        started = true
        HostProcess.prepare()
        let updates = self.updates
        pump = Task { [weak self] in
            for await update in updates {
                await self?.apply(update)
            }
        }
        for connection in connections where !connection.config.disabled {
            // Say "connecting" at once, so nobody mistakes a server not yet started for a stopped one.
            if var status = statusByServer[connection.config.name], status.state == .stopped {
                status.state = .connecting
                statusByServer[connection.config.name] = status
                eventsInput.yield(.serverStatus(status))
            }
            Task { await connection.connect() }
        }
    }

    /// One status per configured server, in config order.
    public func statuses() -> [ServerStatus] {
        connections.compactMap { statusByServer[$0.config.name] }
    }

    /// The merged catalog of ready servers, in config order then each server's order.
    public func tools() -> [QualifiedTool] {
        catalog
    }

    /// Calls the tool `target` names, only if its server is ready and still offers that tool with
    /// the same fingerprint (description, annotations, input schema) the user approved; otherwise
    /// throws `HostError.toolGone` or `.toolChanged` and sends nothing. Routing is by server and
    /// tool name, never by the model-facing name, which could have been looked up anew.
    /// `onProgress` hears the server's `notifications/progress` for this call.
    public func callTool(_ target: ToolTarget, arguments: [String: Value]?,
                         onProgress: (@Sendable (ToolProgress) -> Void)? = nil) async throws -> CallTool.Result {
        guard let connection = connectionsByName[target.server] else { throw HostError.toolGone(target.key) }
        if let state = statusByServer[target.server]?.state, state != .ready {
            throw HostError.serverNotReady(server: target.server, state: state.summary)
        }
        guard let tool = toolsByServer[target.server]?.first(where: { $0.name == target.tool }) else {
            throw HostError.toolGone(target.key)
        }
        let now = ToolFingerprint(tool)
        guard now == target.fingerprint else {
            throw HostError.toolChanged(target.key, changes: now.changes(from: target.fingerprint))
        }
        return try await connection.callTool(name: target.tool, arguments: arguments, onProgress: onProgress)
    }

    /// Calls a tool by its model-facing name as the catalog has it now (for scripts and tests that
    /// approve nothing). Errors name the server (`SessionError`, `HostError`).
    public func callTool(qualifiedName: String, arguments: [String: Value]?) async throws -> CallTool.Result {
        guard let entry = routes[qualifiedName] else { throw HostError.unknownTool(qualifiedName: qualifiedName) }
        return try await callTool(entry.target, arguments: arguments)
    }

    /// Restarts one server now (after a failure, or to pick up a new build of it).
    public func reconnect(server: String) {
        guard let connection = connectionsByName[server], !isShutDown else {
            eventsInput.yield(.log(HostLogEntry(server: nil, level: .warning, source: .host,
                                                message: "\(HostError.unknownServer(server))")))
            return
        }
        if !started { start() }
        Task { await connection.reconnect() }
    }

    /// Starts an OAuth login for one server (`/login NAME`); returns at once. `loginStarted`
    /// brings the URL to open, `loginFinished` the outcome; other servers and the app go on.
    public func login(server: String) {
        guard let connection = connectionsByName[server], !isShutDown else {
            eventsInput.yield(.loginFinished(server: server, error: "\(HostError.unknownServer(server))"))
            return
        }
        if !started { start() }
        Task { await connection.login() }
    }

    /// Ends the login in progress with the address the browser was sent to, pasted by the user
    /// (`/login NAME URL`: a browser on another machine cannot reach mcpterm's listener).
    public func completeLogin(server: String, redirect: String) {
        guard let connection = connectionsByName[server], !isShutDown else {
            eventsInput.yield(.loginFinished(server: server, error: "\(HostError.unknownServer(server))"))
            return
        }
        Task { await connection.completeLogin(redirect: redirect) }
    }

    /// Forgets one server's OAuth tokens (`/logout NAME`) and connects it again.
    public func logout(server: String) {
        guard let connection = connectionsByName[server], !isShutDown else {
            eventsInput.yield(.log(HostLogEntry(server: nil, level: .warning, source: .host,
                                                message: "\(HostError.unknownServer(server))")))
            return
        }
        Task { await connection.logout() }
    }

    /// Stops one server and keeps it stopped, without touching servers.json (`/disable NAME`);
    /// its calls in flight fail and its tools leave the catalog.
    public func disable(server: String) async throws(HostError) {
        guard let connection = connectionsByName[server], !isShutDown else { throw HostError.unknownServer(server) }
        guard !connection.config.disabled else { return }
        var config = connection.config
        config.disabled = true
        config.roots = await connection.rootsSource.roots  // a /reload may have changed them since
        config.shareWorkingDirectory = await connection.rootsSource.shareWorkingDirectory
        await replace(server, with: config)
    }

    /// Starts a disabled server (`/enable NAME`), whether disabled in the file or at run time.
    public func enable(server: String) async throws(HostError) {
        guard let connection = connectionsByName[server], !isShutDown else { throw HostError.unknownServer(server) }
        guard connection.config.disabled else { return }
        if let reason = connection.config.notTrusted { throw HostError.notTrusted(server: server, reason: reason) }
        var config = connection.config
        config.disabled = false
        config.roots = await connection.rootsSource.roots
        config.shareWorkingDirectory = await connection.rootsSource.shareWorkingDirectory
        if !started { start() }
        await replace(server, with: config)
    }

    /// Applies a new list of servers (a reloaded servers.json) without a restart: added servers
    /// start, removed ones stop, changed ones restart with their new entry, and unchanged ones
    /// keep running as they are (even if disabled or enabled at run time). Servers named in
    /// `keeping` (their new entry has an error) keep their old entry instead of being removed.
    @discardableResult
    public func reload(_ configs: [ServerConfig], keeping: Set<String> = []) async -> ServerConfigDiff {
        guard !isShutDown else { return ServerConfigDiff() }
        var seen = Set<String>()
        let fresh = configs.filter { seen.insert($0.name).inserted }
        let kept = configured.filter { keeping.contains($0.name) && seen.insert($0.name).inserted }
        let unique = ReloadOrder.merge(fresh, keeping: kept, previous: configured)
        let diff = ServerConfigDiff(old: configured, new: unique)
        configured = unique
        for name in diff.removed {
            guard let old = connectionsByName.removeValue(forKey: name) else { continue }
            connections.removeAll { $0 === old }
            await old.stop()
            statusByServer[name] = nil
            toolsByServer[name] = nil
        }
        let byName = Dictionary(unique.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for name in diff.changed + diff.added {
            if let config = byName[name] { await replace(name, with: config) }
        }
        for name in diff.rerooted {
            if let config = byName[name] { await connectionsByName[name]?.updateRoots(config) }
        }
        connections = unique.compactMap { connectionsByName[$0.name] }
        rebuildCatalog()
        eventsInput.yield(.serversChanged)
        return diff
    }

    /// The server's last stderr lines (at most 200), oldest first; empty for remote servers.
    public func stderrLines(server: String) -> [String] {
        connectionsByName[server]?.stderr.lines ?? []
    }

    /// Puts a new connection for `config` in place of the server's current one (if any) and starts
    /// it when the host runs. Its stderr history carries over.
    private func replace(_ name: String, with config: ServerConfig) async {
        let old = connectionsByName[name]
        let connection = ServerConnection(config: config, clientName: clientName, clientVersion: clientVersion,
                                          updates: updatesInput, requests: requests, lifecycle: lifecycle,
                                          stderr: old?.stderr ?? StderrRing(),
                                          authorizationEnvironment: authorizationEnvironment, trace: trace)
        trace.setCapacities(Self.traceCapacities(configured.filter { $0.name != name } + [config]))
        connectionsByName[name] = connection
        if let index = connections.firstIndex(where: { $0 === old }) {
            connections[index] = connection
        } else {
            connections.append(connection)
        }
        // The old one's last status goes through the update channel before the new one's first.
        await old?.stop()
        let first = ServerStatus.configured(config, active: started ? .connecting : .stopped)
        if started {
            updatesInput.yield(.status(first))
        } else {
            statusByServer[name] = first
        }
        if started, !config.disabled {
            Task { await connection.connect() }
        }
    }

    /// Stops every server and waits until each process has been reaped; then `events` finishes.
    public func shutdown() async {
        guard !isShutDown else { return }
        isShutDown = true
        await withTaskGroup(of: Void.self) { group in
            for connection in connections {
                group.addTask { await connection.stop() }
            }
        }
        // Requests still waiting for the user end before `events` does, so the app hears of it.
        await requests.cancelAll(server: nil)
        updatesInput.finish()
        await pump?.value
        eventsInput.finish()
    }

    private func apply(_ update: ConnectionUpdate) {
        switch update {
        case .status(let status):
            // A removed server's last words arrive after it left the config.
            guard connectionsByName[status.name] != nil else { return }
            statusByServer[status.name] = status
            eventsInput.yield(.serverStatus(status))
            rebuildCatalog()
        case .tools(let server, let tools):
            toolsByServer[server] = tools
            rebuildCatalog()
        case .log(var entry):
            if entry.time == nil { entry.time = lifecycle.now() }
            eventsInput.yield(.log(entry))
        case .event(let event):
            eventsInput.yield(event)
        }
    }

    /// Ring sizes of the servers whose entry sets `"traceSize"`.
    public static func traceCapacities(_ configs: [ServerConfig]) -> [String: Int] {
        Dictionary(configs.compactMap { config in config.traceSize.map { (config.name, $0) } },
                   uniquingKeysWith: { first, _ in first })
    }

    /// The catalog of all ready servers with their session-stable names; announces only real changes.
    private func rebuildCatalog() {
        var next: [QualifiedTool] = []
        for connection in connections {
            let server = connection.config.name
            guard statusByServer[server]?.state == .ready else { continue }
            var seen = Set<String>()
            // A server that lists one tool name twice offers one tool: the first definition.
            for tool in toolsByServer[server] ?? [] where seen.insert(tool.name).inserted {
                let name = names.name(for: ToolKey(server: server, tool: tool.name))
                next.append(QualifiedTool(qualifiedName: name, server: server, tool: tool))
            }
        }
        guard next != catalog else { return }
        catalog = next
        routes = Dictionary(next.map { ($0.qualifiedName, $0) }, uniquingKeysWith: { first, _ in first })
        eventsInput.yield(.toolsChanged)
    }
}
