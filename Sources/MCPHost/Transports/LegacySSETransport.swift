import Foundation
import HTTPStreaming
import Logging
import MCP

/// The HTTP+SSE transport of MCP 2024-11-05 (basic/transports#http-with-sse): a GET opens an SSE
/// stream whose first `endpoint` event names the URL to POST messages to; every server message,
/// responses included, arrives as a `message` event on that one stream.
///
/// The stream cannot be resumed (the session lives in the endpoint URL), so when it ends the
/// receive stream ends and the connection layer starts a new session.
public actor LegacySSETransport: Transport {
    public nonisolated let logger: Logger
    private let name: String
    private let url: String
    private let shownURL: String
    /// Configured headers; the values are secrets and are never logged.
    private let headers: [String: String]
    private let client: HTTPClient
    /// Seconds to wait for the `endpoint` event after the stream opened.
    private let endpointTimeout: Double
    /// The most one `message` event's data may hold.
    private let limit: MessageSizeLimit
    private let stream: AsyncThrowingStream<Data, any Error>
    private let continuation: AsyncThrowingStream<Data, any Error>.Continuation

    /// Where messages are POSTed, from the `endpoint` event (resolved against `url`).
    public private(set) var endpoint: String?
    private var endpointWaiter: CheckedContinuation<String, any Error>?
    private var endFailure: (any Error)?
    private var readTask: Task<Void, Never>?
    private var closed = false
    private var finished = false

    /// The entry's TLS settings (private CA, client certificate, no verification).
    private let tls: HTTPTLSOptions?

    public init(name: String, url: String, headers: [String: String] = [:], client: HTTPClient = .shared,
                endpointTimeout: Double = 30, maxMessageBytes: Int = ServerConfig.defaultMaxMessageBytes,
                tls: HTTPTLSOptions? = nil) {
        self.tls = tls
        self.name = name
        self.limit = MessageSizeLimit(server: name, bytes: maxMessageBytes)
        self.url = url
        self.shownURL = HTTPTransportError.redacted(url)
        self.headers = headers
        self.client = client
        self.endpointTimeout = endpointTimeout
        self.logger = Logger(label: "mcpterm.sse.\(name)")
        (stream, continuation) = AsyncThrowingStream.makeStream(of: Data.self)
    }

    /// Opens the SSE stream and returns once the server has named its message endpoint.
    public func connect() async throws {
        guard !closed else { throw TransportError.closed(server: name) }
        guard readTask == nil else { return }
        let lowered = url.lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://") else {
            throw HTTPTransportError.invalidURL(server: name, url: shownURL)
        }
        var request = makeRequest(method: "GET")
        request.headers.append(("Accept", "text/event-stream"))
        let body: AsyncThrowingStream<Data, Error>
        do {
            (_, body) = try await client.stream(request)
        } catch {
            throw HTTPTransportError.from(error, server: name, method: "GET", url: url)
        }
        readTask = Task { await self.read(body) }
        let timeout = endpointTimeout
        let timer = Task {
            try? await Task.sleep(for: .seconds(timeout))
            if !Task.isCancelled { self.failEndpointWait(after: timeout) }
        }
        defer { timer.cancel() }
        _ = try await withCheckedThrowingContinuation { (waiter: CheckedContinuation<String, any Error>) in
            if let endpoint {
                waiter.resume(returning: endpoint)
            } else if let endFailure {
                waiter.resume(throwing: endFailure)
            } else {
                endpointWaiter = waiter
            }
        }
    }

    public func receive() -> AsyncThrowingStream<Data, any Error> {
        stream
    }

    /// POSTs one message to the endpoint; the server answers 202 and sends any reply on the stream.
    public func send(_ data: Data) async throws {
        guard !closed, !finished, let endpoint else { throw TransportError.closed(server: name) }
        var request = makeRequest(method: "POST")
        request.url = endpoint
        request.headers.append(("Content-Type", "application/json"))
        request.body = data
        request.totalTimeout = 60
        do {
            _ = try await client.send(request)
        } catch {
            throw HTTPTransportError.from(error, server: name, method: "POST", url: endpoint)
        }
    }

    public func disconnect() async {
        guard !closed else { return }
        closed = true
        readTask?.cancel()
        end(TransportError.closed(server: name))
    }

    private func makeRequest(method: String) -> HTTPStreaming.HTTPRequest {
        var request = HTTPStreaming.HTTPRequest(url: url, method: method)
        request.tls = tls
        for (field, value) in headers.sorted(by: { $0.key < $1.key }) { request.headers.append((field, value)) }
        return request
    }

    private func read(_ body: AsyncThrowingStream<Data, Error>) async {
        var decoder = limit.makeDecoder()
        do {
            for try await chunk in body {
                for event in try limit.events(from: &decoder, chunk) { handle(event) }
            }
            for event in decoder.finish() { handle(event) }
        } catch is CancellationError {
            return
        } catch let error as TransportError {
            end(error)  // an event over the limit: every message shares this stream, so it ends
            return
        } catch {
            end(HTTPTransportError.from(error, server: name, method: "GET", url: url))
            return
        }
        end(HTTPTransportError.streamEnded(server: name, url: shownURL, what: "(the server closed it)"))
    }

    private func handle(_ event: SSEEvent) {
        switch event.event {
        case "endpoint":
            guard endpoint == nil else { return }
            guard let resolved = resolveEndpoint(event.data) else {
                end(HTTPTransportError.streamEnded(
                    server: name, url: shownURL,
                    what: "after an endpoint event naming another origin or no URL (\(event.data.prefix(100)))"))
                return
            }
            endpoint = resolved
            endpointWaiter?.resume(returning: resolved)
            endpointWaiter = nil
        case "message":
            if !event.data.isEmpty, !finished { continuation.yield(Data(event.data.utf8)) }
        default:
            break
        }
    }

    /// The endpoint relative to the SSE URL; only on the same origin, so configured headers
    /// (tokens) are never sent to a host the user did not name.
    private func resolveEndpoint(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let base = URL(string: url), let resolved = URL(string: trimmed, relativeTo: base)?.absoluteURL,
              resolved.scheme?.lowercased() == base.scheme?.lowercased(),
              resolved.host?.lowercased() == base.host?.lowercased(), resolved.port == base.port else { return nil }
        return resolved.absoluteString
    }

    private func failEndpointWait(after seconds: Double) {
        guard endpoint == nil, endpointWaiter != nil else { return }
        end(HTTPTransportError.streamEnded(server: name, url: shownURL,
                                           what: "without an endpoint event within \(Int(seconds)) s"))
        readTask?.cancel()
    }

    private func end(_ error: any Error) {
        if endFailure == nil { endFailure = error }
        endpointWaiter?.resume(throwing: error)
        endpointWaiter = nil
        guard !finished else { return }
        finished = true
        continuation.finish(throwing: error)
    }
}
