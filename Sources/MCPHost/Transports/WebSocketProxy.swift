import Foundation
import NIOCore

/// The HTTP proxy a WebSocket connection goes through, read from the environment as libcurl
/// reads it for HTTP servers: `https_proxy` for `wss://`, `http_proxy` for `ws://` (lower case
/// first, then upper case; `HTTP_PROXY` is not read, as curl does not, since a CGI request can
/// set it), none when `no_proxy` names the host. The tunnel is an HTTP `CONNECT` (RFC 9110
/// §9.3.6); `user:password@` in the proxy URL becomes `Proxy-Authorization: Basic`.
struct WebSocketProxy: Sendable, Equatable {
    let host: String
    let port: Int
    /// `Basic …` from the proxy URL's user and password; never logged.
    let authorization: String?
    /// `host:port` for messages (no credentials).
    var shown: String { "\(host):\(port)" }

    /// The proxy for `endpoint`, nil for none; throws for a proxy URL mcpterm cannot use.
    static func resolve(for endpoint: WebSocketEndpoint, environment: [String: String],
                        server: String) throws -> WebSocketProxy? {
        let names = endpoint.secure ? ["https_proxy", "HTTPS_PROXY"] : ["http_proxy"]
        guard let value = (names + ["all_proxy", "ALL_PROXY"]).lazy.compactMap({ environment[$0] })
                .first(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else { return nil }
        if bypasses(endpoint.host, noProxy: environment["no_proxy"] ?? environment["NO_PROXY"] ?? "") { return nil }
        let text = value.contains("://") ? value : "http://" + value
        guard let parts = URLComponents(string: text), let host = parts.host, !host.isEmpty else {
            throw WebSocketTransportError.proxy(server: server, url: endpoint.shownURL, proxy: "?",
                                                reason: "the proxy setting is not a URL")
        }
        guard parts.scheme?.lowercased() == "http" else {
            throw WebSocketTransportError.proxy(server: server, url: endpoint.shownURL, proxy: host,
                                                reason: "only http:// proxies are supported for WebSocket servers "
                                                    + "(not \(parts.scheme ?? "?")://)")
        }
        var authorization: String?
        if let user = parts.user {
            let pair = (user.removingPercentEncoding ?? user) + ":" + ((parts.password?.removingPercentEncoding) ?? "")
            authorization = "Basic " + Data(pair.utf8).base64EncodedString()
        }
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        return WebSocketProxy(host: bare, port: parts.port ?? 80, authorization: authorization)
    }

    /// `no_proxy`: `*`, or a comma-separated list of host names, domain suffixes (`.example.com`
    /// or `example.com` both cover `a.example.com`) and IP addresses; a `:port` is ignored.
    static func bypasses(_ host: String, noProxy: String) -> Bool {
        let target = host.lowercased()
        for raw in noProxy.split(separator: ",") {
            var entry = raw.trimmingCharacters(in: .whitespaces).lowercased()
            if entry == "*" { return true }
            if entry.hasPrefix("["), let end = entry.firstIndex(of: "]") {
                entry = String(entry[entry.index(after: entry.startIndex)..<end])
            } else if entry.filter({ $0 == ":" }).count == 1, let colon = entry.firstIndex(of: ":") {
                entry = String(entry[..<colon])
            }
            if entry.hasPrefix(".") { entry.removeFirst() }
            guard !entry.isEmpty else { continue }
            if target == entry || target.hasSuffix("." + entry) { return true }
        }
        return false
    }
}

/// Opens the tunnel: sends `CONNECT host:port` as soon as the connection to the proxy is up,
/// reads the proxy's answer head, and on 2xx removes itself (the bytes after it are the
/// server's, TLS and WebSocket go on as if connected directly); anything else fails the tunnel.
final class ProxyConnectHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// A proxy's answer head longer than this is refused.
    static let headLimit = 16 * 1024

    private let target: String
    private let authorization: String?
    private let tunnel: EventLoopPromise<Void>
    private var sent = false
    private var received: [UInt8] = []
    private var done = false

    init(target: String, authorization: String?, tunnel: EventLoopPromise<Void>) {
        self.target = target
        self.authorization = authorization
        self.tunnel = tunnel
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { sendConnect(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        sendConnect(context: context)
        context.fireChannelActive()
    }

    private func sendConnect(context: ChannelHandlerContext) {
        guard !sent else { return }
        sent = true
        var request = "CONNECT \(target) HTTP/1.1\r\nHost: \(target)\r\n"
        if let authorization { request += "Proxy-Authorization: \(authorization)\r\n" }
        request += "\r\n"
        var buffer = context.channel.allocator.buffer(capacity: request.utf8.count)
        buffer.writeString(request)
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !done else {
            context.fireChannelRead(data)
            return
        }
        var buffer = unwrapInboundIn(data)
        received += buffer.readBytes(length: buffer.readableBytes) ?? []
        guard let end = Self.headEnd(received) else {
            if received.count > Self.headLimit { fail(context, "the proxy's answer is too long") }
            return
        }
        let head = String(decoding: received[..<end], as: UTF8.self)
        let rest = Array(received[(end + 4)...])
        let statusLine = head.split(separator: "\r\n", maxSplits: 1).first.map(String.init) ?? ""
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, let status = Int(parts[1]) else {
            return fail(context, "the proxy answered \"\(statusLine.prefix(80))\"")
        }
        guard (200..<300).contains(status) else {
            let hint = status == 407 ? " (the proxy wants credentials: user:password@ in the proxy URL)" : ""
            return fail(context, "the proxy answered HTTP \(status)\(hint)")
        }
        done = true
        tunnel.succeed(())
        if !rest.isEmpty {
            var leftover = context.channel.allocator.buffer(capacity: rest.count)
            leftover.writeBytes(rest)
            context.fireChannelRead(wrapInboundOut(leftover))
        }
        context.pipeline.syncOperations.removeHandler(self, promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if !done { fail(context, "the proxy closed the connection") }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if !done {
            fail(context, "\(error)")
        } else {
            context.fireErrorCaught(error)
        }
    }

    private func fail(_ context: ChannelHandlerContext, _ reason: String) {
        guard !done else { return }
        done = true
        tunnel.fail(ProxyTunnelError(reason: reason))
        context.close(promise: nil)
    }

    private static func headEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4)
        where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index
        }
        return nil
    }
}

/// Why the proxy opened no tunnel (mapped to `WebSocketTransportError.proxy` by the connector).
struct ProxyTunnelError: Error {
    var reason: String
}
