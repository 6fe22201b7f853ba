import Foundation
import HTTPStreaming

/// One server's cap on the size of a single incoming message (`"maxMessageBytes"`), for the HTTP
/// transports: a JSON reply body and one SSE event's data. Past it the transport ends with
/// `TransportError.messageTooLarge`, having held at most the limit plus one chunk, since the
/// framing (or the server) can no longer be trusted.
struct MessageSizeLimit: Sendable {
    let server: String
    let bytes: Int

    var error: TransportError { .messageTooLarge(server: server, bytes: bytes) }

    /// An SSE decoder that stops at the limit; pass each chunk through `events(from:_:)`.
    func makeDecoder() -> SSEDecoder {
        SSEDecoder(maxEventBytes: bytes)
    }

    /// The events `chunk` completes; throws once an event went past the limit.
    func events(from decoder: inout SSEDecoder, _ chunk: Data) throws(TransportError) -> [SSEEvent] {
        let events = decoder.feed(chunk)
        if decoder.overflowed { throw error }
        return events
    }

    /// Reads a whole non-streamed body (a JSON reply). A declared `Content-Length` over the limit
    /// fails before a byte is read; otherwise reading stops at the first chunk past the limit
    /// (leaving the body unread cancels the transfer).
    func collect(_ body: AsyncThrowingStream<Data, any Error>, head: HTTPResponseHead) async throws -> Data {
        if let declared = head.headers["content-length"].flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }),
           declared > bytes {
            throw error
        }
        var data = Data()
        for try await chunk in body {
            guard data.count + chunk.count <= bytes else { throw error }
            data.append(chunk)
        }
        return data
    }
}
