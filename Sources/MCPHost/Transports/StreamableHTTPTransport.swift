import Foundation
import HTTPStreaming
import Logging
import MCP

/// The streamable HTTP transport (MCP 2025-11-25 basic/transports#streamable-http): each message is
/// POSTed to one URL; the answer is 202, one JSON body, or an SSE stream that may carry server
/// requests and notifications before the response. A GET SSE stream carries server-initiated
/// messages once the session is established.
///
/// The negotiated protocol version is learned by peeking at the `initialize` result as it passes
/// through, so `MCPSession` needs no HTTP-specific wiring; `protocolVersion` can also be set.
public actor StreamableHTTPTransport: Transport {
    /// How many times in a row the GET stream may fail to reopen before the transport gives up
    /// (the session then ends and the connection layer reconnects).
    public static let getStreamRetries = 3

    public nonisolated let logger: Logger
    private let name: String
    private let url: String
    /// `url` without its query (which may hold a token), for messages.
    private let shownURL: String
    /// Configured headers; the values are secrets and are never logged.
    private let headers: [String: String]
    private let client: HTTPClient
    /// OAuth for this server: the bearer token of each request, and what a 401 or 403 means.
    private let authorization: ServerAuthorization?
    /// The entry's TLS settings (private CA, client certificate, no verification).
    private let tls: HTTPTLSOptions?
    /// The most one incoming message (a JSON body, one SSE event's data) may hold.
    private let limit: MessageSizeLimit
    private let stream: AsyncThrowingStream<Data, any Error>
    private let continuation: AsyncThrowingStream<Data, any Error>.Continuation

    /// Each tool's `x-mcp-header` parameters (set after `tools/list`), sent as `Mcp-Param-*`.
    private var parameterHeaders: [String: [ParameterHeader]] = [:]
    /// `Mcp-Session-Id` from the `initialize` response, sent on every later request.
    public private(set) var sessionID: String?
    /// Sent as `MCP-Protocol-Version` on every request after `initialize`.
    public var protocolVersion: String?
    /// The JSON text of the `initialize` request's id, to find its result.
    private var initializeID: String?
    private var connected = false
    private var closed = false
    private var finished = false
    private var getTask: Task<Void, Never>?
    private var tasks: [Int: Task<Void, Never>] = [:]
    private var nextTaskID = 0
    /// The GET stream's last event id, sent as `Last-Event-ID` when it is reopened.
    private var lastEventID = ""
    /// True once a request carrying our session id was answered 404: the connection layer must
    /// start a new session at once (2025-11-25 basic/transports#session-management).
    public private(set) var sessionExpired = false

    init(name: String, url: String, headers: [String: String] = [:], client: HTTPClient = .shared,
         maxMessageBytes: Int = ServerConfig.defaultMaxMessageBytes, authorization: ServerAuthorization?,
         tls: HTTPTLSOptions? = nil) {
        self.authorization = authorization
        self.tls = tls
        self.name = name
        self.limit = MessageSizeLimit(server: name, bytes: maxMessageBytes)
        self.url = url
        self.shownURL = HTTPTransportError.redacted(url)
        self.headers = headers
        self.client = client
        self.logger = Logger(label: "mcpterm.http.\(name)")
        (stream, continuation) = AsyncThrowingStream.makeStream(of: Data.self)
    }

    public init(name: String, url: String, headers: [String: String] = [:], client: HTTPClient = .shared,
                maxMessageBytes: Int = ServerConfig.defaultMaxMessageBytes) {
        self.init(name: name, url: url, headers: headers, client: client, maxMessageBytes: maxMessageBytes,
                  authorization: nil)
    }

    /// The `x-mcp-header` parameters of the tools as last listed.
    func setParameterHeaders(_ headers: [String: [ParameterHeader]]) {
        parameterHeaders = headers
    }

    /// Sets the version sent as `MCP-Protocol-Version` (normally learned from `initialize`).
    public func setProtocolVersion(_ version: String?) {
        protocolVersion = version
    }

    public func connect() async throws {
        guard !closed else { throw TransportError.closed(server: name) }
        let lowered = url.lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://") else {
            throw HTTPTransportError.invalidURL(server: name, url: shownURL)
        }
        connected = true
    }

    public func receive() -> AsyncThrowingStream<Data, any Error> {
        stream
    }

    public func send(_ data: Data) async throws {
        guard connected, !closed, !finished else { throw TransportError.closed(server: name) }
        var request = makeRequest(method: "POST", accept: "application/json, text/event-stream")
        request.headers.append(("Content-Type", "application/json"))
        // 2026-07-28: the envelope's version, the method and the name, mirrored as headers.
        let routing = ModernRequestHeaders.headers(for: data, parameters: parameterHeaders)
        if !routing.isEmpty {
            request.headers.removeAll { $0.0 == "MCP-Protocol-Version" }
            request.headers += routing
        }
        request.body = data
        let post = request
        switch OutgoingMessage(data) {
        case .request(let id, let idKey, let method) where method != Initialize.name:
            // Not waiting for the head: in JSON mode it only comes with the result, and waiting
            // would hold every later message (and concurrent calls) behind this one.
            startTask { transport in await transport.runRequest(post, id: id, idKey: idKey) }
        case .request(let id, let idKey, _):
            // initialize: wait for the head, since every later request needs its session id, and
            // a 4xx here must reach the caller (legacy fallback, clear failure).
            initializeID = idKey
            sessionID = nil
            protocolVersion = nil
            let (head, body) = try await perform(request)
            if let session = head.headers["mcp-session-id"], !session.isEmpty { sessionID = session }
            startTask { transport in await transport.readReply(head, body, id: id, idKey: idKey) }
        case .other(let method):
            let (head, body) = try await perform(request)
            if head.status != 202 {
                startTask { transport in await transport.readReply(head, body, id: nil, idKey: nil) }
            }
            if method == InitializedNotification.name { openGETStream() }
        }
    }

    /// Ends the session (DELETE with the session id; a 405 means the server keeps it, which is
    /// fine) and stops every stream (2025-11-25 basic/transports#session-management).
    public func disconnect() async {
        guard !closed else { return }
        closed = true
        getTask?.cancel()
        for task in tasks.values { task.cancel() }
        tasks = [:]
        if connected, sessionID != nil {
            var request = makeRequest(method: "DELETE", accept: "application/json, text/event-stream")
            request.totalTimeout = 5
            if let header = await authorization?.authorizationHeader() { request.headers.append(("Authorization", header)) }
            do {
                _ = try await client.send(request)
            } catch {
                logger.debug("DELETE \(shownURL) failed: \(HTTPTransportError.from(error, server: name, method: "DELETE", url: url))")
            }
        }
        finish(throwing: TransportError.closed(server: name))
    }

    // MARK: - Requests

    private func makeRequest(method: String, accept: String) -> HTTPStreaming.HTTPRequest {
        var request = HTTPStreaming.HTTPRequest(url: url, method: method)
        request.tls = tls
        for (field, value) in headers.sorted(by: { $0.key < $1.key }) { request.headers.append((field, value)) }
        request.headers.append(("Accept", accept))
        if let sessionID { request.headers.append(("Mcp-Session-Id", sessionID)) }
        if let protocolVersion { request.headers.append(("MCP-Protocol-Version", protocolVersion)) }
        return request
    }

    /// Sends a request with the server's bearer token, if it has OAuth (MCP basic/authorization:
    /// every request carries it). A 401 is handed to the authorization, which refreshes the token
    /// (the request is sent once more) or throws `OAuthError.loginRequired`; a 403
    /// `insufficient_scope` throws that too (a step-up login).
    private func perform(_ original: HTTPStreaming.HTTPRequest) async throws -> (HTTPResponseHead, AsyncThrowingStream<Data, Error>) {
        guard let authorization else { return try await performOnce(original) }
        var request = original
        request.passedStatuses = [401, 403]
        for attempt in 0..<2 {
            var sent = request
            let header = await authorization.authorizationHeader()
            if let header {
                sent.headers.removeAll { $0.0.lowercased() == "authorization" }
                sent.headers.append(("Authorization", header))
            }
            let (head, body) = try await performOnce(sent)
            guard head.status == 401 || head.status == 403 else { return (head, body) }
            let text = await Self.errorText(body)
            if head.status == 401 {
                if try await authorization.unauthorized(headers: head.headers, sentHeader: header), attempt == 0 { continue }
            } else {
                try await authorization.forbidden(headers: head.headers)
            }
            throw HTTPTransportError.status(server: name, method: request.method, url: shownURL, status: head.status, body: text)
        }
        throw HTTPTransportError.status(server: name, method: request.method, url: shownURL, status: 401, body: "")
    }

    /// The start of an error body, for a message (at most 4 KiB read).
    private static func errorText(_ body: AsyncThrowingStream<Data, Error>) async -> String {
        var data = Data()
        do {
            for try await chunk in body {
                data.append(chunk)
                if data.count >= 4096 { break }
            }
        } catch {
            // A body that breaks off: its start is message enough (the status says what happened).
        }
        return String(decoding: data.prefix(4096), as: UTF8.self)
    }

    /// Sends a request and returns its head; errors name the server, method, URL and status.
    /// A 404 to a request carrying a session id ends the whole transport: the session expired.
    private func performOnce(_ request: HTTPStreaming.HTTPRequest) async throws -> (HTTPResponseHead, AsyncThrowingStream<Data, Error>) {
        let sentSession = request.headers.contains { $0.0 == "Mcp-Session-Id" }
        do {
            return try await client.stream(request)
        } catch {
            let mapped = HTTPTransportError.from(error, server: name, method: request.method, url: url)
            if sentSession, let httpError = mapped as? HTTPTransportError, httpError.httpStatus == 404 {
                let expired = HTTPTransportError.sessionExpired(server: name, url: shownURL)
                sessionExpired = true
                finish(throwing: expired)
                throw expired
            }
            throw mapped
        }
    }

    private func runRequest(_ request: HTTPStreaming.HTTPRequest, id: Value, idKey: String) async {
        do {
            let (head, body) = try await perform(request)
            await readReply(head, body, id: id, idKey: idKey)
        } catch is CancellationError {
            return
        } catch {
            failRequest(id: id, error)
        }
    }

    /// Reads one POST's reply: a JSON body, or an SSE stream whose `message` events are yielded as
    /// they arrive. A request whose reply ends without its response fails at once; a message over
    /// the size limit ends the whole transport.
    private func readReply(_ head: HTTPResponseHead, _ body: AsyncThrowingStream<Data, Error>,
                           id: Value?, idKey: String?) async {
        let type = head.headers["content-type"]?.lowercased() ?? ""
        var answered = false
        var failure: (any Error)?
        do {
            if type.hasPrefix("text/event-stream") {
                answered = try await readEventStream(body, idKey: idKey)
            } else {
                let data = try await limit.collect(body, head: head)
                if !data.isEmpty, deliver(data, idKey: idKey) { answered = true }
            }
        } catch is CancellationError {
            return
        } catch let error as TransportError {
            finish(throwing: error)  // over the limit: the framing is lost, reset the connection
            return
        } catch HTTPTransportError.sessionExpired {
            return  // `perform` ended the transport already
        } catch {
            failure = HTTPTransportError.from(error, server: name, method: "POST", url: url)
        }
        guard let id, let idKey, !answered, !closed else { return }
        failRequest(id: id, failure ?? HTTPTransportError.streamEnded(
            server: name, url: shownURL, what: "before the response to request \(idKey)"))
    }

    /// Reads a POST's SSE reply; says whether the response to `idKey` came. When the stream breaks
    /// off before it (a network failure, or a server closing the connection to make us poll) and
    /// the server gave its events ids, the stream is resumed with a GET carrying `Last-Event-ID`
    /// after the server's `retry` (MCP 2025-11-25 basic/transports#resumability-and-redelivery).
    private func readEventStream(_ first: AsyncThrowingStream<Data, Error>, idKey: String?) async throws -> Bool {
        var body = first
        var resumed = false
        var failures = 0
        var retry: Int?
        var lastID = ""
        while true {
            var decoder = limit.makeDecoder()
            var answered = false
            var progressed = false
            var broke: (any Error)?
            do {
                chunks: for try await chunk in body {
                    for event in try limit.events(from: &decoder, chunk) {
                        if let value = event.retry { retry = value }
                        if let id = event.id { lastID = id }
                        progressed = true
                        if deliver(event, idKey: idKey) { answered = true }
                    }
                    // A resumed stream may stay open for later messages: ours has come.
                    if answered, resumed { break chunks }
                }
                // (After that early stop the decoder may hold half an event: not to be dispatched.)
                if !(answered && resumed) {
                    for event in decoder.finish() where deliver(event, idKey: idKey) { answered = true }
                }
            } catch let error as TransportError {
                throw error
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                broke = error
            }
            if answered { return true }
            // Only streams that carry nothing count against the retries: a server may make us
            // poll for as long as the call runs (it sets `retry` and closes after each batch).
            failures = progressed ? 0 : failures + 1
            guard idKey != nil, !lastID.isEmpty, !closed, !finished, failures <= Self.getStreamRetries else {
                if let broke { throw broke }
                return false
            }
            let delay = Self.reconnectDelay(retry: retry, failures: failures)
            try await Task.sleep(for: .seconds(delay))
            var request = makeRequest(method: "GET", accept: "text/event-stream")
            request.headers.append(("Last-Event-ID", lastID))
            do {
                let (head, next) = try await perform(request)
                guard head.headers["content-type"]?.lowercased().hasPrefix("text/event-stream") ?? false else {
                    return false
                }
                body = next
                resumed = true
            } catch let error as HTTPTransportError {
                // Expired: the connection starts over. 405: the server offers no GET to resume with.
                if case .sessionExpired = error { throw error }
                if error.httpStatus == 405 { throw error }
                body = AsyncThrowingStream { $0.finish(throwing: error) }
            }
        }
    }

    /// Fails one request without ending the session: the transport answers it with a JSON-RPC
    /// error carrying the reason (the session routes it like any other response).
    private func failRequest(id: Value, _ error: any Error) {
        guard !finished, !closed else { return }
        var rpcError: Value = .object(["code": .int(-32000), "message": .string("\(error)")])
        // A 2026-07-28 server answers its JSON-RPC errors with a 4xx status and the error as the
        // body; keep its code and data (a -32022 lists the versions it speaks).
        if case .status(_, _, _, _, let body)? = error as? HTTPTransportError,
           let value = try? JSONCoding.value(from: Data(body.utf8)),
           case .object(let serverError)? = value.objectValue?["error"], serverError["code"]?.intValue != nil {
            rpcError = .object(serverError)
        }
        let reply: Value = .object(["jsonrpc": "2.0", "id": id, "error": rpcError])
        if let data = try? JSONCoding.encode(reply) { continuation.yield(data) }
    }

    private func deliver(_ event: SSEEvent, idKey: String?) -> Bool {
        // Events with empty data only prime a resumable stream (2025-11-25 resumability).
        guard event.event == "message", !event.data.isEmpty else { return false }
        return deliver(Data(event.data.utf8), idKey: idKey)
    }

    /// Yields one message; says whether it is the response to `idKey`, and learns the protocol
    /// version from the `initialize` result on the way.
    private func deliver(_ data: Data, idKey: String?) -> Bool {
        var isResponse = false
        if let idKey, let value = try? JSONCoding.value(from: data), case .object(let fields) = value,
           fields["method"] == nil, let id = fields["id"], OutgoingMessage.key(id) == idKey {
            isResponse = true
            if idKey == initializeID, let version = fields["result"]?.objectValue?["protocolVersion"]?.stringValue {
                protocolVersion = version
            }
        }
        if !finished { continuation.yield(data) }
        return isResponse
    }

    // MARK: - The GET stream

    private func openGETStream() {
        guard getTask == nil, !closed else { return }
        getTask = Task { await self.runGETStream() }
    }

    /// Listens for server-initiated messages; reopens a dropped stream with `Last-Event-ID` after
    /// 0.5 s, 1 s, 2 s … (or the server's `retry`), and gives up after `getStreamRetries` failures.
    private func runGETStream() async {
        var failures = 0
        while !closed, !finished, !Task.isCancelled {
            var request = makeRequest(method: "GET", accept: "text/event-stream")
            if !lastEventID.isEmpty { request.headers.append(("Last-Event-ID", lastEventID)) }
            var retry: Int?
            do {
                let (head, body) = try await perform(request)
                failures = 0
                guard head.headers["content-type"]?.lowercased().hasPrefix("text/event-stream") ?? false else {
                    logger.notice("GET \(shownURL) did not answer with an event stream; no server-initiated messages")
                    return
                }
                var decoder = limit.makeDecoder()
                for try await chunk in body {
                    for event in try limit.events(from: &decoder, chunk) {
                        if let value = event.retry { retry = value }
                        _ = deliver(event, idKey: nil)
                    }
                    lastEventID = decoder.lastEventID
                }
            } catch let error as HTTPTransportError where error.httpStatus == 405 {
                return  // the server offers no GET stream (allowed by the spec)
            } catch HTTPTransportError.sessionExpired {
                return
            } catch is OAuthError {
                return  // the connection hears of it from the authorization and shows "needs login"
            } catch let error as TransportError {
                finish(throwing: error)  // a message over the limit
                return
            } catch is CancellationError {
                return
            } catch {
                if closed || Task.isCancelled { return }
                failures += 1
                if failures > Self.getStreamRetries {
                    finish(throwing: error)
                    return
                }
            }
            let delay = Self.reconnectDelay(retry: retry, failures: failures)
            do { try await Task.sleep(for: .seconds(delay)) } catch { return }
        }
    }

    /// The server's `retry` (milliseconds, any size it likes) or 0.5 s, 1 s, 2 s …, at most a
    /// minute: a `retry: 9223372036854775807` would otherwise trap in `Task.sleep`.
    static func reconnectDelay(retry: Int?, failures: Int) -> Double {
        let delay = retry.map { Double($0) / 1000 } ?? 0.5 * Double(1 << min(max(failures, 0), 16))
        return min(max(delay, 0), 60)
    }

    // MARK: - Housekeeping

    private func startTask(_ work: @escaping @Sendable (StreamableHTTPTransport) async -> Void) {
        let id = nextTaskID
        nextTaskID += 1
        tasks[id] = Task {
            await work(self)
            self.taskEnded(id)
        }
    }

    private func taskEnded(_ id: Int) {
        tasks[id] = nil
    }

    private func finish(throwing error: any Error) {
        guard !finished else { return }
        finished = true
        continuation.finish(throwing: error)
    }
}
