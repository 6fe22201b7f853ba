import Foundation
import Logging
import MCP

/// Our JSON-RPC engine for one MCP server over any SDK `Transport`: integer request ids,
/// per-request timeouts (restarted by progress), cancellation, and server-to-client requests
/// answered off the receive loop. Used instead of the SDK's `Client` (see ARCHITECTURE.md).
public actor MCPSession {
    /// The protocol versions this host can speak through `initialize` (the handshake era).
    public static let supportedProtocolVersions = Set(ProtocolEra.handshakeVersions)

    public nonisolated let serverName: String
    /// The transport, so the connection can ask how it ended up (legacy SSE fallback).
    nonisolated let transport: any Transport
    let defaultTimeout: Double
    private let onNotification: @Sendable (_ method: String, _ params: Value?) -> Void
    let onRequest: @Sendable (_ method: String, _ params: Value?) async throws -> Value
    let onTrace: (@Sendable (_ direction: String, _ json: String) -> Void)?
    /// Every JSON-RPC message in and out with the value the session already has for it (so the
    /// trace never parses a message twice).
    let onMessage: (@Sendable (_ sent: Bool, _ message: Value, _ json: String) -> Void)?
    private let onClose: (@Sendable (_ reason: String) -> Void)?
    let clock: any SessionClock

    private struct PendingCall {
        let method: String
        let continuation: CheckedContinuation<Value, any Error>
        let timeout: Double
        let progressToken: Value?
        /// Told each `notifications/progress` for this request.
        let onProgress: (@Sendable (ToolProgress) -> Void)?
        /// When it was sent, and the latest it may end however much progress comes (on `clock`).
        let sentAt: Double
        let maxTimeout: Double?
        /// When it times out (on `clock`); set by `armTimer`, moved by progress.
        var deadline = Double.infinity
    }

    /// A message waiting for the writer task; `requestID` is set for our requests so a failed
    /// write fails that request.
    private struct Outgoing: Sendable {
        let requestID: Int?
        let data: Data
    }

    /// URLElicitationRequiredError (2025-11-25 client/elicitation).
    static let urlElicitationRequiredCode = -32042

    private var nextID = 1
    private var pending: [Int: PendingCall] = [:]
    /// Server-to-client requests being answered, by the JSON text of their id (for cancellation).
    private var serverRequests: [String: Task<Void, Never>] = [:]
    private let outbox: AsyncStream<Outgoing>
    private let outboxInput: AsyncStream<Outgoing>.Continuation
    private var receiveTask: Task<Void, Never>?
    /// One timer for all requests (see `DeadlineWatch`).
    private var deadlineWatch = DeadlineWatch()
    private var writerTask: Task<Void, Never>?
    private var started = false
    /// Set once the session is over; new requests fail at once with this reason.
    private var closedReason: String?
    /// The version agreed in `initialize` or `server/discover`.
    public internal(set) var protocolVersion: String?
    /// Set when `server/discover` settled on the 2026-07-28 era: stamped into every request.
    var envelope: RequestEnvelope?
    /// The open `subscriptions/listen` request (2026-07-28) and what it asks for
    /// (SubscriptionListener.swift).
    var listenTask: Task<Void, Never>?
    var listenFilter: [String: Value] = [:]
    /// Callers waiting until the server acknowledges the current listen stream.
    var listenAckWaiters: [CheckedContinuation<Void, Never>] = []

    /// - Parameters:
    ///   - onNotification: every server notification, in arrival order, on the session's executor.
    ///   - onRequest: server-to-client requests other than `ping`; each runs in its own task. Throw
    ///     an `MCPError` to choose the JSON-RPC error code.
    ///   - onTrace: every message in and out ("send", "recv"), lines skipped ("skip"), and notes
    ///     for the host log ("note", e.g. the change stream of the 2026-07-28 era ended).
    ///   - onMessage: every message sent or received, parsed, with its JSON text (the trace).
    ///   - onClose: the session ended without `close()` (process exited, stream failed).
    ///   - clock: the time source for timeouts (tests pass a clock they move by hand).
    public init(serverName: String, transport: any Transport, defaultTimeout: Double = 60,
                onNotification: @escaping @Sendable (_ method: String, _ params: Value?) -> Void,
                onRequest: @escaping @Sendable (_ method: String, _ params: Value?) async throws -> Value,
                onTrace: (@Sendable (_ direction: String, _ json: String) -> Void)? = nil,
                onMessage: (@Sendable (_ sent: Bool, _ message: Value, _ json: String) -> Void)? = nil,
                onClose: (@Sendable (_ reason: String) -> Void)? = nil,
                clock: any SessionClock = SystemSessionClock()) {
        self.serverName = serverName
        self.transport = transport
        self.defaultTimeout = defaultTimeout
        self.onNotification = onNotification
        self.onRequest = onRequest
        self.onTrace = onTrace
        self.onMessage = onMessage
        self.onClose = onClose
        self.clock = clock
        (outbox, outboxInput) = AsyncStream.makeStream(of: Outgoing.self)
    }

    /// Connects the transport and starts the receive loop and the writer.
    public func start() async throws {
        guard !started else { return }
        started = true
        do {
            try await transport.connect()
        } catch {
            closedReason = Self.reason(error)
            throw error
        }
        let stream = await transport.receive()
        receiveTask = Task { [weak self] in
            do {
                for try await data in stream {
                    guard let self else { return }
                    await self.receive(data)
                }
                await self?.transportEnded(reason: "the server closed the connection")
            } catch {
                await self?.transportEnded(reason: Self.reason(error))
            }
        }
        let transport = self.transport
        let outbox = self.outbox
        writerTask = Task { [weak self] in
            for await item in outbox {
                do {
                    try await transport.send(item.data)
                } catch {
                    if let id = item.requestID { await self?.fail(id, with: error) }
                }
            }
        }
    }

    /// The MCP handshake (2025-11-25 basic/lifecycle#initialization): `initialize`, check the
    /// version the server chose, then `notifications/initialized`.
    public func initialize(clientName: String, clientVersion: String,
                           protocolVersion: String = "2025-11-25",
                           capabilities: Client.Capabilities = MCPSession.clientCapabilities) async throws -> Initialize.Result {
        try await initializeKeepingCapabilities(clientName: clientName, clientVersion: clientVersion,
                                                protocolVersion: protocolVersion, capabilities: capabilities).result
    }

    /// `initialize`, with the server's capabilities as sent: the SDK's type drops what it does
    /// not model (2025-11-25 `tasks`, extensions).
    func initializeKeepingCapabilities(
        clientName: String, clientVersion: String, protocolVersion: String = "2025-11-25",
        capabilities: Client.Capabilities = MCPSession.clientCapabilities
    ) async throws -> (result: Initialize.Result, capabilities: Value) {
        let parameters = Initialize.Parameters(
            protocolVersion: protocolVersion,
            capabilities: capabilities,
            clientInfo: Client.Info(name: clientName, version: clientVersion))
        let encoded: Value
        do {
            encoded = try JSONCoding.value(of: parameters)
        } catch {
            throw SessionError.malformed(server: serverName, detail: "cannot encode initialize parameters: \(error)")
        }
        let raw = try await requestRaw(method: Initialize.name, params: encoded)
        let result: Initialize.Result
        do {
            result = try JSONCoding.convert(raw, to: Initialize.Result.self)
        } catch {
            throw SessionError.malformed(server: serverName, detail: "initialize result: \(JSONCoding.reason(error))")
        }
        guard Self.supportedProtocolVersions.contains(result.protocolVersion) else {
            throw SessionError.unsupportedProtocolVersion(server: serverName, version: result.protocolVersion)
        }
        self.protocolVersion = result.protocolVersion
        envelope = nil
        try await notify(method: InitializedNotification.name, params: nil)
        return (result, raw.objectValue?["capabilities"] ?? .object([:]))
    }

    /// A typed request using the SDK's method types (`ListTools.self`, `CallTool.self`, …).
    public func request<M: MCP.Method>(_ method: M.Type, _ params: M.Parameters,
                                       timeout: Double? = nil, maxTimeout: Double? = nil,
                                       onProgress: (@Sendable (ToolProgress) -> Void)? = nil) async throws -> M.Result {
        let encoded: Value
        do {
            encoded = try JSONCoding.value(of: params)
        } catch {
            throw SessionError.malformed(server: serverName, detail: "cannot encode \(M.name) parameters: \(error)")
        }
        let result = try await requestRaw(method: M.name, params: encoded, timeout: timeout, maxTimeout: maxTimeout,
                                          onProgress: onProgress)
        do {
            return try JSONCoding.convert(result, to: M.Result.self)
        } catch {
            throw SessionError.malformed(server: serverName,
                                         detail: "\(M.name) result: \(JSONCoding.reason(error))")
        }
    }

    /// Sends a request and waits for its result. Fails with `SessionError` (or `CancellationError`
    /// when the calling task is cancelled, after telling the server with `notifications/cancelled`).
    /// In the 2026-07-28 era an `input_required` answer is resolved here: its input requests go
    /// through `onRequest` and the request is retried (see `InputRequiredDriver`).
    /// `maxTimeout` bounds the whole request even while progress keeps coming (the spec's advice);
    /// `onProgress` hears each `notifications/progress` for it.
    public func requestRaw(method: String, params: Value?, timeout: Double? = nil, maxTimeout: Double? = nil,
                           onProgress: (@Sendable (ToolProgress) -> Void)? = nil) async throws -> Value {
        let startedAt = clock.now
        let first = try await exchange(method: method, params: params, timeout: timeout, maxTimeout: maxTimeout,
                                       onProgress: onProgress)
        guard envelope != nil else { return first }
        let result = InputRequiredDriver.isInputRequired(first)
            ? try await resolveInputRequired(first, method: method, params: params, timeout: timeout,
                                             maxTimeout: maxTimeout, onProgress: onProgress)
            : first
        // 2026-07-28 basic/index ResultType: "complete" (or none, from a bridge) is a result; "task"
        // is a tasks-extension handle, valid only for tools/call; anything else is an error.
        switch result.objectValue?["resultType"] {
        case nil, .string("complete")?:
            return result
        case .string("task")? where method == CallTool.name:
            let tool = params?.objectValue?["name"]?.stringValue ?? "?"
            return try await resolveTask(result, flavor: .tasksExtension, tool: tool, timeout: timeout,
                                         maxTimeout: maxTimeout, startedAt: startedAt, onProgress: onProgress)
        case let other?:
            throw SessionError.malformed(server: serverName, detail: "\(method) answered resultType \(other), "
                + "which mcpterm cannot use as its result")
        }
    }

    private func resolveInputRequired(_ first: Value, method: String, params: Value?, timeout: Double?,
                                      maxTimeout: Double?,
                                      onProgress: (@Sendable (ToolProgress) -> Void)?) async throws -> Value {
        let clock = self.clock
        let driver = InputRequiredDriver(
            server: serverName, method: method, dispatch: onRequest,
            retry: { [weak self] responses, requestState in
                guard let self else { throw CancellationError() }
                var fields = params?.objectValue ?? [:]
                fields["inputResponses"] = responses
                fields["requestState"] = requestState.map { .string($0) }
                return try await self.exchange(method: method, params: .object(fields), timeout: timeout,
                                               maxTimeout: maxTimeout, onProgress: onProgress)
            },
            sleep: { seconds in try await clock.sleep(until: clock.now + seconds) })
        return try await driver.resolve(first)
    }

    /// One request, one response: the JSON-RPC exchange under `requestRaw`. A timeout of
    /// `.infinity` arms no timer (a `subscriptions/listen` stream lasts as long as the session).
    func exchange(method: String, params: Value?, timeout: Double?, maxTimeout: Double? = nil,
                  onProgress: (@Sendable (ToolProgress) -> Void)? = nil) async throws -> Value {
        if let closedReason { throw SessionError.closed(server: serverName, reason: closedReason) }
        let id = nextID
        nextID += 1
        var params = params
        var progressToken: Value?
        if let envelope, method != Self.discoverMethod { params = envelope.stamp(params) }
        // A progress token lets the server keep a long call alive (2025-11-25 basic/utilities/progress).
        if method != Initialize.name, method != Self.discoverMethod, case .object(var fields)? = params {
            var meta = fields["_meta"]?.objectValue ?? [:]
            if meta["progressToken"] == nil { meta["progressToken"] = .int(id) }
            progressToken = meta["progressToken"]
            fields["_meta"] = .object(meta)
            params = .object(fields)
        }
        var envelope: [String: Value] = ["jsonrpc": "2.0", "id": .int(id), "method": .string(method)]
        if let params { envelope["params"] = params }
        let data: Data
        do {
            data = try JSONCoding.encode(Value.object(envelope))
        } catch {
            throw SessionError.malformed(server: serverName, detail: "cannot encode \(method): \(error)")
        }
        let seconds = timeout ?? defaultTimeout
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                    return
                }
                pending[id] = PendingCall(method: method, continuation: continuation, timeout: seconds,
                                          progressToken: progressToken, onProgress: onProgress,
                                          sentAt: clock.now, maxTimeout: maxTimeout)
                armTimer(for: id)
                traceSent(.object(envelope), data)
                outboxInput.yield(Outgoing(requestID: id, data: data))
            }
        } onCancel: {
            Task { await self.abandon(id, reason: "cancelled by the client", error: CancellationError()) }
        }
    }

    /// Sends a notification (no answer expected).
    public func notify(method: String, params: Value?) async throws {
        if let closedReason { throw SessionError.closed(server: serverName, reason: closedReason) }
        var envelope: [String: Value] = ["jsonrpc": "2.0", "method": .string(method)]
        if let params { envelope["params"] = params }
        let data = try JSONCoding.encode(Value.object(envelope))
        traceSent(.object(envelope), data)
        try await transport.send(data)
    }

    /// Ends the session: pending requests fail with `SessionError.closed` carrying `reason`, the
    /// transport disconnects (for stdio: the process is stopped and reaped).
    public func close(reason: String = "closed by the host") async {
        if closedReason == nil { closedReason = reason }
        failAll(reason: closedReason!)
        for task in serverRequests.values { task.cancel() }
        serverRequests = [:]
        outboxInput.finish()
        writerTask?.cancel()
        await transport.disconnect()
        receiveTask?.cancel()
    }

    // MARK: - Timeouts and cancellation

    private func armTimer(for id: Int) {
        guard let call = pending[id], call.timeout.isFinite else { return }
        // The deadline is fixed now, not when a timer task first runs; progress moves it, but
        // never past the request's whole allowance.
        var deadline = clock.now + call.timeout
        if let maxTimeout = call.maxTimeout { deadline = min(deadline, call.sentAt + maxTimeout) }
        pending[id]!.deadline = deadline
        if deadlineWatch.needsWake(before: deadline) { startDeadlineWatch(until: deadline) }
    }

    private func startDeadlineWatch(until deadline: Double) {
        let clock = self.clock
        deadlineWatch.start(until: deadline, Task { [weak self] in
            do {
                try await clock.sleep(until: deadline)
            } catch {
                return
            }
            if Task.isCancelled { return }
            await self?.deadlineReached()
        })
    }

    /// Times out every request whose deadline has passed, then sleeps until the next deadline.
    private func deadlineReached() {
        deadlineWatch.stopped()
        let now = clock.now
        for (id, call) in pending where call.deadline <= now {
            if let maxTimeout = call.maxTimeout, now >= call.sentAt + maxTimeout {
                abandon(id, reason: "ran past its maxTimeout of \(maxTimeout) s",
                        error: SessionError.exceededMaxTime(server: serverName, method: call.method, seconds: maxTimeout))
            } else {
                abandon(id, reason: "timed out after \(call.timeout) s",
                        error: SessionError.timedOut(server: serverName, method: call.method, seconds: call.timeout))
            }
        }
        if let next = pending.values.map(\.deadline).min(), next.isFinite { startDeadlineWatch(until: next) }
    }

    /// Fails a pending request and tells the server to stop working on it
    /// (2025-11-25 basic/utilities/cancellation).
    private func abandon(_ id: Int, reason: String, error: any Error) {
        guard let call = pending.removeValue(forKey: id) else { return }
        call.continuation.resume(throwing: error)
        // `initialize` and `server/discover` must not be cancelled (the spec says so): a late
        // answer to a probe that timed out is simply dropped.
        guard call.method != Initialize.name, call.method != Self.discoverMethod, closedReason == nil else { return }
        let params: Value = .object(["requestId": .int(id), "reason": .string(reason)])
        sendInternal(["jsonrpc": "2.0", "method": .string(CancelledNotification.name), "params": params])
    }

    private func fail(_ id: Int, with error: any Error) {
        guard let call = pending.removeValue(forKey: id) else { return }
        if error is TransportError {
            call.continuation.resume(throwing: SessionError.closed(server: serverName, reason: Self.reason(error)))
        } else {
            call.continuation.resume(throwing: error)
        }
    }

    private func failAll(reason: String) {
        let calls = pending
        pending = [:]
        deadlineWatch.cancel()
        for call in calls.values {
            call.continuation.resume(throwing: SessionError.closed(server: serverName, reason: reason))
        }
    }

    private func transportEnded(reason: String) {
        let unexpected = closedReason == nil
        if unexpected { closedReason = reason }
        failAll(reason: closedReason!)
        for task in serverRequests.values { task.cancel() }
        serverRequests = [:]
        outboxInput.finish()
        if unexpected { onClose?(reason) }
    }

    // MARK: - Incoming

    private func receive(_ data: Data) {
        let text = String(decoding: data, as: UTF8.self)
        let value: Value
        do {
            value = try JSONCoding.value(from: data)
        } catch {
            refused(data, text: text, reason: String(describing: error))
            return
        }
        onTrace?("recv", text)
        onMessage?(false, value, text)
        if case .array(let batch) = value {
            // JSON-RPC batches (2025-03-26 only); handled one by one.
            for item in batch { dispatch(JSONRPCMessage.classify(item), text: text) }
        } else {
            dispatch(JSONRPCMessage.classify(value), text: text)
        }
    }

    private func dispatch(_ message: JSONRPCMessage, text: String) {
        switch message {
        case .response(let id, let outcome):
            guard let call = pending.removeValue(forKey: id) else {
                onTrace?("skip", text)
                return
            }
            switch outcome {
            case .result(let result):
                call.continuation.resume(returning: result)
            case .error(let code, let message, let data):
                if let rejection = Self.versionRejection(server: serverName, method: call.method, code: code, data: data) {
                    call.continuation.resume(throwing: rejection)
                    return
                }
                let pages = code == Self.urlElicitationRequiredCode ? URLElicitation.required(server: serverName, data: data) : []
                if !pages.isEmpty {
                    call.continuation.resume(throwing: SessionError.urlElicitationRequired(
                        server: serverName, method: call.method, message: message, pages: pages))
                    return
                }
                call.continuation.resume(throwing: SessionError.rpc(
                    server: serverName, method: call.method, code: code, message: message))
            case .malformed(let detail):
                call.continuation.resume(throwing: SessionError.malformed(
                    server: serverName, detail: "response to \"\(call.method)\": \(detail)"))
            }
        case .notification(let method, let params):
            if method == Self.listenAcknowledgedMethod { listenAcknowledged() }
            if method == ProgressNotification.name, let token = params?.objectValue?["progressToken"],
               let id = pending.first(where: { $0.value.progressToken == token })?.key {
                armTimer(for: id)
                if let update = ToolProgress(params: params) { pending[id]?.onProgress?(update) }
            } else if method == CancelledNotification.name,
                      let requestID = params?.objectValue?["requestId"],
                      let key = Self.key(for: requestID) {
                serverRequests.removeValue(forKey: key)?.cancel()
            }
            onNotification(method, params)
        case .request(let id, let method, let params):
            answer(id: id, method: method, params: params)
        case .invalid:
            onTrace?("skip", text)
        }
    }

    /// A line the parser refused. A response whose id can be read fails its request now with the
    /// parser's reason; one whose id cannot be read leaves the session unable to match answers to
    /// requests, so the connection is reset, as for an oversized message. Anything else (a log
    /// line on stdout, a broken notification) is skipped as before.
    private func refused(_ data: Data, text: String, reason: String) {
        switch UnreadableMessage.examine(data) {
        case .response(let id):
            guard let call = pending.removeValue(forKey: id) else {
                onTrace?("skip", text)
                return
            }
            let detail = "the response to \"\(call.method)\" cannot be read: \(reason)"
            onTrace?("note", detail)
            call.continuation.resume(throwing: SessionError.malformed(server: serverName, detail: detail))
        case .unroutable:
            let ended = "a response that cannot be read and whose id cannot be recovered (\(reason))"
            transportEnded(reason: ended)
            receiveTask?.cancel()
            let transport = self.transport
            Task { await transport.disconnect() }
        case .serverMessage, .notJSON:
            onTrace?("skip", text)
        }
    }

    /// Answers a server-to-client request in its own task, so a slow answer (a user filling in a
    /// form) never blocks the receive loop or other requests.
    private func answer(id: Value, method: String, params: Value?) {
        if method == Ping.name {
            sendInternal(["jsonrpc": "2.0", "id": id, "result": .object([:])])
            return
        }
        guard let key = Self.key(for: id) else { return }
        let onRequest = self.onRequest
        serverRequests[key] = Task { [weak self] in
            var reply: [String: Value] = ["jsonrpc": "2.0", "id": id]
            do {
                reply["result"] = try await onRequest(method, params)
            } catch let error as MCPError {
                reply["error"] = .object(["code": .int(error.code),
                                          "message": .string(error.errorDescription ?? "\(error)")])
            } catch {
                reply["error"] = .object(["code": .int(-32603), "message": .string(String(describing: error))])
            }
            await self?.finishAnswer(key: key, reply: reply)
        }
    }

    private func finishAnswer(key: String, reply: [String: Value]) {
        // A request the server cancelled gets no answer (basic/utilities/cancellation).
        guard serverRequests.removeValue(forKey: key) != nil else { return }
        sendInternal(reply)
    }

    private func sendInternal(_ envelope: [String: Value]) {
        guard let data = try? JSONCoding.encode(Value.object(envelope)) else { return }
        traceSent(.object(envelope), data)
        outboxInput.yield(Outgoing(requestID: nil, data: data))
    }

    /// Tells the trace about a message going out (its text is made only when someone listens).
    private func traceSent(_ message: Value, _ data: Data) {
        guard onTrace != nil || onMessage != nil else { return }
        let text = String(decoding: data, as: UTF8.self)
        onTrace?("send", text)
        onMessage?(true, message, text)
    }

    private static func key(for id: Value) -> String? {
        guard let data = try? JSONCoding.encode(id) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    private static func reason(_ error: any Error) -> String {
        if let transportError = error as? TransportError { return transportError.detail }
        if let httpError = error as? HTTPTransportError { return httpError.detail }
        return String(describing: error)
    }
}
