import Foundation
import Logging
import MCP
import NIOCore
import NIOPosix
import NIOSSL
import NIOWebSocket
import WebSocketKit

/// MCP over WebSocket: `ws://` or `wss://` (certificates verified), subprotocol `mcp`, one JSON-RPC
/// message per text frame each way. Messages over `maxMessageBytes` end the connection.
///
/// The receive stream ends with a `TransportError` naming the server and saying how: the close
/// code and reason the server sent, a lost connection, an oversized message, or `.closed` after
/// `disconnect()`.
public actor WebSocketTransport: Transport {
    /// The default limit on one message from the server.
    public static let defaultMaxMessageBytes = 16 * 1024 * 1024

    public nonisolated let logger: Logger
    private let name: String
    private let url: String
    private let headers: [String: String]
    private let maxMessageBytes: Int
    private let handshakeTimeout: TimeAmount
    private let tlsConfiguration: TLSConfiguration
    /// Where `http_proxy`, `https_proxy`, `all_proxy` and `no_proxy` are read from.
    private let environment: [String: String]
    private let stream: AsyncThrowingStream<Data, any Error>
    private let continuation: AsyncThrowingStream<Data, any Error>.Continuation
    private var connection: WebSocketConnector.Connection?
    private var closing = false
    private var finished = false

    /// - Parameters:
    ///   - headers: sent with the upgrade request; their values are never logged.
    ///   - tlsConfiguration: for wss://; the default verifies certificates against the system's roots.
    ///   - environment: the proxy variables (`WebSocketProxy`); the process's by default.
    public init(name: String, url: String, headers: [String: String] = [:],
                maxMessageBytes: Int = WebSocketTransport.defaultMaxMessageBytes,
                handshakeTimeout: Duration = .seconds(30),
                tlsConfiguration: TLSConfiguration = .makeClientConfiguration(),
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
        self.name = name
        self.url = url
        self.headers = headers
        self.maxMessageBytes = maxMessageBytes
        let (seconds, attoseconds) = handshakeTimeout.components
        self.handshakeTimeout = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        self.tlsConfiguration = tlsConfiguration
        self.logger = Logger(label: "mcpterm.ws.\(name)")
        (stream, continuation) = AsyncThrowingStream.makeStream(of: Data.self)
    }

    /// Connects and upgrades; throws a `WebSocketTransportError` saying why it could not.
    public func connect() async throws {
        guard !closing, !finished else { throw TransportError.closed(server: name) }
        guard connection == nil else { return }
        guard let endpoint = WebSocketEndpoint(url) else {
            throw WebSocketTransportError.invalidURL(server: name, url: HTTPTransportError.redacted(url))
        }
        let ignored = headers.keys.filter { WebSocketConnector.reservedHeaders.contains($0.lowercased()) }
        if !ignored.isEmpty {
            logger.warning("ignoring headers the WebSocket upgrade sets itself: \(ignored.sorted().joined(separator: ", "))")
        }
        let connector = WebSocketConnector(
            server: name, endpoint: endpoint, headers: headers, maxMessageBytes: maxMessageBytes,
            handshakeTimeout: handshakeTimeout, tlsConfiguration: tlsConfiguration,
            group: MultiThreadedEventLoopGroup.singleton,
            proxy: try WebSocketProxy.resolve(for: endpoint, environment: environment, server: name))
        let continuation = self.continuation
        let logger = self.logger
        let opened = try await connector.connect(
            onText: { text in continuation.yield(Data(text.utf8)) },
            onBinary: { count in logger.warning("ignored a binary frame of \(count) bytes (MCP uses text frames)") })
        if closing {
            // disconnect() ran while the upgrade was in flight.
            try? await opened.socket.close(code: .goingAway)
            throw TransportError.closed(server: name)
        }
        connection = opened
        opened.channel.closeFuture.whenComplete { _ in
            Task { await self.connectionEnded() }
        }
    }

    public func receive() -> AsyncThrowingStream<Data, any Error> {
        stream
    }

    /// Sends one message as one text frame.
    public func send(_ data: Data) async throws {
        guard let connection, !closing, !finished else { throw TransportError.closed(server: name) }
        do {
            try await connection.socket.send(raw: data, opcode: .text, fin: true)
        } catch {
            throw TransportError.io(server: name, reason: "cannot send on the WebSocket: \(error)")
        }
    }

    /// Sends a close frame (1000) and waits for the connection to end: the server's answering
    /// close frame, or 5 s, after which the socket is closed anyway.
    public func disconnect() async {
        guard !closing else { return }
        closing = true
        guard let connection else {
            finish(throwing: TransportError.closed(server: name))
            return
        }
        let channel = connection.channel
        let deadline = channel.eventLoop.scheduleTask(in: .seconds(5)) { channel.close(promise: nil) }
        connection.socket.close(code: .normalClosure, promise: nil)
        try? await channel.closeFuture.get()
        deadline.cancel()
        finish(throwing: TransportError.closed(server: name))
    }

    // MARK: - The end

    private func connectionEnded() {
        guard let connection else { return }
        if closing {
            finish(throwing: TransportError.closed(server: name))
        } else {
            finish(throwing: endingError(connection))
        }
    }

    /// Says how the connection ended, from what the observers saw.
    private func endingError(_ connection: WebSocketConnector.Connection) -> TransportError {
        let front = connection.front.ending
        let error = front.error ?? connection.tail.ending.error
        if let error, Self.isSizeError(error) {
            return .messageTooLarge(server: name, bytes: maxMessageBytes)
        }
        if let (code, reason) = front.closeFrame {
            let shownCode = code.map { "code \($0)" } ?? "no status code"
            let shownReason = reason.isEmpty ? "" : " (\(reason.prefix(123)))"
            return .io(server: name, reason: "the server closed the WebSocket with \(shownCode)\(shownReason)")
        }
        if let error {
            return .io(server: name, reason: "the WebSocket connection failed: \(error)")
        }
        return .io(server: name, reason: "the WebSocket connection was lost (no close frame)")
    }

    private static func isSizeError(_ error: any Error) -> Bool {
        if case NIOWebSocketError.invalidFrameLength = error { return true }
        if case NIOWebSocketFrameAggregator.Error.accumulatedFrameSizeIsTooLarge = error { return true }
        return false
    }

    private func finish(throwing error: TransportError) {
        guard !finished else { return }
        finished = true
        continuation.finish(throwing: error)
    }
}
