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
        }
    }
}
