import HTTPStreaming

/// Why a provider could not stream a reply; each message names the provider or the cause.
public enum ProviderError: Error, CustomStringConvertible, Equatable {
    /// The provider or request is set up wrongly (missing key, bad tool schema...).
    case notConfigured(String)
    /// The HTTP request failed before the provider could answer.
    case http(HTTPError)
    /// The provider answered with an error (a non-2xx status or an error object in the stream).
    case api(status: Int, message: String, provider: String)
    /// The provider's stream could not be understood.
    case badStream(String)
    /// Nothing came from the provider for `seconds` (before or during the reply): the request
    /// was given up rather than left waiting forever.
    case idleTimeout(provider: String, seconds: Double)

    /// How long a provider may send nothing before its request is given up, unless configured
    /// otherwise: long enough for a model that thinks (or a local one that loads) before its
    /// first token, short enough that a dead connection does not hold the turn for long.
    public static let defaultIdleTimeout: Double = 120

    public var description: String {
        switch self {
        case .notConfigured(let message):
            return "not configured: \(message)"
        case .http(let error):
            return error.description
        case .api(let status, let message, let provider):
            return "\(provider) error (HTTP \(status)): \(message)"
        case .badStream(let message):
            return "unexpected stream from provider: \(message)"
        case .idleTimeout(let provider, let seconds):
            return "\(provider) sent nothing for \(String(format: "%g", seconds)) s (the idle timeout): the reply was given up"
        }
    }
}
