import Foundation
import MCP

/// One configured server's life: start it, initialize, list its tools, take calls, follow
/// `list_changed`, ping it (heartbeat), and when it is lost reconnect with backoff (1 s, 2 s, 4 s …
/// 30 s, jitter) for as long as it takes. Reports everything as `ConnectionUpdate`s on the host's channel.
actor ServerConnection {
    nonisolated let config: ServerConfig
    /// The server's last stderr lines, kept across reconnects (the host may hand it to a successor).
    nonisolated let stderr: StderrRing
    private let clientName: String
    private let clientVersion: String
    let updates: AsyncStream<ConnectionUpdate>.Continuation
    private let lifecycle: LifecycleEnvironment
    private var status: ServerStatus
    private var session: MCPSession?
    /// Bumped for each session, so callbacks from an old session are ignored.
    private(set) var generation = 0
    /// Sampling and elicitation requests wait here for the user (shared by all servers).
    private let requests: ServerRequestBroker
    /// Resources, templates and prompts as last listed (ServerConnection+Features.swift).
    var catalog = ServerCatalog()
    /// What the server offered in `initialize`.
    var serverCapabilities: Server.Capabilities?
    /// Set when a 2025-11-25 server declared task-augmented `tools/call` (its experimental tasks).
    private var experimentalTasks: ToolTaskDriver.Flavor?
    /// Its tools whose `execution.taskSupport` is "required": they are called as tasks.
    private var taskRequiredTools: Set<String> = []
    /// At most `maxConcurrentCalls` tool calls in flight; the rest wait their turn.
    private lazy var callSlots = CallLimiter(limit: config.maxConcurrentCalls)
    private var reconnectTask: Task<Void, Never>?
    /// Tries since the server was lost; 0 once it is ready again.
    private var retryAttempt = 0
    private var heartbeat: Heartbeat?
    /// `stderr.total` when the current session started, to tell its lines from older ones.
    private var stderrMark = 0
    private var stopped = false
    /// OAuth of an `http` server (nil for other transports and `"auth": "none"`).
    let authorization: ServerAuthorization?
    /// Waits for the browser's redirect of the login in progress.
    private var loginTask: Task<Void, Never>?
    /// Told every message in and out, and each session's start.
    private let trace: TraceRecorder?

    init(config: ServerConfig, clientName: String, clientVersion: String,
         updates: AsyncStream<ConnectionUpdate>.Continuation, requests: ServerRequestBroker,
         lifecycle: LifecycleEnvironment = .system, stderr: StderrRing = StderrRing(),
         authorizationEnvironment: AuthorizationEnvironment = .system, trace: TraceRecorder? = nil) {
        self.trace = trace
        // An entry that sends its own Authorization header does its own authentication: OAuth only
        // when it says "auth": "oauth".
        let ownAuthorization = config.headers.keys.contains { $0.lowercased() == "authorization" }
        if config.kind == .http, config.auth == .oauth || (config.auth == .auto && !ownAuthorization), let url = config.url {
            authorization = ServerAuthorization(
                server: config.name, endpoint: url, mode: config.auth, settings: config.oauth,
                environment: authorizationEnvironment, tls: config.tls)
        } else {
            authorization = nil
        }
        self.config = config
        self.requests = requests
        self.clientName = clientName
        self.clientVersion = clientVersion
        self.updates = updates
        self.lifecycle = lifecycle
        self.stderr = stderr
        self.status = .configured(config)
        self.rootsSource = config
    }

    var currentStatus: ServerStatus { status }

    /// Starts the server and brings it to `.ready`, or to `.failed` with the reason (and then
    /// plans the next try, unless the failure cannot go away by itself).
    func connect() async {
        guard !stopped, !config.disabled else { return }
        generation += 1
        let myGeneration = generation
        await dropSession(reason: "reconnecting")
        var connecting = status
        connecting.state = .connecting
        connecting.toolCount = 0
        connecting.health = ServerHealth()
        setStatus(connecting)
        stderrMark = stderr.total
        if config.kind != .stdio, let tls = config.tls {
            // Checked before each try: a file fixed since then is picked up by /reconnect.
            if let problem = tls.problem() {
                setState(.failed(problem))
                return
            }
            if tls.insecure {
                log(.warning, "TLS certificate verification is OFF (\"tls\": {\"insecure\": true}): "
                    + "anyone on the network path can impersonate this server")
            }
        }
        if let authorization {
            let generation = myGeneration
            await authorization.setReporters(
                loginRequired: { [weak self] reason in Task { await self?.loginLost(reason, generation: generation) } },
                notice: { [weak self] message in Task { await self?.log(.notice, message) } })
            if let reason = await authorization.reasonToLogInFirst() {
                setState(.needsLogin(reason))
                return
            }
        }
        let newSession: MCPSession
        do {
            newSession = try makeSession(generation: myGeneration)
        } catch {
            setState(.failed(String(describing: error)))
            return
        }
        session = newSession
        trace?.sessionStarted(server: config.name)
        do {
            try await newSession.start()
            // Legacy HTTP+SSE is 2024-11-05 by definition: no probe; nor when the config says so.
            let negotiated = try await newSession.negotiate(
                clientName: clientName, clientVersion: clientVersion,
                probe: config.kind != .sse && config.protocolMode != .handshake)
            if config.protocolMode == .stateless, negotiated.era != .stateless {
                throw HostError.statelessRequired(server: config.name, agreed: negotiated.version)
            }
            await newSession.listenForChanges(capabilities: negotiated.capabilities)
            experimentalTasks = Self.experimentalTasks(negotiated)
            let tools = try await listAllTools(newSession)
            do {
                serverCapabilities = try JSONCoding.convert(negotiated.capabilities, to: Server.Capabilities.self)
            } catch {
                // Tools still work; resources, prompts and logging need the capabilities.
                serverCapabilities = nil
                log(.warning, "its capabilities could not be read (\(JSONCoding.reason(error))); "
                    + "resources, prompts and logging are not used")
            }
            // 2026-07-28: no logging/setLevel; the level rides in each request's _meta.
            if negotiated.era == .stateless { await newSession.setRequestLogLevel(config.logLevel) }
            await prepareFeatures(newSession, era: negotiated.era)
            let fellBack = await (newSession.transport as? HTTPFallbackTransport)?.usesLegacySSE ?? false
            guard generation == myGeneration, !stopped else { return }
            retryAttempt = 0
            updates.yield(.tools(server: config.name, tools))
            var ready = ServerStatus(
                name: config.name, kind: config.kind, state: .ready, protocolVersion: negotiated.version,
                serverInfo: negotiated.serverInfo, toolCount: tools.count,
                health: ServerHealth(readySince: lifecycle.now()))
            ready.activeTransport = fellBack ? .sseFallback : .configured(config.kind)
            ready.instructions = Self.bounded(negotiated.instructions)
            ready.roots = status.roots
            ready.insecureTLS = status.insecureTLS
            await authorization?.connected()
            setStatus(ready)
            updates.yield(.event(.catalogChanged(server: config.name)))
            startHeartbeat(newSession, generation: myGeneration)
        } catch {
            guard generation == myGeneration else { return }
            session = nil
            await newSession.close()
            // A failed start may have read an oversized answer: give its buffers back too.
            HostProcess.returnFreedMemory()
            guard !stopped else { return }
            // A login is wanted: no retries until the user logs in (a 401 is no passing failure).
            if let reason = await authorization?.loginReason {
                guard generation == myGeneration else { return }
                setState(.needsLogin(reason))
                return
            }
            setState(.failed(withStderr(String(describing: error))))
            if !Self.isPermanent(error) { scheduleReconnect() }
        }
    }

    // MARK: - OAuth login

    /// A ready server's requests were answered 401 and the token could not be renewed: the
    /// session ends and the server waits for a login.
    private func loginLost(_ reason: String, generation: Int) async {
        guard generation == self.generation, !stopped, status.state == .ready else { return }
        self.generation += 1
        await dropSession(reason: "needs login")
        log(.warning, "needs login: \(reason)")
        setState(.needsLogin(reason))
    }

    /// Starts a login (`/login NAME`): reports the URL to open (`loginStarted`), then waits for
    /// the browser's redirect on the loopback listener; `completeLogin` takes a pasted one instead.
    /// When it ends, `loginFinished` says how, and a good login connects the server.
    func login() async {
        guard let authorization else {
            let reason = config.kind == .http ? "the entry says \"auth\": \"none\"" : "OAuth login applies only to http servers"
            updates.yield(.event(.loginFinished(server: config.name, error: "\(OAuthError.notApplicable(server: config.name, reason: reason))")))
            return
        }
        loginTask?.cancel()
        loginTask = nil
        let url: String
        do {
            url = try await authorization.beginLogin()
        } catch {
            loginEnded(error: error)
            return
        }
        var next = status
        next.loginURL = url
        setStatus(next)
        log(.notice, "login started; waiting for the browser's redirect")
        updates.yield(.event(.loginStarted(server: config.name, url: url)))
        loginTask = Task { [weak self] in
            guard let redirect = await authorization.nextRedirect() else { return }
            await self?.finishLogin(redirect: redirect)
        }
    }

    /// Ends the login in progress with a redirect URL the user pasted (`/login NAME URL`).
    func completeLogin(redirect: String) async {
        await finishLogin(redirect: redirect)
    }

    private func finishLogin(redirect: String) async {
        guard let authorization else { return }
        do {
            let issuer = try await authorization.completeLogin(redirect: redirect)
            loginEnded(error: nil)
            log(.notice, "logged in at \(issuer)")
            await reconnect()
        } catch {
            loginEnded(error: error)
        }
    }

    private func loginEnded(error: (any Error)?) {
        if let error { log(.error, "login failed: \(error)") }
        var next = status
        next.loginURL = nil
        if error != nil, case .needsLogin = next.state {
            next.state = .needsLogin("the last login failed (see the log)")
        }
        setStatus(next)
        updates.yield(.event(.loginFinished(server: config.name, error: error.map { "\($0)" })))
    }

    /// `/logout NAME`: forgets the server's tokens and client registration, then connects again
    /// (a server that needs a login then says so).
    func logout() async {
        loginTask?.cancel()
        loginTask = nil
        guard let authorization else {
            log(.warning, "has no OAuth login to forget")
            return
        }
        do {
            try await authorization.logout()
            log(.notice, "logged out: its tokens are forgotten")
        } catch {
            log(.error, "logout: \(error)")
        }
        var next = status
        next.loginURL = nil
        setStatus(next)
        await reconnect()
    }

    /// Drops the current session and connects again now (the user asked); the backoff starts over.
    func reconnect() async {
        guard !stopped, !config.disabled else { return }
        reconnectTask?.cancel()
        reconnectTask = nil
        retryAttempt = 0
        await connect()
    }

    /// Stops the server for good: the process is stopped and reaped before this returns, and no
    /// update follows the final `.stopped` (or nothing, for a disabled server).
    func stop() async {
        stopped = true
        loginTask?.cancel()
        loginTask = nil
        await authorization?.cancelLogin()
        reconnectTask?.cancel()
        reconnectTask = nil
        generation += 1
        await dropSession(reason: "the server was stopped")
        if !config.disabled { setState(.stopped) }
    }

    func callTool(name: String, arguments: [String: Value]?,
                  onProgress: (@Sendable (ToolProgress) -> Void)? = nil) async throws -> CallTool.Result {
        let slots = callSlots
        return try await slots.run { [self] in
            try await self.callToolNow(name: name, arguments: arguments, onProgress: onProgress)
        }
    }

    private func callToolNow(name: String, arguments: [String: Value]?,
                             onProgress: (@Sendable (ToolProgress) -> Void)?) async throws -> CallTool.Result {
        guard let session, status.state == .ready else {
            throw HostError.serverNotReady(server: config.name, state: status.state.summary)
        }
        let maxTimeout = max(config.maxTimeout, config.timeout)
        // 2025-11-25 basic/utilities/tasks: a tool whose taskSupport is "required" MUST be called
        // as a task, and only where the server declared task-augmented tools/call. (In the
        // 2026-07-28 era the server decides; the session follows a task it hands back.)
        guard let flavor = experimentalTasks, taskRequiredTools.contains(name) else {
            let call = { () async throws -> CallTool.Result in
                try await session.request(CallTool.self, CallTool.Parameters(name: name, arguments: arguments),
                                          timeout: self.config.timeout, maxTimeout: maxTimeout, onProgress: onProgress)
            }
            do {
                return try await call()
            } catch SessionError.rpc(_, _, let code, _) where code == Self.headerMismatchCode {
                // 2026-07-28 streamable HTTP: the server wants other Mcp-Param-* headers. List the
                // tools again (its inputSchema may have changed) and retry once.
                try await relistAfterHeaderMismatch(name, session)
                return try await call()
            }
        }
        var params: [String: Value] = [
            "name": .string(name),
            // Asks the task to be kept as long as mcpterm would wait for it.
            "task": .object(["ttl": .int(Int(min(maxTimeout, 86_400 * 365) * 1000))]),
        ]
        if let arguments { params["arguments"] = .object(arguments) }
        let startedAt = session.clock.now
        var result = try await session.requestRaw(method: CallTool.name, params: .object(params),
                                                  timeout: config.timeout, maxTimeout: maxTimeout,
                                                  onProgress: onProgress)
        if let handle = try ToolTaskDriver.handle(in: result, flavor: flavor, server: config.name) {
            result = try await session.resolveTask(handle, flavor: flavor, tool: name, timeout: config.timeout,
                                                   maxTimeout: maxTimeout, startedAt: startedAt, onProgress: onProgress)
        }
        do {
            return try JSONCoding.convert(result, to: CallTool.Result.self)
        } catch {
            throw SessionError.malformed(server: config.name, detail: "tools/call result: \(JSONCoding.reason(error))")
        }
    }

    /// JSON-RPC `HeaderMismatch` (MCP 2026-07-28 basic/transports/streamable-http#server-validation).
    static let headerMismatchCode = -32020

    /// Lists the tools again after a `HeaderMismatch`; the retry may go only if the tool still does
    /// what the user approved: its definition may differ in `x-mcp-header` annotations alone.
    private func relistAfterHeaderMismatch(_ name: String, _ session: MCPSession) async throws {
        let before = listedTools[name]
        let tools = try await listAllTools(session)
        updates.yield(.tools(server: config.name, tools))
        var next = status
        next.toolCount = tools.count
        setStatus(next)
        let key = ToolKey(server: config.name, tool: name)
        guard let after = listedTools[name] else { throw HostError.toolGone(key) }
        if let before {
            var changes = ToolFingerprint(after).changes(from: ToolFingerprint(before))
            if ToolParameterHeaders.withoutAnnotations(after.inputSchema)
                == ToolParameterHeaders.withoutAnnotations(before.inputSchema) {
                changes.removeAll { $0 == "input schema" }
            }
            guard changes.isEmpty else { throw HostError.toolChanged(key, changes: changes) }
        }
        log(.notice, "tool \"\(name)\": the server wanted other Mcp-Param headers; listed the tools again and retried")
    }

    /// The experimental tasks flavour, when a 2025-11-25 server declared `tasks.requests.tools.call`.
    private static func experimentalTasks(_ negotiated: NegotiatedProtocol) -> ToolTaskDriver.Flavor? {
        guard negotiated.era == .handshake, negotiated.version >= "2025-11-25",
              let tasks = negotiated.capabilities.objectValue?["tasks"]?.objectValue,
              tasks["requests"]?.objectValue?["tools"]?.objectValue?["call"] != nil else { return nil }
        return .experimental(canCancel: tasks["cancel"] != nil)
    }

    /// A server's instructions, trimmed and cut at `ServerStatus.instructionsLimit` bytes (at a
    /// character boundary); nil when empty.
    static func bounded(_ instructions: String?) -> String? {
        guard let text = instructions?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        guard text.utf8.count > ServerStatus.instructionsLimit else { return text }
        var cut = text.utf8.prefix(ServerStatus.instructionsLimit)
        while String(bytes: cut, encoding: .utf8) == nil { cut = cut.dropLast() }
        return (String(bytes: cut, encoding: .utf8) ?? "") + " […]"
    }

    // MARK: - Health

    /// Failures a retry cannot fix: a command that does not exist, a transport or protocol
    /// version this build does not speak. Everything else (exit, timeout, network) is retried.
    private static func isPermanent(_ error: any Error) -> Bool {
        switch error {
        case TransportError.spawnFailed, HostError.unsupportedTransport, OAuthError.noPKCE, HostError.statelessRequired,
             SessionError.unsupportedProtocolVersion:
            return true
        default:
            return false
        }
    }

    /// A failure reason plus the server's last stderr line of this session, which often says why
    /// (a traceback's last line, "address in use").
    private func withStderr(_ reason: String) -> String {
        guard stderr.total > stderrMark, let last = stderr.last else { return reason }
        return reason + "; last stderr: " + last
    }

    private func dropSession(reason: String) async {
        heartbeat?.stop()
        heartbeat = nil
        if let old = session {
            session = nil
            await old.close(reason: reason)
        }
    }

    private func startHeartbeat(_ session: MCPSession, generation: Int) {
        guard config.heartbeat > 0 else { return }
        let timeout = min(config.heartbeat, config.timeout)
        heartbeat = Heartbeat(
            interval: config.heartbeat, maxMisses: lifecycle.maxMissedPings, clock: lifecycle.clock,
            ping: { _ in _ = try await session.requestRaw(method: Ping.name, params: nil, timeout: timeout) },
            onEvent: { [weak self] event in await self?.heartbeatNoticed(event, generation: generation) })
    }

    private func heartbeatNoticed(_ event: HeartbeatEvent, generation: Int) async {
        guard generation == self.generation, !stopped, status.state == .ready else { return }
        var next = status
        switch event {
        case .recovered:
            next.health.missedPings = 0
            setStatus(next)
            log(.notice, "answers pings again")
        case .missed(let count):
            next.health.missedPings = count
            setStatus(next)
            log(.warning, "no answer to ping (\(count) in a row)")
        case .down(let count):
            let reason = "no answer to \(count) pings in a row"
            log(.error, "\(reason): reconnecting")
            // This runs on the heartbeat's own task, which has ended its loop: stopping it would
            // cancel the close below (and a cancelled close cannot wait for the process).
            heartbeat = nil
            self.generation += 1
            await dropSession(reason: reason)
            setState(.failed(reason))
            scheduleReconnect()
        }
    }

    private func sessionEnded(generation: Int, reason: String, sessionExpired: Bool = false) async {
        // While connecting, `connect()` sees the failure itself and plans the retry.
        guard generation == self.generation, !stopped, status.state == .ready else { return }
        self.generation += 1
        await dropSession(reason: reason)
        // The session's buffers are gone now; an oversized message may have left a lot of them.
        HostProcess.returnFreedMemory()
        if sessionExpired {
            // The server forgot the session but is there: a new one now, not after the backoff.
            log(.notice, "the server ended the session (HTTP 404): starting a new one")
            await connect()
            return
        }
        setState(.failed(withStderr("connection closed: \(reason)")))
        scheduleReconnect()
    }

    /// Plans the next automatic try after the backoff delay (on the injected clock); retries go on
    /// until one succeeds, `reconnect()` is asked for, or the server is stopped.
    private func scheduleReconnect() {
        guard !stopped else { return }
        reconnectTask?.cancel()
        retryAttempt += 1
        let attempt = retryAttempt
        let delay = lifecycle.backoff.delay(attempt: attempt, random: lifecycle.random())
        // Fixed before anyone hears of the plan, so the delay counts from now.
        let clock = lifecycle.clock
        let deadline = clock.now + delay
        var next = status
        next.health.retry = RetryPlan(attempt: attempt, delay: delay)
        setStatus(next)
        log(.notice, "reconnecting in \(Self.seconds(delay)) s (try \(attempt))")
        let planned = generation
        reconnectTask = Task { [weak self] in
            do {
                try await clock.sleep(until: deadline)
            } catch {
                return
            }
            await self?.retry(planned: planned)
        }
    }

    private func retry(planned: Int) async {
        guard planned == generation, !stopped, !Task.isCancelled else { return }
        reconnectTask = nil
        await connect()
    }

    /// A host line in the log pane about this server (also used by ServerConnection+Features.swift).
    func log(_ level: HostLogEntry.Level, _ message: String) {
        updates.yield(.log(HostLogEntry(server: config.name, level: level, source: .host, message: message)))
    }

    /// "0.9", "4", "30": one decimal at most.
    static func seconds(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() && abs(rounded) < 1e15 ? String(Int64(rounded)) : String(rounded)
    }

    // MARK: - Session wiring

    private func makeTransport() throws -> any Transport {
        let name = config.name
        let updates = self.updates
        switch config.kind {
        case .stdio:
            guard let command = config.command else { break }
            return StdioProcessTransport(
                name: name, command: command, args: config.args, env: config.env, inheritEnv: config.inheritEnv,
                cwd: config.cwd,
                maxMessageBytes: config.maxMessageBytes,
                onStderr: { [stderr] line in
                    stderr.append(line)
                    updates.yield(.log(HostLogEntry(server: name, level: .info, source: .stderr, message: line)))
                })
        case .http:
            guard let url = config.url else { break }
            return HTTPFallbackTransport(name: name, url: url, headers: config.headers,
                                         maxMessageBytes: config.maxMessageBytes, authorization: authorization,
                                         tls: config.tls, onFallback: { message in
                updates.yield(.log(HostLogEntry(server: name, level: .notice, source: .host, message: message)))
            })
        case .sse:
            guard let url = config.url else { break }
            return LegacySSETransport(name: name, url: url, headers: config.headers,
                                      maxMessageBytes: config.maxMessageBytes, tls: config.tls)
        case .ws:
            guard let url = config.url else { break }
            return WebSocketTransport(name: name, url: url, headers: config.headers,
                                      maxMessageBytes: config.maxMessageBytes,
                                      tlsConfiguration: try config.tls?.nioConfiguration(server: name)
                                          ?? .makeClientConfiguration())
        }
        throw HostError.unsupportedTransport(server: config.name, kind: config.kind)
    }

    private func makeSession(generation: Int) throws -> MCPSession {
        let name = config.name
        let updates = self.updates
        let transport = try makeTransport()
        let sampling = config.sampling
        // One per session: a new session starts with nothing running.
        let refreshGate = ListRefreshGate()
        var onMessage: (@Sendable (Bool, Value, String) -> Void)?
        if let trace = self.trace {
            onMessage = { sent, message, json in trace.record(server: name, sent: sent, message: message, json: json) }
        }
        return MCPSession(
            serverName: name, transport: transport, defaultTimeout: config.timeout,
            onNotification: { [weak self] method, params in
                if method == LogMessageNotification.name {
                    updates.yield(.log(Self.logEntry(server: name, params: params)))
                } else if let kind = ListRefreshGate.Kind(notification: method) {
                    guard refreshGate.announce(kind) else { return }
                    Task { await self?.refreshLists(kind, gate: refreshGate, generation: generation) }
                } else {
                    Self.routeFeatureNotification(method, params, server: name, updates: updates)
                }
            },
            onRequest: { [weak self, requests] method, params in
                // 2025-11-25 client/roots (read now: a /reload may change them); sampling and
                // elicitation wait for the user in the broker.
                if method == ListRoots.name {
                    guard let self else { throw MCPError.internalError("the connection is gone") }
                    return await self.rootsResult()
                }
                return try await requests.handle(server: name, method: method, params: params, sampling: sampling)
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
            onMessage: onMessage,
            onClose: { [weak self] reason in
                Task {
                    let expired = await (transport as? any SessionExpiryReporting)?.sessionExpired ?? false
                    await self?.sessionEnded(generation: generation, reason: reason, sessionExpired: expired)
                }
            },
            clock: lifecycle.clock)
    }

    /// `tools/list`, following `nextCursor` until the last page (2025-11-25 server/utilities/pagination).
    /// Also notes which tools must be called as tasks (`execution.taskSupport`, which the SDK's
    /// `Tool` does not keep).
    private func listAllTools(_ session: MCPSession) async throws -> [Tool] {
        var tools: [Tool] = []
        var taskRequired = Set<String>()
        var parameterHeaders: [String: [ParameterHeader]] = [:]
        var refused: [String: String] = [:]
        var cursor: String?
        var seen = Set<String>()
        repeat {
            let raw = try await session.requestRaw(
                method: ListTools.name, params: .object(cursor.map { ["cursor": .string($0)] } ?? [:]),
                timeout: config.timeout)
            let page: ListTools.Result
            do {
                page = try JSONCoding.convert(raw, to: ListTools.Result.self)
            } catch {
                throw SessionError.malformed(server: config.name, detail: "tools/list result: \(JSONCoding.reason(error))")
            }
            for case .object(let tool)? in raw.objectValue?["tools"]?.arrayValue ?? [] {
                guard let name = tool["name"]?.stringValue else { continue }
                if tool["execution"]?.objectValue?["taskSupport"]?.stringValue == "required" { taskRequired.insert(name) }
                // 2026-07-28 streamable HTTP: a tool whose x-mcp-header annotations break the rules is
                // left out (with a warning); the others' parameters travel as Mcp-Param-* headers.
                guard config.kind == .http, let schema = tool["inputSchema"] else { continue }
                switch ToolParameterHeaders.parse(schema) {
                case .success(let headers) where !headers.isEmpty: parameterHeaders[name] = headers
                case .success: break
                case .failure(let invalid): refused[name] = invalid.reason
                }
            }
            tools += page.tools.filter { refused[$0.name] == nil }
            cursor = page.nextCursor
            // A server that repeats a cursor would loop forever.
            if let next = cursor, !seen.insert(next).inserted { break }
        } while cursor != nil
        taskRequiredTools = taskRequired
        for (name, reason) in refused.sorted(by: { $0.key < $1.key }) {
            log(.warning, "tool \"\(name)\" left out: invalid x-mcp-header annotation (\(reason))")
        }
        await (session.transport as? HTTPFallbackTransport)?.setParameterHeaders(parameterHeaders)
        // The entry's "tools" include/exclude: what it leaves out does not exist for mcpterm.
        let kept = config.tools.isEmpty ? tools : tools.filter { config.tools.allows($0.name) }
        listedTools = Dictionary(kept.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        return kept
    }

    /// The tools as last listed, by name (a header-mismatch retry compares against them).
    private var listedTools: [String: Tool] = [:]

    /// The session when the server is ready; feature calls (ServerConnection+Features.swift) use it.
    func readySession() throws -> MCPSession {
        guard let session, status.state == .ready else {
            throw HostError.serverNotReady(server: config.name, state: status.state.summary)
        }
        return session
    }

    /// Lists `kind` again until no change was announced during the last pass (see `ListRefreshGate`).
    private func refreshLists(_ kind: ListRefreshGate.Kind, gate: ListRefreshGate, generation: Int) async {
        repeat {
            switch kind {
            case .tools: await refreshTools(generation: generation)
            case .resources, .prompts: await refreshCatalog(kind, generation: generation)
            }
        } while gate.finished(kind)
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

    /// The roots to answer `roots/list` with: the entry's, until a /reload changes only them.
    private(set) var rootsSource: ServerConfig

    /// A /reload changed only this server's roots: answer `roots/list` with the new ones, show
    /// them, and tell a ready server (`notifications/roots/list_changed`).
    func updateRoots(_ config: ServerConfig) async {
        rootsSource = config
        var next = status
        next.roots = config.rootPaths()
        setStatus(next)
        guard let session, status.state == .ready else { return }
        do {
            try await session.notify(method: "notifications/roots/list_changed", params: nil)
        } catch {
            updates.yield(.log(HostLogEntry(server: config.name, level: .warning, source: .host,
                                            message: "could not tell the server its roots changed: \(error)")))
        }
    }

    private func rootsResult() -> Value {
        let roots: [Value] = rootsSource.rootList().map { root in
            var fields: [String: Value] = ["uri": .string(root.uri)]
            if let name = root.name { fields["name"] = .string(name) }
            return .object(fields)
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
        if state != .ready {
            next.toolCount = 0
            next.health.readySince = nil
            next.health.missedPings = 0
        }
        setStatus(next)
    }

    private func setStatus(_ next: ServerStatus) {
        guard next != status else { return }
        status = next
        updates.yield(.status(next))
    }
}
