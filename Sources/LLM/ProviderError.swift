import HTTPStreaming

/// Why a provider could not stream a reply; each message names the provider or the cause.
public enum ProviderError: Error, CustomStringConvertible, Equatable {
    /// The provider or request is set up wrongly (missing key, bad tool schema...).
    case notConfigured(String)
    /// The HTTP request failed before the provider could answer.
    case http(HTTPError)
    /// The provider answered with an error (a non-2xx status or an error object in the stream).
    case api(status: Int, message: String, provider: String)
    /// The provider is busy or failing for now (HTTP 429, 500, 502, 503, 504, 529): worth asking
    /// again, after `retryAfter` seconds when it said how long.
    case unavailable(status: Int, message: String, provider: String, retryAfter: Double?)
    /// The provider's stream could not be understood.
    case badStream(String)
    /// Nothing came from the provider for `seconds` (before or during the reply): the request
    /// was given up rather than left waiting forever.
    case idleTimeout(provider: String, seconds: Double)

    /// Statuses that say "not now" rather than "not this": asking again later may work.
    public static let retryableStatuses: Set<Int> = [429, 500, 502, 503, 504, 529]

    /// Whether asking again (after a pause) may succeed: the provider was busy, or could not be reached.
    public var isRetryable: Bool {
        switch self {
        case .unavailable: return true
        case .http(.connectFailed), .http(.transfer): return true
        case .http(.timedOut(_, let what)): return what.hasPrefix("no connection")
        default: return false
        }
    }

    /// The HTTP status the provider answered, if it answered one.
    public var status: Int? {
        switch self {
        case .api(let status, _, _), .unavailable(let status, _, _, _): return status
        case .http(.status(let status, _, _, _)): return status
        default: return nil
        }
    }

    /// How long a provider may send nothing before its request is given up, unless configured
    /// otherwise: long enough for a model that thinks (or a local one that loads) before its
    /// first token, short enough that a dead connection does not hold the turn for long.
    public static let defaultIdleTimeout: Double = 120
    /// Seconds to wait for the provider's connection (TCP and TLS) unless `"connectTimeout"` says otherwise.
    public static let defaultConnectTimeout: Double = 10

    public var description: String {
        switch self {
        case .notConfigured(let message):
            return "not configured: \(message)"
        case .http(let error):
            return error.description
        case .api(let status, let message, let provider), .unavailable(let status, let message, let provider, _):
            return "\(provider) error (HTTP \(status)): \(message)"
        case .badStream(let message):
            return "unexpected stream from provider: \(message)"
        case .idleTimeout(let provider, let seconds):
            return "\(provider) sent nothing for \(String(format: "%g", seconds)) s (the idle timeout): the reply was given up"
        }
    }
}
