import Foundation

/// Why an HTTP request failed; every case names the URL so the message can be acted on.
public enum HTTPError: Error, CustomStringConvertible, Equatable {
    case invalidURL(String)
    case connectFailed(url: String, reason: String)
    /// `what` says which limit was hit (connecting, idle, whole request).
    case timedOut(url: String, what: String)
    /// A status of 400 or more; `body` is the start of the response body (servers explain errors there).
    case status(Int, body: String, url: String)
    case transfer(url: String, reason: String)
    case cancelled

    public var description: String {
        switch self {
        case .invalidURL(let url):
            return "invalid URL \"\(url)\" (expected http:// or https://)"
        case .connectFailed(let url, let reason):
            return "cannot connect to \(url): \(reason)"
        case .timedOut(let url, let what):
            return "request to \(url) timed out: \(what)"
        case .status(let status, let body, let url):
            let trimmed = body.trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty ? "\(url) answered HTTP \(status)" : "\(url) answered HTTP \(status): \(trimmed)"
        case .transfer(let url, let reason):
            return "request to \(url) failed: \(reason)"
        case .cancelled:
            return "request cancelled"
        }
    }

    /// The `what` of `timedOut` for a request that received nothing for `seconds`
    /// (`HTTPRequest.idleTimeout`). Made only here, so a caller can tell this limit from the others.
    public static func idleReason(seconds: Double) -> String {
        "no data for \(String(format: "%g", seconds)) s"
    }
}
