import ChatCore
import LLM

/// Why a model's reply failed, as the loop needs it: the message, the HTTP status when the
/// provider answered one, and whether (and after how long) asking again may work.
public struct StreamFailure: Equatable, Sendable {
    public var message: String
    public var status: Int?
    public var retryable: Bool
    /// Seconds the provider asked to wait (`Retry-After`).
    public var retryAfter: Double?

    public init(message: String, status: Int? = nil, retryable: Bool = false, retryAfter: Double? = nil) {
        self.message = message
        self.status = status
        self.retryable = retryable
        self.retryAfter = retryAfter
    }
}

/// A reply that failed before any of it came, waiting to be asked again: which turn, which
/// retry this is, when it goes, and why the last try failed (shown as a line that counts down).
struct StreamRetry: Equatable, Sendable {
    var turn: Int
    var attempt: Int
    var due: Duration
    var reason: String
}

/// How many retries the reply of `turn` has had (the count goes on across the retries' turns).
struct RetriesUsed: Equatable, Sendable {
    var turn: Int
    var count: Int
}

/// Errors that heal (the models issue): a busy or unreachable provider is asked again up to
/// `maxRetries` times, waiting 1 s, 2 s, 4 s (or what `Retry-After` says, at most a minute);
/// Esc stops the wait. A reply cut after some text came is kept, marked interrupted, and `r`
/// asks again. 401 and 403 name the key to fix.
enum StreamRetryReducer {
    static let maxRetries = 3
    static let longestWait: Double = 60

    static func delay(attempt: Int, retryAfter: Double?) -> Duration {
        if let retryAfter { return .milliseconds(Int(min(longestWait, max(0, retryAfter)) * 1000)) }
        return .seconds(1 << min(attempt - 1, 5))
    }

    static func failed(turn: Int, _ failure: StreamFailure, _ state: inout AppState) -> [Effect] {
        let attempt = (state.retriesUsed?.turn == turn ? state.retriesUsed?.count ?? 0 : 0) + 1
        if failure.retryable, attempt <= maxRetries, state.agent.canRetryStream(turn: turn) {
            let wait = delay(attempt: attempt, retryAfter: failure.retryAfter)
            state.streamRetry = StreamRetry(turn: turn, attempt: attempt, due: (state.times.now ?? .zero) + wait,
                                            reason: failure.message)
            return [.scheduleRetry(turn: turn, after: wait)]
        }
        state.streamRetry = nil
        var message = failure.message
        let refusedKey = failure.status == 401 || failure.status == 403
        if refusedKey {
            message += " — " + keyHint(state.model)
        } else if failure.retryable, attempt > maxRetries {
            message += " (gave up after \(maxRetries) retries)"
        }
        let actions = state.agent.streamEnded(turn: turn, error: message, catalog: state.catalog)
        // Asking again with a refused key gets the same answer: no offer then (r still works).
        if state.agent.retryable, !refusedKey { state.agent.note("Press r (on an empty line) or /retry to ask again.") }
        return AppReducer.effects(for: actions, state)
    }

    /// The wait for retry `turn` is over: ask again (unless Esc ended the turn meanwhile).
    static func due(turn: Int, _ state: inout AppState) -> [Effect] {
        guard let retry = state.streamRetry, retry.turn == turn else { return [] }
        state.streamRetry = nil
        guard let action = state.agent.retryStream(turn: turn) else { return [] }
        // The next try's turn carries the count on.
        if case .startStream(let next, _) = action { state.retriesUsed = RetriesUsed(turn: next, count: retry.attempt) }
        return AppReducer.effects(for: [action], state)
    }

    /// Which setting holds the key that was refused.
    static func keyHint(_ model: ModelDescription?) -> String {
        guard let model else { return "check the API key" }
        let variable: String
        switch model.provider {
        case .openai: variable = "OPENAI_API_KEY"
        case .anthropic: variable = "ANTHROPIC_API_KEY"
        case .ollama: variable = "OLLAMA_API_KEY"
        }
        let file = model.profile.map { "\"apiKey\" of profile \"\($0)\" in servers.json" } ?? "\"apiKey\" in servers.json"
        return "the provider refused the key: check \(variable) (or \(file))"
    }
}
