import MCP

/// The app's one handle on MCP: starts every configured server, keeps the merged tool catalog
/// with model-safe names (`server__tool`), routes tool calls, and reports changes on `events`.
public actor ServerHost {
    /// Status changes, catalog changes and log lines, in order; finishes after `shutdown()`.
    public nonisolated let events: AsyncStream<HostEvent>
    private let eventsInput: AsyncStream<HostEvent>.Continuation
    let connections: [ServerConnection]
    let connectionsByName: [String: ServerConnection]
    /// Sampling and elicitation requests waiting for the user (ServerHost+Features.swift).
    let requests: ServerRequestBroker
    private let updates: AsyncStream<ConnectionUpdate>
    private let updatesInput: AsyncStream<ConnectionUpdate>.Continuation
    private var pump: Task<Void, Never>?
    private var statusByServer: [String: ServerStatus] = [:]
    private var toolsByServer: [String: [Tool]] = [:]
    private var catalog: [QualifiedTool] = []
    private var routes: [String: QualifiedTool] = [:]
    private var started = false
    private var isShutDown = false

    public init(configs: [ServerConfig], clientName: String = "mcpterm", clientVersion: String) {
        (events, eventsInput) = AsyncStream.makeStream(of: HostEvent.self)
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
                                              requests: requests)
            connections.append(connection)
            byName[config.name] = connection
            statuses[config.name] = ServerStatus(name: config.name, kind: config.kind,
                                                 state: config.disabled ? .disabled : .stopped)
        }
        self.connections = connections
        self.connectionsByName = byName
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

    /// Calls a tool by its qualified name. Errors name the server (`SessionError`, `HostError`).
    public func callTool(qualifiedName: String, arguments: [String: Value]?) async throws -> CallTool.Result {
        guard let entry = routes[qualifiedName], let connection = connectionsByName[entry.server] else {
            throw HostError.unknownTool(qualifiedName: qualifiedName)
        }
        return try await connection.callTool(name: entry.tool.name, arguments: arguments)
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
            statusByServer[status.name] = status
            eventsInput.yield(.serverStatus(status))
            rebuildCatalog()
        case .tools(let server, let tools):
            toolsByServer[server] = tools
            rebuildCatalog()
        case .log(let entry):
            eventsInput.yield(.log(entry))
        case .event(let event):
            eventsInput.yield(event)
        }
    }

    /// Recomputes qualified names over all ready servers; announces only real changes.
    private func rebuildCatalog() {
        var entries: [(server: String, tool: Tool)] = []
        for connection in connections {
            let name = connection.config.name
            guard statusByServer[name]?.state == .ready else { continue }
            for tool in toolsByServer[name] ?? [] { entries.append((name, tool)) }
        }
        let names = ToolNaming.qualifiedNames(for: entries.map { (server: $0.server, tool: $0.tool.name) })
        let next = zip(names, entries).map { QualifiedTool(qualifiedName: $0, server: $1.server, tool: $1.tool) }
        guard next != catalog else { return }
        catalog = next
        routes = Dictionary(next.map { ($0.qualifiedName, $0) }, uniquingKeysWith: { first, _ in first })
        eventsInput.yield(.toolsChanged)
    }
}
