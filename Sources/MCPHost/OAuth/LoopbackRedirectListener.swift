import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// Listens on 127.0.0.1 for the browser's redirect at the end of a login (RFC 8252 §7.3, a
/// loopback redirect): `http://127.0.0.1:PORT/callback`. Each request to that path is handed
/// over whole (as a URL) and answered with a short page; other paths get 404.
final class LoopbackRedirectListener: Sendable {
    static let path = "/callback"

    let port: Int
    private let channel: any Channel
    private let redirects: AsyncStream<String>
    private let continuation: AsyncStream<String>.Continuation

    var redirectURI: String { "http://127.0.0.1:\(port)\(Self.path)" }

    private init(port: Int, channel: any Channel, redirects: AsyncStream<String>,
                 continuation: AsyncStream<String>.Continuation) {
        self.port = port
        self.channel = channel
        self.redirects = redirects
        self.continuation = continuation
    }

    /// Binds `port` (nil or 0: a free one the system picks) on 127.0.0.1 only.
    static func start(port: Int?, server: String) async throws -> LoopbackRedirectListener {
        let (redirects, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(8))
        let holder = PortHolder()
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(
                        RedirectHandler(port: holder.port, server: server, continuation: continuation))
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.bind(host: "127.0.0.1", port: port ?? 0).get()
        } catch {
            continuation.finish()
            let reason = (error as? IOError).map { String(cString: strerror($0.errnoCode)) } ?? "\(error)"
            throw OAuthError.listener(server: server, reason: "127.0.0.1:\(port ?? 0): \(reason)"
                                      + (port != nil ? " (another program uses oauth.callbackPort?)" : ""))
        }
        let bound = channel.localAddress?.port ?? port ?? 0
        holder.set(bound)
        return LoopbackRedirectListener(port: bound, channel: channel, redirects: redirects, continuation: continuation)
    }

    /// The next redirect that reached the listener, as a full URL; nil once closed.
    func next() async -> String? {
        var iterator = redirects.makeAsyncIterator()
        return await iterator.next()
    }

    func close() async {
        continuation.finish()
        try? await channel.close()
    }

    /// The port is known only once bound; the handlers read it when a request comes.
    private final class PortHolder: Sendable {
        private let value = NIOLockedValueBox(0)
        var port: @Sendable () -> Int { { [value] in value.withLockedValue { $0 } } }
        func set(_ port: Int) { value.withLockedValue { $0 = port } }
    }
}

/// One connection of the listener: reads a request, hands a `/callback` one over, answers.
private final class RedirectHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let port: @Sendable () -> Int
    private let server: String
    private let continuation: AsyncStream<String>.Continuation
    private var target: String?

    init(port: @escaping @Sendable () -> Int, server: String, continuation: AsyncStream<String>.Continuation) {
        self.port = port
        self.server = server
        self.continuation = continuation
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            target = head.method == .GET ? head.uri : nil
        case .body:
            break
        case .end:
            let uri = target ?? ""
            target = nil
            let path = uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? ""
            guard path == LoopbackRedirectListener.path else {
                respond(context, status: .notFound, text: "Not found.")
                return
            }
            continuation.yield("http://127.0.0.1:\(port())\(uri)")
            respond(context, status: .ok, text: "mcpterm received the answer for server \"\(server)\". "
                    + "You can close this tab and go back to the terminal, which says whether the login worked.")
        }
    }

    private func respond(_ context: ChannelHandlerContext, status: HTTPResponseStatus, text: String) {
        let escaped = text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        let html = "<!doctype html><meta charset=utf-8><title>mcpterm</title><p>\(escaped)</p>\n"
        var buffer = context.channel.allocator.buffer(capacity: html.utf8.count)
        buffer.writeString(html)
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "text/html; charset=utf-8")
        headers.add(name: "Content-Length", value: "\(buffer.readableBytes)")
        headers.add(name: "Connection", value: "close")
        headers.add(name: "Cache-Control", value: "no-store")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in bound.value.close(promise: nil) }
    }
}
