import Foundation

/// A ws:// or wss:// URL taken apart for the upgrade request: where to connect, what to ask for,
/// and how to name it in messages (without the query, which may hold a token).
struct WebSocketEndpoint: Sendable, Equatable {
    /// wss://: TLS, certificates verified.
    let secure: Bool
    /// The host to connect to (an IPv6 literal without its brackets).
    let host: String
    let port: Int
    /// Path and query, as sent in the request line.
    let requestTarget: String
    /// The `Host` header: the host, with the port when it is not the scheme's default.
    let hostHeader: String
    /// The URL for messages: scheme, host, port and path only.
    let shownURL: String

    /// Nil when `url` is not a ws:// or wss:// URL with a host.
    init?(_ url: String) {
        guard let components = URLComponents(string: url),
              let scheme = components.scheme?.lowercased(), scheme == "ws" || scheme == "wss",
              let host = components.host, !host.isEmpty
        else { return nil }
        secure = scheme == "wss"
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        let defaultPort = secure ? 443 : 80
        port = components.port ?? defaultPort
        let path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        requestTarget = components.percentEncodedQuery.map { "\(path)?\($0)" } ?? path
        let bracketed = self.host.contains(":") ? "[\(self.host)]" : self.host
        hostHeader = port == defaultPort ? bracketed : "\(bracketed):\(port)"
        shownURL = "\(scheme)://\(hostHeader)\(path)"
    }

    /// Whether the host is an IP address literal (TLS sends no SNI for those).
    var hostIsIPAddress: Bool {
        if host.contains(":") { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { UInt8($0) != nil }
    }
}
