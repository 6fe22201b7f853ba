import Foundation

/// An HTTP client for streamed responses: one libcurl multi handle driven by one worker thread
/// (`curl_multi_poll` plus a wakeup); requests are added and removed through a locked queue.
/// Cancelling the task that awaits a head or reads a body removes the request promptly.
public final class HTTPClient: Sendable {
    /// The process-wide client; its thread lives as long as the process.
    public static let shared = HTTPClient()

    private let worker: CurlMultiWorker
    private let readAheadLimit: Int

    public convenience init() {
        self.init(readAheadLimit: 1 << 20)
    }

    /// `readAheadLimit`: unread body bytes buffered per request before libcurl is paused.
    init(readAheadLimit: Int) {
        worker = CurlMultiWorker()
        self.readAheadLimit = readAheadLimit
    }

    deinit {
        worker.shutdown()
    }

    /// Starts the request; returns when the response head (status + headers) has arrived, with
    /// the body as an async sequence of chunks as libcurl delivers them (no buffering of the
    /// whole body; at most about 1 MiB is read ahead of the consumer).
    /// A status of 400 or more throws `HTTPError.status` carrying the start of the body.
    /// Dropping or cancelling the body sequence cancels the request.
    public func stream(_ request: HTTPRequest) async throws -> (HTTPResponseHead, AsyncThrowingStream<Data, Error>) {
        let transfer = try CurlTransfer(request: request, worker: worker, readAheadLimit: readAheadLimit)
        let worker = self.worker
        let head = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPResponseHead, Error>) in
                transfer.awaitHead(continuation)
                worker.add(transfer)
            }
        } onCancel: {
            worker.cancel(transfer)
        }
        let reader = HTTPBodyReader(client: self, transfer: transfer)
        return (head, AsyncThrowingStream(unfolding: { try await reader.next() }))
    }

    /// Sends the request and collects the whole body.
    public func send(_ request: HTTPRequest) async throws -> (HTTPResponseHead, Data) {
        let (head, body) = try await stream(request)
        var data = Data()
        for try await chunk in body {
            data.append(chunk)
        }
        return (head, data)
    }

    func cancel(_ transfer: CurlTransfer) {
        worker.cancel(transfer)
    }
}

/// The pulling end of one response body. It keeps its client alive while the body is read,
/// and cancels the transfer when the body sequence is dropped before its end.
final class HTTPBodyReader: Sendable {
    private let client: HTTPClient
    private let transfer: CurlTransfer

    init(client: HTTPClient, transfer: CurlTransfer) {
        self.client = client
        self.transfer = transfer
    }

    deinit {
        if !transfer.isBodyEnded { client.cancel(transfer) }
    }

    func next() async throws -> Data? {
        try await transfer.nextChunk()
    }
}
