import Foundation
import HTTPStreaming

/// The streaming request every provider makes the same way around its own body, error-body
/// reader and parser: POST the JSON body, turn an error status (or a JSON reply where a stream
/// was expected) into a `ProviderError`, feed the body through the parser, and stop the HTTP
/// request when the consumer stops reading.
struct StreamingPost: Sendable {
    /// The provider's name, in error messages.
    var provider: String
    var http: HTTPClient
    var url: String
    /// Sent after `Content-Type` and `Accept`: the provider's own headers, its key, the user's.
    var headers: [(String, String)]
    /// A quieter stream than this many seconds is taken as a dead connection.
    var idleTimeout: Double
    /// Seconds to wait for the connection (TCP and TLS).
    var connectTimeout: Double = ProviderError.defaultConnectTimeout
    /// Finds the message in an error body in the provider's shape; `nil` when it is not one.
    var errorMessage: @Sendable (Data) -> String?
    /// Replaced in error text: a server (or a proxy) may echo the key it rejected.
    var secret: String?

    /// The header that carries the API key, or none without a key (a local server needs none).
    static func keyHeader(_ name: String, _ apiKey: String?, prefix: String = "") -> [(String, String)] {
        guard let apiKey, !apiKey.isEmpty else { return [] }
        return [(name, prefix + apiKey)]
    }

    /// Streams the reply to the body `encode` builds, read by a fresh `Parser`. The stream
    /// throws `ProviderError`s (an encoding error too).
    func stream<Parser: StreamPayloadParser>(
        _: Parser.Type, encode: @escaping @Sendable () throws -> Data
    ) -> AsyncThrowingStream<StreamEvent, Error> {
        let (events, continuation) = AsyncThrowingStream<StreamEvent, Error>.makeStream()
        let task = Task {
            do {
                try await run(Parser.self, body: encode()) { continuation.yield($0) }
                continuation.finish()
            } catch {
                continuation.finish(throwing: providerError(for: error))
            }
        }
        // The consumer stopped reading or was cancelled: stop the HTTP request too.
        continuation.onTermination = { _ in task.cancel() }
        return events
    }

    private func run<Parser: StreamPayloadParser>(
        _: Parser.Type, body: Data, emit: (StreamEvent) -> Void
    ) async throws {
        var request = HTTPRequest(
            url: url, method: "POST",
            headers: [("Content-Type", "application/json"), ("Accept", Parser.Framing.mediaType)] + headers,
            body: body)
        request.idleTimeout = idleTimeout
        request.connectTimeout = connectTimeout

        let (head, reply) = try await http.stream(request)
        if Parser.Framing.jsonReplyIsAnError, head.headers["content-type"]?.hasPrefix("application/json") == true {
            // Not a stream: some servers and proxies answer errors this way with a 2xx status.
            var data = Data()
            for try await chunk in reply { data.append(chunk) }
            let message = errorMessage(data)
                ?? "expected an event stream, got JSON: \(String(decoding: data.prefix(300), as: UTF8.self))"
            throw ProviderError.api(status: head.status, message: message, provider: provider)
        }

        var framing = Parser.Framing()
        var parser = Parser(provider: provider)
        for try await chunk in reply {
            for payload in framing.payloads(in: chunk) {
                try parser.consume(payload).forEach(emit)
                if parser.isDone { return }
            }
        }
        // A body cut short by cancellation must not be reported as a malformed stream.
        try Task.checkCancellation()
        for payload in framing.remainingPayloads() {
            try parser.consume(payload).forEach(emit)
            if parser.isDone { return }
        }
        try parser.finish().forEach(emit)
    }

    /// GETs `url` with the provider's headers (its key among them) and returns the reply's JSON
    /// object; failures are `ProviderError`s, like a stream's.
    func getJSON(_ url: String, timeout: Double = 10) async throws -> [String: Any] {
        var request = HTTPRequest(url: url, headers: [("Accept", "application/json")] + headers)
        request.totalTimeout = timeout
        request.connectTimeout = min(connectTimeout, timeout)
        let data: Data
        do {
            data = try await http.send(request).1
        } catch {
            throw providerError(for: error)
        }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw ProviderError.badStream("\(provider): \(url) did not answer a JSON object: "
                                          + String(decoding: data.prefix(200), as: UTF8.self))
        }
        return object
    }

    /// The `key` of each object in `object[list]` (`data[].id`, `models[].name`), in order.
    static func names(in object: [String: Any], list: String, key: String) -> [String] {
        ((object[list] as? [Any]) ?? []).compactMap { ($0 as? [String: Any])?[key] as? String }
    }

    private func providerError(for error: Error) -> Error {
        switch error {
        case ProviderError.api(let status, let message, let provider):
            return ProviderError.api(status: status, message: redacted(message), provider: provider)
        case let error as ProviderError:
            return error
        case HTTPError.timedOut(_, let what) where what == HTTPError.idleReason(seconds: idleTimeout):
            return ProviderError.idleTimeout(provider: provider, seconds: idleTimeout)
        case HTTPError.status(let status, let body, let url, let retryAfter):
            let trimmed = body.trimmingCharacters(in: .whitespacesAndNewlines)
            // An HTML error page (a proxy, a server without this route) says nothing a line can hold.
            let html = trimmed.hasPrefix("<")
            let message = errorMessage(Data(body.utf8))
                ?? (trimmed.isEmpty || html ? "HTTP \(status) from \(url)" + (html ? " (an HTML page, not an API answer)" : "")
                    : String(trimmed.prefix(500)))
            if ProviderError.retryableStatuses.contains(status) {
                return ProviderError.unavailable(status: status, message: redacted(message), provider: provider,
                                                 retryAfter: retryAfter)
            }
            return ProviderError.api(status: status, message: redacted(message), provider: provider)
        case let error as HTTPError:
            return ProviderError.http(error)
        default:
            return error
        }
    }

    private func redacted(_ message: String) -> String {
        guard let secret, secret.count >= 4 else { return message }
        return message.replacingOccurrences(of: secret, with: "[API key]")
    }
}
