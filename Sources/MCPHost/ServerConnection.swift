import Foundation
import MCP

/// One configured server's life: start it, initialize, list its tools, take calls, follow
/// `list_changed`, and reconnect with backoff (1 s, 2 s, 4 s …, five tries) when a server that was
/// ready goes away. Reports everything as `ConnectionUpdate`s on the host's channel.
actor ServerConnection {
    /// How many automatic reconnects follow the loss of a server that was ready.
    static let maxAutomaticReconnects = 5

    nonisolated let config: ServerConfig
    private let clientName: String
    private let clientVersion: String
    private let updates: AsyncStream<ConnectionUpdate>.Continuation
    private var status: ServerStatus
    private var session: MCPSession?
    /// Bumped for each session, so callbacks from an old session are ignored.
    private var generation = 0
    private var reconnectTask: Task<Void, Never>?
    private var reconnectsInARow = 0
    private var stopped = false

    init(config: ServerConfig, clientName: String, clientVersion: String,
         updates: AsyncStream<ConnectionUpdate>.Continuation) {
        self.config = config
        self.clientName = clientName
        self.clientVersion = clientVersion
        self.updates = updates
        self.status = ServerStatus(name: config.name, kind: config.kind,
                                   state: config.disabled ? .disabled : .stopped)
    }

    var currentStatus: ServerStatus { status }

    /// Starts the server and brings it to `.ready`, or to `.failed` with the reason.
    func connect() async {
        guard !stopped, !config.disabled else { return }
        generation += 1
        let myGeneration = generation
        if let old = session {
            session = nil
            await old.close()
        }
        setStatus(ServerStatus(name: config.name, kind: config.kind, state: .connecting))
        let newSession: MCPSession
        do {
            newSession = try makeSession(generation: myGeneration)
        } catch {
            setState(.failed(String(describing: error)))
            return
        }
        session = newSession
        do {
            try await newSession.start()
            // Legacy HTTP+SSE is 2024-11-05 by definition: no probe.
            let negotiated = try await newSession.negotiate(clientName: clientName, clientVersion: clientVersion,
                                                            probe: config.kind != .sse)
            await newSession.listenForChanges(capabilities: negotiated.capabilities)
            let tools = try await listAllTools(newSession)
            let fellBack = await (newSession.transport as? HTTPFallbackTransport)?.usesLegacySSE ?? false
            guard generation == myGeneration, !stopped else { return }
            reconnectsInARow = 0
            updates.yield(.tools(server: config.name, tools))
            var ready = ServerStatus(
                name: config.name, kind: config.kind, state: .ready, protocolVersion: negotiated.version,
                serverInfo: negotiated.serverInfo, toolCount: tools.count)
            ready.activeTransport = fellBack ? "sse (fallback)" : config.kind.rawValue
            setStatus(ready)
        } catch {
            guard generation == myGeneration else { return }
            session = nil
            await newSession.close()
            if !stopped {
                setState(.failed(String(describing: error)))
                if reconnectsInARow > 0 { scheduleReconnect() }
            }
        }
    }

    /// Drops the current session and connects again now (the user asked).
    func reconnect() async {
        guard !stopped, !config.disabled else { return }
        reconnectTask?.cancel()
        reconnectTask = nil
        reconnectsInARow = 0
        await connect()
    }

    /// Stops the server for good: the process is stopped and reaped before this returns.
    func stop() async {
        stopped = true
        reconnectTask?.cancel()
        reconnectTask = nil
        generation += 1
        if let old = session {
            session = nil
            await old.close()
        }
        if !config.disabled { setState(.stopped) }
    }

    func callTool(name: String, arguments: [String: Value]?) async throws -> CallTool.Result {
        guard let session, status.state == .ready else {
            throw HostError.serverNotReady(server: config.name, state: status.state.summary)
        }
        return try await session.request(CallTool.self, CallTool.Parameters(name: name, arguments: arguments),
                                         timeout: config.timeout)
    }

    // MARK: - Session wiring

    private func makeTransport() throws -> any Transport {
        let name = config.name
        let updates = self.updates
        switch config.kind {
        case .stdio:
            guard let command = config.command else { break }
            return StdioProcessTransport(
                name: name, command: command, args: config.args, env: config.env, cwd: config.cwd,
                onStderr: { line in
                    updates.yield(.log(HostLogEntry(server: name, level: .info, source: .stderr, message: line)))
                })
        case .http:
            guard let url = config.url else { break }
            return HTTPFallbackTransport(name: name, url: url, headers: config.headers, onFallback: { message in
                updates.yield(.log(HostLogEntry(server: name, level: .notice, source: .host, message: message)))
            })
        case .sse:
            guard let url = config.url else { break }
            return LegacySSETransport(name: name, url: url, headers: config.headers)
        case .ws:
            break
        }
        throw HostError.unsupportedTransport(server: config.name, kind: config.kind)
    }

    private func makeSession(generation: Int) throws -> MCPSession {
        let name = config.name
        let updates = self.updates
        let transport = try makeTransport()
        let roots = rootsResult()
        return MCPSession(
            serverName: name, transport: transport, defaultTimeout: config.timeout,
            onNotification: { [weak self] method, params in
                if method == "notifications/message" {
                    updates.yield(.log(Self.logEntry(server: name, params: params)))
                } else if method == "notifications/tools/list_changed" {
                    Task { await self?.refreshTools(generation: generation) }
                }
            },
            onRequest: { method, _ in
                // 2025-11-25 client/roots; sampling and elicitation are not offered yet.
                if method == ListRoots.name { return roots }
                throw MCPError.methodNotFound("mcpterm does not handle \"\(method)\" yet")
            },
            onTrace: { direction, json in
                if direction == "note" {
                    updates.yield(.log(HostLogEntry(server: name, level: .notice, source: .host, message: json)))
                }
                guard direction == "skip" else { return }
                updates.yield(.log(HostLogEntry(
                    server: name, level: .warning, source: .trace,
                    message: "ignored a line that is not a JSON-RPC message: \(json.prefix(200))")))
            },
            onClose: { [weak self] reason in
                Task { await self?.sessionEnded(generation: generation, reason: reason) }
            })
    }

    /// `tools/list`, following `nextCursor` until the last page (2025-11-25 server/utilities/pagination).
    private func listAllTools(_ session: MCPSession) async throws -> [Tool] {
        var tools: [Tool] = []
        var cursor: String?
        var seen = Set<String>()
        repeat {
            let parameters = cursor.map { ListTools.Parameters(cursor: $0) } ?? ListTools.Parameters()
            let page = try await session.request(ListTools.self, parameters, timeout: config.timeout)
            tools += page.tools
            cursor = page.nextCursor
            // A server that repeats a cursor would loop forever.
            if let next = cursor, !seen.insert(next).inserted { break }
        } while cursor != nil
        return tools
    }

    private func refreshTools(generation: Int) async {
        guard generation == self.generation, let session, status.state == .ready else { return }
        do {
            let tools = try await listAllTools(session)
            guard generation == self.generation else { return }
            updates.yield(.tools(server: config.name, tools))
            var next = status
            next.toolCount = tools.count
            setStatus(next)
        } catch {
            updates.yield(.log(HostLogEntry(server: config.name, level: .warning, source: .host,
                                            message: "could not refresh tools: \(error)")))
        }
    }

    private func sessionEnded(generation: Int, reason: String) async {
        guard generation == self.generation, !stopped else { return }
        let wasReady = status.state == .ready
        if let old = session {
            session = nil
            await old.close()
        }
        setState(.failed("connection closed: \(reason)"))
        if wasReady { scheduleReconnect() }
    }

    /// The next automatic reconnect, 1 s, 2 s, 4 s … after the last failure; gives up after
    /// `maxAutomaticReconnects` (the user can still ask with `reconnect()`).
    private func scheduleReconnect() {
        guard !stopped, reconnectsInARow < Self.maxAutomaticReconnects else { return }
        let delay = Double(1 << reconnectsInARow)
        reconnectsInARow += 1
        updates.yield(.log(HostLogEntry(server: config.name, level: .notice, source: .host,
                                        message: "reconnecting in \(Int(delay)) s")))
        reconnectTask = Task { [weak self] in
            try? await Task.sleep(for: .seconds(delay))
            if Task.isCancelled { return }
            await self?.connect()
        }
    }

    private func rootsResult() -> Value {
        let cwd = config.cwd ?? FileManager.default.currentDirectoryPath
        var roots: [Value] = [.object(["uri": .string(URL(fileURLWithPath: cwd).absoluteString),
                                       "name": .string("working directory")])]
        for root in config.roots {
            let uri = root.hasPrefix("file://") ? root : URL(fileURLWithPath: root).absoluteString
            roots.append(.object(["uri": .string(uri)]))
        }
        return .object(["roots": .array(roots)])
    }

    private static func logEntry(server: String, params: Value?) -> HostLogEntry {
        let fields = params?.objectValue ?? [:]
        let level = HostLogEntry.level(mcpLevel: fields["level"]?.stringValue ?? "info")
        var text: String
        switch fields["data"] {
        case .string(let string)?: text = string
        case let data?: text = (try? JSONCoding.encode(data)).map { String(decoding: $0, as: UTF8.self) } ?? "\(data)"
        case nil: text = ""
        }
        if let logger = fields["logger"]?.stringValue { text = "[\(logger)] " + text }
        return HostLogEntry(server: server, level: level, source: .notification, message: text)
    }

    private func setState(_ state: ServerState) {
        var next = status
        next.state = state
        if state != .ready { next.toolCount = 0 }
        setStatus(next)
    }

    private func setStatus(_ next: ServerStatus) {
        guard next != status else { return }
        status = next
        updates.yield(.status(next))
    }
}
