import Foundation

/// Why a WebSocket transport could not connect. Every case names the server and the URL without
/// its query string (a query may carry a token); header values never appear. Once connected, the
/// receive stream ends with a `TransportError` instead (so `MCPSession` shows its detail as is).
public enum WebSocketTransportError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The configured URL is not a ws:// or wss:// URL with a host.
    case invalidURL(server: String, url: String)
    /// The TCP or TLS connection could not be made (refused, no such host, certificate rejected …).
    case connectFailed(server: String, url: String, reason: String)
    /// The server answered the upgrade request with `status` instead of 101; `body` is the start
    /// of its explanation.
    case upgradeRefused(server: String, url: String, status: Int, body: String)
    /// The server upgraded but did not select the `mcp` subprotocol (`answered` is what it sent,
    /// nil when it sent no `Sec-WebSocket-Protocol` at all): it does not speak MCP over WebSocket.
    case subprotocolNotAccepted(server: String, url: String, answered: String?)
    /// The connection broke before the upgrade finished.
    case handshakeFailed(server: String, url: String, reason: String)
    /// No answer to the upgrade request within `seconds`.
    case handshakeTimedOut(server: String, url: String, seconds: Int)
    /// A file of the entry's `"tls"` could not be used; `reason` names it.
    case tlsSetup(server: String, reason: String)
    /// The proxy (`http_proxy`/`https_proxy`) could not open a tunnel to the server.
    case proxy(server: String, url: String, proxy: String, reason: String)

    public var description: String {
        "server \"\(server)\": \(detail)"
    }

    /// The server this error is about.
    public var server: String {
        switch self {
        case .invalidURL(let server, _), .connectFailed(let server, _, _), .upgradeRefused(let server, _, _, _),
             .subprotocolNotAccepted(let server, _, _), .handshakeFailed(let server, _, _),
             .handshakeTimedOut(let server, _, _), .tlsSetup(let server, _), .proxy(let server, _, _, _):
            return server
        }
    }

    /// The message without the server's name.
    public var detail: String {
        switch self {
        case .invalidURL(_, let url):
            return "invalid URL \"\(url)\" (expected ws:// or wss:// and a host)"
        case .connectFailed(_, let url, let reason):
            return "cannot connect to \(url): \(reason)"
        case .upgradeRefused(_, let url, let status, let body):
            let trimmed = body.trimmingCharacters(in: .whitespacesAndNewlines).prefix(300)
            return trimmed.isEmpty ? "\(url) refused the WebSocket upgrade with HTTP \(status)"
                : "\(url) refused the WebSocket upgrade with HTTP \(status): \(trimmed)"
        case .subprotocolNotAccepted(_, let url, let answered):
            let what = answered.map { "chose subprotocol \"\($0)\"" } ?? "chose no subprotocol"
            return "\(url) \(what) instead of \"mcp\": it does not speak MCP over WebSocket"
        case .handshakeFailed(_, let url, let reason):
            return "the WebSocket upgrade with \(url) failed: \(reason)"
        case .handshakeTimedOut(_, let url, let seconds):
            return "\(url) did not answer the WebSocket upgrade within \(seconds) s"
        case .tlsSetup(_, let reason):
            return reason
        case .proxy(_, let url, let proxy, let reason):
            return "cannot reach \(url) through the proxy \(proxy): \(reason)"
        }
    }
}
