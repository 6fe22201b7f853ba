import Foundation
import HTTPStreaming
import Logging
import MCP

/// The transport of a `type: "http"` server: streamable HTTP first, and legacy HTTP+SSE on the
/// same URL when the server answers the `initialize` POST with 400, 404 or 405, which is
/// how a 2024-11-05 server rejects it (MCP 2025-11-25 basic/transports#backwards-compatibility).
///
/// The decision lives here, not in `ServerConnection`, because it is made inside the first
/// `send`: the session keeps one transport and never learns that it was swapped.
public actor HTTPFallbackTransport: Transport {
    /// First-POST statuses that mean "this is an old HTTP+SSE server".
    static let legacyStatuses: Set<Int> = [400, 404, 405]

    public nonisolated let logger: Logger
    private let name: String
    private let url: String
    private let headers: [String: String]
    private let maxMessageBytes: Int
    private let tls: HTTPTLSOptions?
    private let onFallback: @Sendable (String) -> Void
    private let stream: AsyncThrowingStream<Data, any Error>
    private let continuation: AsyncThrowingStream<Data, any Error>.Continuation
    private let streamable: StreamableHTTPTransport
    private var active: any Transport
    /// Set once `initialize` has been sent: the transport is then settled.
    private var decided = false
    /// Bumped when the active transport changes, so the old one's end is not passed on.
    private var generation = 0
    private var pump: Task<Void, Never>?

    /// `onFallback` receives one line for the host log when the legacy transport takes over.
    public init(name: String, url: String, headers: [String: String] = [:],
                maxMessageBytes: Int = ServerConfig.defaultMaxMessageBytes,
                onFallback: @escaping @Sendable (String) -> Void) {
        self.init(name: name, url: url, headers: headers, maxMessageBytes: maxMessageBytes, authorization: nil,
                  tls: nil, onFallback: onFallback)
    }

    /// `authorization`: the server's OAuth (the streamable transport sends its token; the legacy
    /// fallback has none). `tls`: the entry's TLS settings, for both.
    init(name: String, url: String, headers: [String: String], maxMessageBytes: Int,
         authorization: ServerAuthorization?, tls: HTTPTLSOptions?, onFallback: @escaping @Sendable (String) -> Void) {
        self.tls = tls
        self.name = name
        self.url = url
        self.headers = headers
        self.maxMessageBytes = maxMessageBytes
        self.onFallback = onFallback
        self.logger = Logger(label: "mcpterm.http.\(name)")
        streamable = StreamableHTTPTransport(name: name, url: url, headers: headers, maxMessageBytes: maxMessageBytes,
                                             authorization: authorization, tls: tls)
        active = streamable
        (stream, continuation) = AsyncThrowingStream.makeStream(of: Data.self)
    }

    /// True once the legacy transport has taken over.
    public var usesLegacySSE: Bool { !(active is StreamableHTTPTransport) }

    /// True once the streamable server answered 404 for our session (legacy sessions cannot expire so).
    public var sessionExpired: Bool {
        get async { usesLegacySSE ? false : await streamable.sessionExpired }
    }

    public func connect() async throws {
        try await streamable.connect()
        startPump(from: await streamable.receive())
    }

    public func receive() -> AsyncThrowingStream<Data, any Error> {
        stream
    }

    public func send(_ data: Data) async throws {
        // The decision is made on `initialize`, not on the first message: a 2026-07-28 probe
        // (`server/discover`) comes first, and an older streamable HTTP server answers it with 400.
        guard !decided, case .request(_, _, let method) = OutgoingMessage(data), method == Initialize.name else {
            try await active.send(data)
            return
        }
        decided = true
        do {
            try await streamable.send(data)
        } catch let error as HTTPTransportError {
            guard let status = error.httpStatus, Self.legacyStatuses.contains(status) else { throw error }
            let legacy = LegacySSETransport(name: name, url: url, headers: headers, maxMessageBytes: maxMessageBytes, tls: tls)
            do {
                try await legacy.connect()
            } catch {
                // Not a legacy server either: the streamable answer is the one to show.
                await legacy.disconnect()
                throw HTTPTransportError.status(
                    server: name, method: "POST", url: HTTPTransportError.redacted(url), status: status,
                    body: "(and the legacy HTTP+SSE fallback failed too: \(error))")
            }
            active = legacy
            startPump(from: await legacy.receive())
            await streamable.disconnect()
            onFallback("POST answered HTTP \(status): fell back to legacy SSE (MCP 2024-11-05)")
            try await legacy.send(data)
        }
    }

    /// The tools' `x-mcp-header` parameters, for the streamable transport (legacy SSE has no such headers).
    func setParameterHeaders(_ headers: [String: [ParameterHeader]]) async {
        await streamable.setParameterHeaders(headers)
    }

    public func disconnect() async {
        generation += 1
        pump?.cancel()
        await active.disconnect()
        if active !== streamable { await streamable.disconnect() }
        continuation.finish(throwing: TransportError.closed(server: name))
    }

    private func startPump(from source: AsyncThrowingStream<Data, any Error>) {
        generation += 1
        let mine = generation
        pump?.cancel()
        let continuation = self.continuation
        pump = Task {
            do {
                for try await data in source { continuation.yield(data) }
                self.sourceEnded(generation: mine, error: nil)
            } catch {
                self.sourceEnded(generation: mine, error: error)
            }
        }
    }

    private func sourceEnded(generation: Int, error: (any Error)?) {
        guard generation == self.generation else { return }
        if let error { continuation.finish(throwing: error) } else { continuation.finish() }
    }
}
