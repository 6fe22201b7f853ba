import Foundation

/// Why an HTTP request failed; every case names the URL so the message can be acted on.
public enum HTTPError: Error, CustomStringConvertible, Equatable {
    case invalidURL(String)
    case connectFailed(url: String, reason: String)
    /// `what` says which limit was hit (connecting, idle, whole request).
    case timedOut(url: String, what: String)
    /// A status of 400 or more; `body` is the start of the response body (servers explain errors there);
    /// `retryAfter` the seconds its `Retry-After` header asks to wait, when it sent one.
    case status(Int, body: String, url: String, retryAfter: Double? = nil)
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
        case .status(let status, let body, let url, _):
            let trimmed = body.trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty ? "\(url) answered HTTP \(status)" : "\(url) answered HTTP \(status): \(trimmed)"
        case .transfer(let url, let reason):
            return "request to \(url) failed: \(reason)"
        case .cancelled:
            return "request cancelled"
        }
    }

    /// The seconds a `Retry-After` value asks for (RFC 9110 §10.2.3): delay-seconds or an
    /// HTTP-date (`now` is the time to count from); nil when it is neither.
    public static func retryAfterSeconds(_ value: String?, now: Date = Date()) -> Double? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Double(value), seconds >= 0, seconds.isFinite { return seconds }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return max(0, date.timeIntervalSince(now))
    }

    /// The `what` of `timedOut` for a request that received nothing for `seconds`
    /// (`HTTPRequest.idleTimeout`). Made only here, so a caller can tell this limit from the others.
    public static func idleReason(seconds: Double) -> String {
        "no data for \(String(format: "%g", seconds)) s"
    }
}
