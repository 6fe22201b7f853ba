import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOWebSocket
import WebSocketKit

/// Opens one MCP WebSocket (MCP transports: `ws://`/`wss://`, subprotocol `mcp`): TCP (and TLS
/// with verified certificates for wss), the HTTP upgrade with `Sec-WebSocket-Protocol: mcp` and
/// the configured headers, a check that the server chose `mcp`, then hands the channel to
/// WebSocketKit's `WebSocket` (frames, masking, ping/pong, the close handshake).
///
/// Its own bootstrap rather than `WebSocketClient.connect`: that one keeps the upgrade response
/// to itself, so it can neither check the chosen subprotocol nor tell why an upgrade was refused.
struct WebSocketConnector: Sendable {
    /// Header names the upgrade itself sets; configured headers with these names are ignored.
    static let reservedHeaders: Set<String> = [
        "host", "upgrade", "connection", "sec-websocket-key", "sec-websocket-version",
        "sec-websocket-protocol", "sec-websocket-extensions",
    ]

    /// An open WebSocket and what watches its end.
    struct Connection: Sendable {
        let socket: WebSocket
        let channel: any Channel
        /// Sees the close frame and errors in front of WebSocketKit's handlers.
        let front: WebSocketCloseObserver
        /// Sees errors raised by WebSocketKit's handlers (the message size limit).
        let tail: WebSocketCloseObserver
    }

    let server: String
    let endpoint: WebSocketEndpoint
    /// Configured headers; the values are secrets and are never logged.
    let headers: [String: String]
    /// Largest frame and largest message accepted from the server.
    let maxMessageBytes: Int
    let handshakeTimeout: TimeAmount
    let tlsConfiguration: TLSConfiguration
    let group: any EventLoopGroup
    /// The HTTP proxy to tunnel through (`WebSocketProxy.resolve`), nil to connect directly.
    var proxy: WebSocketProxy?

    /// Connects and upgrades. `onText` gets each text message on the event loop, in order; it is
    /// set before the first frame is read.
    func connect(onText: @escaping @Sendable (String) -> Void,
                 onBinary: @escaping @Sendable (Int) -> Void) async throws -> Connection {
        let sslContext: NIOSSLContext?
        do {
            sslContext = endpoint.secure ? try NIOSSLContext(configuration: tlsConfiguration) : nil
        } catch {
            throw WebSocketTransportError.connectFailed(server: server, url: endpoint.shownURL,
                                                        reason: "TLS setup failed: \(error)")
        }
        let eventLoop = group.next()
        let outcome = Outcome(promise: eventLoop.makePromise(of: Connection.self))
        let server = self.server
        let endpoint = self.endpoint
        let maxMessageBytes = self.maxMessageBytes
        let requestHead = makeRequestHead()

        // TLS, the HTTP upgrade and the WebSocket: on the connection itself, or once a proxy's
        // tunnel is open. Runs on the channel's event loop.
        let install: @Sendable (any Channel) throws -> Void = { channel in
            if let sslContext {
                let hostname = endpoint.hostIsIPAddress ? nil : endpoint.host
                try channel.pipeline.syncOperations.addHandler(
                    NIOSSLClientHandler(context: sslContext, serverHostname: hostname))
            }
            let requester = WebSocketUpgradeRequester(
                head: requestHead,
                onRefused: { status, body in
                    outcome.fail(WebSocketTransportError.upgradeRefused(
                        server: server, url: endpoint.shownURL, status: status, body: body))
                },
                onFailure: { reason in
                    outcome.fail(WebSocketTransportError.handshakeFailed(
                        server: server, url: endpoint.shownURL, reason: reason))
                })
            let requesterBox = NIOLoopBound(requester, eventLoop: channel.eventLoop)
            let upgrader = NIOWebSocketClientUpgrader(
                maxFrameSize: maxMessageBytes,
                upgradePipelineHandler: { channel, response in
                    Self.startWebSocket(channel: channel, response: response, outcome: outcome,
                                        server: server, endpoint: endpoint,
                                        maxMessageBytes: maxMessageBytes, onText: onText, onBinary: onBinary)
                })
            try channel.pipeline.syncOperations.addHTTPClientHandlers(
                leftOverBytesStrategy: .forwardBytes,
                withClientUpgrade: (upgraders: [upgrader], completionHandler: { context in
                    context.pipeline.syncOperations.removeHandler(requesterBox.value, promise: nil)
                }))
            try channel.pipeline.syncOperations.addHandler(requester)
        }

        let proxy = self.proxy
        let tunnel = SettleOnce(eventLoop.makePromise(of: Void.self))
        let bootstrap = ClientBootstrap(group: eventLoop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(.seconds(10))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let proxy {
                        let bracketed = endpoint.host.contains(":") ? "[\(endpoint.host)]" : endpoint.host
                        try channel.pipeline.syncOperations.addHandler(ProxyConnectHandler(
                            target: "\(bracketed):\(endpoint.port)", authorization: proxy.authorization,
                            tunnel: tunnel.promise))
                    } else {
                        try install(channel)
                    }
                }
            }

        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: proxy?.host ?? endpoint.host, port: proxy?.port ?? endpoint.port).get()
        } catch {
            let failure: WebSocketTransportError = if let proxy {
                .proxy(server: server, url: endpoint.shownURL, proxy: proxy.shown, reason: Self.describe(error))
            } else {
                .connectFailed(server: server, url: endpoint.shownURL, reason: Self.describe(error))
            }
            outcome.fail(failure)  // NIO insists that every promise is completed
            tunnel.fail(failure)
            throw failure
        }
        if let proxy {
            let timer = channel.eventLoop.scheduleTask(in: handshakeTimeout) {
                tunnel.fail(ProxyTunnelError(reason: "no answer to CONNECT"))
            }
            do {
                try await tunnel.promise.futureResult.get()
                timer.cancel()
                try await channel.eventLoop.submit { try install(channel) }.get()
            } catch {
                timer.cancel()
                let reason = (error as? ProxyTunnelError)?.reason ?? Self.describe(error)
                let failure = WebSocketTransportError.proxy(server: server, url: endpoint.shownURL, proxy: proxy.shown,
                                                            reason: reason)
                outcome.fail(failure)
                try? await channel.close()
                throw failure
            }
        } else {
            tunnel.succeed(())
        }
        let timeout = handshakeTimeout
        let timer = channel.eventLoop.scheduleTask(in: timeout) {
            outcome.fail(WebSocketTransportError.handshakeTimedOut(
                server: server, url: endpoint.shownURL, seconds: Int(timeout.nanoseconds / 1_000_000_000)))
        }
        channel.closeFuture.whenComplete { _ in
            outcome.fail(WebSocketTransportError.handshakeFailed(
                server: server, url: endpoint.shownURL, reason: "the connection closed during the upgrade"))
        }
        do {
            let connection = try await outcome.promise.futureResult.get()
            timer.cancel()
            return connection
        } catch {
            timer.cancel()
            try? await channel.close()
            throw error
        }
    }

    /// Runs once NIO has accepted the 101 (its `Sec-WebSocket-Accept` checked): refuses a server
    /// that did not choose `mcp`, then installs the observers and WebSocketKit's handlers.
    private static func startWebSocket(
        channel: any Channel, response: HTTPResponseHead, outcome: Outcome, server: String,
        endpoint: WebSocketEndpoint, maxMessageBytes: Int,
        onText: @escaping @Sendable (String) -> Void, onBinary: @escaping @Sendable (Int) -> Void
    ) -> EventLoopFuture<Void> {
        let chosen = response.headers["Sec-WebSocket-Protocol"].first?.trimmingCharacters(in: .whitespaces)
        guard chosen == "mcp" else {
            outcome.fail(WebSocketTransportError.subprotocolNotAccepted(
                server: server, url: endpoint.shownURL, answered: chosen))
            return channel.close()
        }
        let front = WebSocketCloseObserver()
        let tail = WebSocketCloseObserver()
        do {
            try channel.pipeline.syncOperations.addHandler(front)
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        var configuration = WebSocket.Configuration()
        configuration.maxAccumulatedFrameSize = maxMessageBytes
        return WebSocket.client(on: channel, config: configuration) { socket in
            socket.onText { _, text in onText(text) }
            socket.onBinary { _, bytes in onBinary(bytes.readableBytes) }
            do {
                try channel.pipeline.syncOperations.addHandler(tail)
            } catch {
                outcome.fail(error)
                return
            }
            outcome.succeed(Connection(socket: socket, channel: channel, front: front, tail: tail))
        }
    }

    private func makeRequestHead() -> HTTPRequestHead {
        var fields = HTTPHeaders()
        fields.add(name: "Host", value: endpoint.hostHeader)
        fields.add(name: "Sec-WebSocket-Protocol", value: "mcp")
        for (name, value) in headers.sorted(by: { $0.key < $1.key })
        where !Self.reservedHeaders.contains(name.lowercased()) {
            fields.add(name: name, value: value)
        }
        return HTTPRequestHead(version: .http1_1, method: .GET, uri: endpoint.requestTarget, headers: fields)
    }

    /// A connect error in words (NIO's descriptions of refused connections are long).
    static func describe(_ error: any Error) -> String {
        if let connect = error as? NIOConnectionError {
            if let first = connect.connectionErrors.first { return Self.describe(first.error) }
            if let dns = connect.dnsAAAAError ?? connect.dnsAError { return "cannot resolve the host: \(dns)" }
        }
        if let io = error as? IOError { return String(cString: strerror(io.errnoCode)) }
        if error is ChannelError, case ChannelError.connectTimeout = error { return "connect timed out" }
        return String(describing: error)
    }

    /// A promise completed once: the first of success or failure wins (NIO forbids a second).
    final class SettleOnce<Value: Sendable>: Sendable {
        let promise: EventLoopPromise<Value>
        private let settled = NIOLockedValueBox(false)

        init(_ promise: EventLoopPromise<Value>) {
            self.promise = promise
        }

        func succeed(_ value: Value) {
            if settle() { promise.succeed(value) }
        }

        func fail(_ error: any Error) {
            if settle() { promise.fail(error) }
        }

        private func settle() -> Bool {
            settled.withLockedValue { done in
                defer { done = true }
                return !done
            }
        }
    }

    /// The handshake's result, settled once: the first of success, refusal, failure or timeout wins.
    final class Outcome: Sendable {
        let promise: EventLoopPromise<Connection>
        private let settled = NIOLockedValueBox(false)

        init(promise: EventLoopPromise<Connection>) {
            self.promise = promise
        }

        func succeed(_ connection: Connection) {
            if settle() { promise.succeed(connection) }
        }

        func fail(_ error: any Error) {
            if settle() { promise.fail(error) }
        }

        private func settle() -> Bool {
            settled.withLockedValue { done in
                defer { done = true }
                return !done
            }
        }
    }
}
