import HTTPStreaming

/// Why an HTTP transport (streamable HTTP or legacy SSE) could not connect, send or keep
/// receiving. Every case names the server and the URL without its query string (queries may
/// carry tokens); header values never appear.
public enum HTTPTransportError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The configured URL is not an http:// or https:// URL.
    case invalidURL(server: String, url: String)
    /// The server answered `method url` with an HTTP error status; `body` is the start of its explanation.
    case status(server: String, method: String, url: String, status: Int, body: String)
    /// The server no longer knows our `Mcp-Session-Id` (HTTP 404): the connection layer must
    /// initialize a new session (MCP 2025-11-25 basic/transports#session-management).
    case sessionExpired(server: String, url: String)
    /// The request could not be made or its body broke off (connection refused, reset, timeout).
    case requestFailed(server: String, method: String, url: String, reason: String)
    /// A response stream ended before it carried what it had to (the endpoint event, a response).
    case streamEnded(server: String, url: String, what: String)

    public var description: String {
        "server \"\(server)\": \(detail)"
    }

    /// The server this error is about.
    public var server: String {
        switch self {
        case .invalidURL(let server, _), .status(let server, _, _, _, _), .sessionExpired(let server, _),
             .requestFailed(let server, _, _, _), .streamEnded(let server, _, _):
            return server
        }
    }

    /// The message without the server's name.
    public var detail: String {
        switch self {
        case .invalidURL(_, let url):
            return "invalid URL \"\(url)\" (expected http:// or https://)"
        case .status(_, let method, let url, let status, let body):
            let trimmed = body.trimmingCharacters(in: .whitespacesAndNewlines).prefix(300)
            return trimmed.isEmpty ? "\(method) \(url) answered HTTP \(status)"
                : "\(method) \(url) answered HTTP \(status): \(trimmed)"
        case .sessionExpired(_, let url):
            return "\(url) answered HTTP 404: the MCP session expired"
        case .requestFailed(_, let method, let url, let reason):
            return "\(method) \(url) failed: \(reason)"
        case .streamEnded(_, let url, let what):
            return "the stream from \(url) ended \(what)"
        }
    }

    /// The status of a `.status` error, for callers that decide on it (the legacy fallback).
    public var httpStatus: Int? {
        if case .status(_, _, _, let status, _) = self { return status }
        return nil
    }

    /// `url` without its query and fragment, for messages.
    static func redacted(_ url: String) -> String {
        var end = url.endIndex
        if let query = url.firstIndex(where: { $0 == "?" || $0 == "#" }) { end = query }
        return String(url[..<end])
    }

    /// Maps an `HTTPClient` failure to this type (the client's own messages would show the full URL).
    static func from(_ error: any Error, server: String, method: String, url: String) -> any Error {
        let shown = redacted(url)
        guard let httpError = error as? HTTPError else {
            if error is CancellationError { return error }
            return HTTPTransportError.requestFailed(server: server, method: method, url: shown,
                                                    reason: String(describing: error))
        }
        switch httpError {
        case .status(let status, let body, _, _):
            return HTTPTransportError.status(server: server, method: method, url: shown, status: status, body: body)
        case .invalidURL:
            return HTTPTransportError.invalidURL(server: server, url: shown)
        case .connectFailed(_, let reason), .transfer(_, let reason):
            return HTTPTransportError.requestFailed(server: server, method: method, url: shown, reason: reason)
        case .timedOut(_, let what):
            return HTTPTransportError.requestFailed(server: server, method: method, url: shown,
                                                    reason: "timed out (\(what))")
        case .cancelled:
            return CancellationError()
        }
    }
}
