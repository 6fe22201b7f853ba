import MCP

/// Holds the server-to-client requests that wait for the user, across all servers. A session's
/// `onRequest` task parks here (off the receive loop, so the server keeps being served) until
/// `respond` delivers the user's answer or the server cancels the request.
actor ServerRequestBroker {
    private struct Waiter {
        let request: PendingServerRequest
        let continuation: CheckedContinuation<ServerRequestAnswer, Never>
    }

    private var nextID = 1
    private var waiters: [Int: Waiter] = [:]
    /// Told when a request starts waiting and when it stops (answered or cancelled).
    private let announce: @Sendable (HostEvent) -> Void

    init(announce: @escaping @Sendable (HostEvent) -> Void) {
        self.announce = announce
    }

    /// The requests waiting now, oldest first.
    var waiting: [PendingServerRequest] {
        waiters.values.map(\.request).sorted { $0.id < $1.id }
    }

    /// Answers one server-to-client request: decodes it, waits for the user, encodes the answer
    /// as the JSON-RPC result (or throws the error the server should see).
    func handle(server: String, method: String, params: Value?, sampling: SamplingPolicy = .ask) async throws -> Value {
        let kind: PendingServerRequest.Kind
        do {
            switch method {
            case CreateSamplingMessage.name:
                let parameters = try JSONCoding.convert(params ?? .object([:]), to: CreateSamplingMessage.Parameters.self)
                if let problem = SamplingRequestCheck.problem(parameters) {
                    throw MCPError.invalidParams(problem)
                }
                kind = .sampling(parameters)
            case CreateElicitation.name:
                kind = .elicitation(try JSONCoding.convert(params ?? .object([:]), to: CreateElicitation.Parameters.self))
            default:
                throw MCPError.methodNotFound("mcpterm does not handle \"\(method)\"")
            }
        } catch let error as MCPError {
            throw error
        } catch {
            throw MCPError.invalidParams("\(method): \(JSONCoding.reason(error))")
        }
        let id = nextID
        nextID += 1
        let request = PendingServerRequest(id: id, server: server, kind: kind, samplingPolicy: sampling)
        let answer = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<ServerRequestAnswer, Never>) in
                // A server that cancelled before we got here is answered at once.
                if Task.isCancelled {
                    continuation.resume(returning: .cancel)
                    return
                }
                waiters[id] = Waiter(request: request, continuation: continuation)
                announce(.serverRequest(request))
            }
        } onCancel: {
            // The server sent notifications/cancelled, or the session closed.
            Task { await self.finish(id: id, with: .cancel) }
        }
        return try Self.result(for: answer, kind: kind)
    }

    /// Delivers the user's answer. Throws when nothing waits under `id` or the answer is for the
    /// other kind of request.
    func respond(to id: Int, with answer: ServerRequestAnswer) throws(ServerRequestError) {
        guard let waiter = waiters[id] else { throw .notWaiting(id: id) }
        guard answer.fits(waiter.request.kind) else {
            throw .answerDoesNotFit(id: id, server: waiter.request.server, kind: waiter.request.kind.name)
        }
        finish(id: id, with: answer)
    }

    /// Cancels every request of one server (it went away) or of all servers (`server == nil`).
    func cancelAll(server: String?) {
        for (id, waiter) in waiters where server == nil || waiter.request.server == server {
            finish(id: id, with: .cancel)
        }
    }

    private func finish(id: Int, with answer: ServerRequestAnswer) {
        guard let waiter = waiters.removeValue(forKey: id) else { return }
        waiter.continuation.resume(returning: answer)
        announce(.serverRequestEnded(id: id))
    }

    /// The JSON-RPC result for an answer. Elicitation: 2025-11-25 client/elicitation (accept,
    /// decline and cancel are all results). Sampling: 2025-11-25 client/sampling#error-handling
    /// (a refusal is an error, code -1).
    static func result(for answer: ServerRequestAnswer, kind: PendingServerRequest.Kind) throws -> Value {
        switch (kind, answer) {
        case (.sampling, .sampling(let result)):
            return try JSONCoding.value(of: result)
        case (.sampling, .refuse(let reason)):
            throw MCPError.serverError(code: -1, message: reason)
        case (.sampling, _):
            throw MCPError.serverError(code: -1, message: "User rejected sampling request")
        case (.elicitation(.form), .elicitation(let content)):
            return try JSONCoding.value(of: CreateElicitation.Result(action: .accept, content: content))
        case (.elicitation(.url), .openedURL):
            return try JSONCoding.value(of: CreateElicitation.Result(action: .accept))
        case (.elicitation, .decline), (.elicitation, .refuse):
            return try JSONCoding.value(of: CreateElicitation.Result(action: .decline))
        case (.elicitation, _):
            return try JSONCoding.value(of: CreateElicitation.Result(action: .cancel))
        }
    }
}
