import MCP

/// Resolves a 2026-07-28 multi-round-trip request: while the server answers
/// `resultType: "input_required"`, answer each embedded input request (elicitation, sampling,
/// roots) through `dispatch` — the same path server-initiated requests take in the handshake era —
/// and retry the original request with the answers and the echoed `requestState`
/// (MCP 2026-07-28, SEP-2322). Pure apart from its three closures, so tests drive it directly.
struct InputRequiredDriver: Sendable {
    /// Rounds before giving up (the Python, TypeScript, Go and C# SDKs use the same cap).
    static let defaultMaxRounds = 10
    /// A round that carries only `requestState` retries after 50 ms, doubling to 250 ms, so a
    /// server that is still working is not hammered.
    static let stateOnlyFirstDelay = 0.05
    static let stateOnlyMaxDelay = 0.25

    let server: String
    let method: String
    /// Answers one embedded request: `(method, params) -> result`.
    let dispatch: @Sendable (_ method: String, _ params: Value?) async throws -> Value
    /// Re-sends the original request with `inputResponses` (nil on a state-only round) and `requestState`.
    let retry: @Sendable (_ responses: Value?, _ requestState: String?) async throws -> Value
    let sleep: @Sendable (_ seconds: Double) async throws -> Void
    var maxRounds = Self.defaultMaxRounds

    static func isInputRequired(_ result: Value) -> Bool {
        result.objectValue?["resultType"]?.stringValue == "input_required"
    }

    /// The final result once the server stops asking; `first` is the first `input_required` answer.
    func resolve(_ first: Value) async throws -> Value {
        var current = first
        var rounds = 0
        var stateOnlyDelay = Self.stateOnlyFirstDelay
        while Self.isInputRequired(current) {
            rounds += 1
            if rounds > maxRounds {
                throw ModernEraError.inputRequiredRoundsExceeded(server: server, method: method, rounds: maxRounds)
            }
            let fields = current.objectValue ?? [:]
            var requestState: String?
            switch fields["requestState"] {
            case nil, .null?: requestState = nil
            case .string(let state)?: requestState = state
            case let other?:
                throw malformed("\"requestState\" must be a string, not \(other)")
            }
            var requests: [String: Value] = [:]
            switch fields["inputRequests"] {
            case nil, .null?: break
            case .object(let object)?: requests = object
            case let other?: throw malformed("\"inputRequests\" must be an object, not \(other)")
            }
            if requests.isEmpty, requestState == nil {
                throw malformed("neither \"inputRequests\" nor \"requestState\"")
            }
            var responses: Value?
            if requests.isEmpty {
                try await sleep(stateOnlyDelay)
                stateOnlyDelay = min(stateOnlyDelay * 2, Self.stateOnlyMaxDelay)
            } else {
                stateOnlyDelay = Self.stateOnlyFirstDelay
                responses = .object(try await Self.answerAll(requests, server: server, method: method,
                                                             dispatch: dispatch))
            }
            current = try await retry(responses, requestState)
        }
        return current
    }

    /// Answers every embedded request concurrently (a form and a sampling prompt may both wait on
    /// the user); the first failure cancels the others and fails the whole request. Shared with
    /// `ToolTaskDriver`, whose `input_required` tasks carry the same embedded requests.
    static func answerAll(_ requests: [String: Value], server: String, method outer: String,
                          dispatch: @escaping @Sendable (_ method: String, _ params: Value?) async throws -> Value)
        async throws -> [String: Value] {
        var calls: [(key: String, method: String, params: Value?)] = []
        for (key, request) in requests.sorted(by: { $0.key < $1.key }) {
            guard let method = request.objectValue?["method"]?.stringValue else {
                throw ModernEraError.malformedInputRequired(
                    server: server, method: outer, detail: "input request \"\(key)\" has no \"method\"")
            }
            calls.append((key, method, request.objectValue?["params"]))
        }
        return try await withThrowingTaskGroup(of: (String, Value).self) { group in
            for call in calls {
                group.addTask {
                    do {
                        return (call.key, try await dispatch(call.method, call.params))
                    } catch let error as MCPError {
                        throw ModernEraError.inputRequestFailed(
                            server: server, method: outer, key: call.key,
                            reason: error.errorDescription ?? String(describing: error))
                    } catch is CancellationError {
                        throw CancellationError()
                    } catch {
                        throw ModernEraError.inputRequestFailed(
                            server: server, method: outer, key: call.key, reason: String(describing: error))
                    }
                }
            }
            var answers: [String: Value] = [:]
            for try await (key, answer) in group { answers[key] = answer }
            return answers
        }
    }

    private func malformed(_ detail: String) -> ModernEraError {
        .malformedInputRequired(server: server, method: method, detail: detail)
    }
}
