import CCurl
import Foundation

/// One request's libcurl easy handle, and the state shared between the worker thread that
/// drives it and the consumer that awaits its head and pulls its body.
///
/// Threading: libcurl callbacks, `complete`, `fail` and `cleanup` run on the worker thread only;
/// `awaitHead` and `nextChunk` run on the consumer's side. Everything both sides touch is
/// guarded by `lock`.
final class CurlTransfer: @unchecked Sendable {
    let url: String
    let easy: UnsafeMutableRawPointer
    let idleTimeout: Double?
    private let connectTimeout: Double
    private let totalTimeout: Double?
    /// Error statuses delivered as a head (see `HTTPRequest.passedStatuses`).
    private let passedStatuses: Set<Int>
    private let worker: CurlMultiWorker
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>

    /// A consumer that stops reading must not make the worker buffer without limit: past this
    /// many unread bytes the transfer is paused (CURL_WRITEFUNC_PAUSE) until half is read.
    private let bufferLimit: Int
    /// Error bodies are for messages, not for storage.
    private let errorBodyLimit = 64 * 1024

    // Worker thread only.
    private(set) var lastActivity = DispatchTime.now().uptimeNanoseconds
    private var status = 0
    private var pendingHeaders: [String: String] = [:]
    private var headComplete = false
    private var errorBody = Data()
    private var cleanedUp = false

    // Shared; guarded by `lock`.
    private let lock = NSLock()
    private var headContinuation: CheckedContinuation<HTTPResponseHead, Error>?
    private var headResolved = false
    private var chunks: [Data] = []
    private var chunkStart = 0
    private var bufferedBytes = 0
    private var bodyEnded = false
    private var bodyError: Error?
    private var bodyWaiter: CheckedContinuation<Data?, Error>?
    private var paused = false
    private var cancelRequested = false

    init(request: HTTPRequest, worker: CurlMultiWorker, readAheadLimit: Int) throws {
        guard let parsed = URL(string: request.url), let scheme = parsed.scheme?.lowercased(),
              scheme == "http" || scheme == "https", parsed.host != nil else {
            throw HTTPError.invalidURL(request.url)
        }
        guard let easy = curl_easy_init() else {
            throw HTTPError.transfer(url: request.url, reason: "curl_easy_init failed")
        }
        self.url = request.url
        self.easy = easy
        self.worker = worker
        self.bufferLimit = readAheadLimit
        self.idleTimeout = request.idleTimeout
        self.connectTimeout = request.connectTimeout
        self.totalTimeout = request.totalTimeout
        self.passedStatuses = request.passedStatuses
        errorBuffer = .allocate(capacity: ccurl_error_size())
        errorBuffer.initialize(repeating: 0, count: ccurl_error_size())
        do {
            try configure(request)
        } catch {
            cleanup()
            throw error
        }
    }

    deinit {
        if !cleanedUp { cleanup() }
    }

    private func configure(_ request: HTTPRequest) throws {
        ccurl_easy_setopt_string(easy, CURLOPT_URL, request.url)
        // Signals cannot be used for timeouts in a threaded program.
        ccurl_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1)
        ccurl_easy_setopt_pointer(easy, CURLOPT_ERRORBUFFER, errorBuffer)
        ccurl_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(request.connectTimeout))
        if let total = request.totalTimeout {
            ccurl_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, Self.milliseconds(total))
        }
        // A proxy's "200 Connection established" must not be mistaken for the response head.
        ccurl_easy_setopt_long(easy, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1)
        if let tls = request.tls { configureTLS(tls) }

        let method = request.method.uppercased()
        switch method {
        case "GET" where request.body == nil:
            ccurl_easy_setopt_long(easy, CURLOPT_HTTPGET, 1)
        case "HEAD":
            ccurl_easy_setopt_long(easy, CURLOPT_NOBODY, 1)
        default:
            if method != "POST" {
                ccurl_easy_setopt_string(easy, CURLOPT_CUSTOMREQUEST, method)
            }
            if method == "POST" || request.body != nil {
                let body = request.body ?? Data()
                ccurl_easy_setopt_off_t(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
                // COPYPOSTFIELDS copies, so the Data need not outlive this call.
                if body.isEmpty {
                    ccurl_easy_setopt_string(easy, CURLOPT_COPYPOSTFIELDS, "")
                } else {
                    body.withUnsafeBytes { raw in
                        _ = ccurl_easy_setopt_pointer(easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: raw.baseAddress))
                    }
                }
            }
        }

        // "Expect:" stops libcurl from waiting for a 100-continue before sending a POST body.
        var lines = ["Expect:"]
        for (name, value) in request.headers {
            guard !name.isEmpty, !name.contains(where: { $0 == ":" || $0.isNewline || $0 == " " }) else {
                throw HTTPError.transfer(url: request.url, reason: "invalid header name \"\(name)\"")
            }
            guard !value.contains(where: \.isNewline) else {
                throw HTTPError.transfer(url: request.url, reason: "header \(name) contains a line break")
            }
            // libcurl sends "Name;" as a header with an empty value ("Name:" would remove it).
            lines.append(value.isEmpty ? "\(name);" : "\(name): \(value)")
        }
        for line in lines {
            guard let appended = curl_slist_append(headerList, line) else {
                throw HTTPError.transfer(url: request.url, reason: "out of memory building headers")
            }
            headerList = appended
        }
        ccurl_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList)

        let me = Unmanaged.passUnretained(self).toOpaque()
        ccurl_easy_setopt_write_function(easy, CURLOPT_WRITEFUNCTION, curlTransferWriteCallback)
        ccurl_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, me)
        ccurl_easy_setopt_write_function(easy, CURLOPT_HEADERFUNCTION, curlTransferHeaderCallback)
        ccurl_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, me)
    }

    /// The files are checked by the caller (the config names them); libcurl reads them when it connects.
    private func configureTLS(_ tls: HTTPTLSOptions) {
        if let ca = tls.caFile { ccurl_easy_setopt_string(easy, CURLOPT_CAINFO, ca) }
        if let cert = tls.certFile {
            ccurl_easy_setopt_string(easy, CURLOPT_SSLCERT, cert)
            ccurl_easy_setopt_string(easy, CURLOPT_SSLCERTTYPE, "PEM")
        }
        if let key = tls.keyFile {
            ccurl_easy_setopt_string(easy, CURLOPT_SSLKEY, key)
            ccurl_easy_setopt_string(easy, CURLOPT_SSLKEYTYPE, "PEM")
        }
        if tls.insecure {
            ccurl_easy_setopt_long(easy, CURLOPT_SSL_VERIFYPEER, 0)
            ccurl_easy_setopt_long(easy, CURLOPT_SSL_VERIFYHOST, 0)
        }
    }

    /// A status thrown as `HTTPError.status` (its body collected for the message) rather than
    /// delivered as a head.
    private var isErrorStatus: Bool {
        status >= 400 && !passedStatuses.contains(status)
    }

    private static func milliseconds(_ seconds: Double) -> Int {
        max(1, Int((seconds * 1000).rounded(.up)))
    }

    // MARK: Consumer side

    /// Stores the continuation that `complete`/`fail` resume once the head (or an error) is known.
    func awaitHead(_ continuation: CheckedContinuation<HTTPResponseHead, Error>) {
        lock.lock()
        headContinuation = continuation
        lock.unlock()
    }

    var isCancelRequested: Bool {
        lock.lock(); defer { lock.unlock() }
        return cancelRequested
    }

    /// Marks the transfer cancelled, so a worker that has not added it yet never will.
    func requestCancel() {
        lock.lock()
        cancelRequested = true
        lock.unlock()
    }

    /// The next body chunk, `nil` at the end of the body.
    func nextChunk() async throws -> Data? {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Data?, Error>) in
                lock.lock()
                if chunkStart < chunks.count {
                    let chunk = chunks[chunkStart]
                    chunkStart += 1
                    if chunkStart > 64, chunkStart * 2 > chunks.count {
                        chunks.removeFirst(chunkStart)
                        chunkStart = 0
                    }
                    bufferedBytes -= chunk.count
                    let shouldResume = paused && bufferedBytes <= bufferLimit / 2
                    if shouldResume { paused = false }
                    lock.unlock()
                    if shouldResume { worker.resume(self) }
                    continuation.resume(returning: chunk)
                } else if bodyEnded {
                    let error = bodyError
                    lock.unlock()
                    if let error { continuation.resume(throwing: error) } else { continuation.resume(returning: nil) }
                } else {
                    bodyWaiter = continuation
                    lock.unlock()
                }
            }
        } onCancel: {
            worker.cancel(self)
        }
    }

    var isBodyEnded: Bool {
        lock.lock(); defer { lock.unlock() }
        return bodyEnded
    }

    // MARK: Worker side

    var isPaused: Bool {
        lock.lock(); defer { lock.unlock() }
        return paused
    }

    func markActivity() {
        lastActivity = DispatchTime.now().uptimeNanoseconds
    }

    /// libcurl delivered body bytes. Returns the count consumed, or the pause code.
    fileprivate func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Int {
        markActivity()
        if isErrorStatus {
            if errorBody.count < errorBodyLimit {
                errorBody.append(contentsOf: bytes.prefix(errorBodyLimit - errorBody.count))
            }
            return bytes.count
        }
        if !headComplete { deliverHead() }
        lock.lock()
        if bufferedBytes >= bufferLimit {
            paused = true
            lock.unlock()
            return Int(ccurl_writefunc_pause())
        }
        let chunk = Data(bytes)
        if let waiter = bodyWaiter {
            bodyWaiter = nil
            lock.unlock()
            waiter.resume(returning: chunk)
        } else {
            chunks.append(chunk)
            bufferedBytes += chunk.count
            lock.unlock()
        }
        return bytes.count
    }

    /// libcurl delivered one header line (status line, field, or the blank line ending a head).
    fileprivate func receiveHeader(_ bytes: UnsafeRawBufferPointer) -> Int {
        markActivity()
        guard !headComplete else { return bytes.count }  // trailers
        let line = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .newlines)
        if line.hasPrefix("HTTP/") {
            // A new head starts (after a 1xx interim response, or the first one).
            pendingHeaders = [:]
            let parts = line.split(separator: " ", maxSplits: 2)
            status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        } else if line.isEmpty {
            if status >= 200 { deliverHead() }
        } else if let colon = line.firstIndex(of: ":") {
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            pendingHeaders[name] = value
        }
        return bytes.count
    }

    /// The head is complete: hand it to the consumer unless it is an error status, whose body
    /// is collected first so the error can quote it.
    private func deliverHead() {
        headComplete = true
        if !isErrorStatus {
            resolveHead(.success(HTTPResponseHead(status: status, headers: pendingHeaders)))
        }
    }

    /// The transfer finished with `code` (worker thread, after the handle left the multi).
    func complete(_ code: CURLcode) {
        guard code == CURLE_OK else {
            fail(error(for: code))
            return
        }
        if isErrorStatus {
            fail(.status(status, body: String(decoding: errorBody, as: UTF8.self), url: url,
                         retryAfter: HTTPError.retryAfterSeconds(pendingHeaders["retry-after"])))
            return
        }
        if !headComplete {
            var responseCode: Int = 0
            ccurl_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &responseCode)
            if status == 0 { status = responseCode }
            deliverHead()
        }
        endBody(nil)
    }

    /// Ends the transfer with `error`: the head waiter gets it if the head was not delivered yet,
    /// otherwise the body reader gets it after the chunks already buffered (none after a cancel).
    func fail(_ error: HTTPError) {
        resolveHead(.failure(error))
        endBody(error)
    }

    private func resolveHead(_ result: Result<HTTPResponseHead, HTTPError>) {
        lock.lock()
        guard !headResolved else {
            lock.unlock()
            return
        }
        headResolved = true
        let continuation = headContinuation
        headContinuation = nil
        lock.unlock()
        continuation?.resume(with: result.mapError { $0 as Error })
    }

    private func endBody(_ error: HTTPError?) {
        lock.lock()
        guard !bodyEnded else {
            lock.unlock()
            return
        }
        bodyEnded = true
        bodyError = error
        if error == .cancelled {
            chunks = []
            chunkStart = 0
            bufferedBytes = 0
        }
        let waiter = bodyWaiter
        bodyWaiter = nil
        lock.unlock()
        if let error { waiter?.resume(throwing: error) } else { waiter?.resume(returning: nil) }
    }

    private func error(for code: CURLcode) -> HTTPError {
        let detail = String(cString: errorBuffer)
        let reason = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        switch code {
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            return .invalidURL(url)
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY,
             CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION:
            return .connectFailed(url: url, reason: reason)
        case CURLE_OPERATION_TIMEDOUT:
            var connectTime: Double = 0
            ccurl_easy_getinfo_double(easy, CURLINFO_CONNECT_TIME, &connectTime)
            if connectTime == 0 {
                return .timedOut(url: url, what: "no connection within \(connectTimeout) s")
            }
            return .timedOut(url: url, what: "not finished within \(totalTimeout ?? 0) s (\(reason))")
        default:
            return .transfer(url: url, reason: reason)
        }
    }

    /// Frees the easy handle and its buffers (worker thread, after removal from the multi).
    func cleanup() {
        guard !cleanedUp else { return }
        cleanedUp = true
        curl_easy_cleanup(easy)
        curl_slist_free_all(headerList)
        headerList = nil
        errorBuffer.deallocate()
    }
}

private func curlTransferWriteCallback(
    _ buffer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ userdata: UnsafeMutableRawPointer?
) -> Int {
    guard let buffer, let userdata else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
    return transfer.receiveBody(UnsafeRawBufferPointer(start: buffer, count: size * count))
}

private func curlTransferHeaderCallback(
    _ buffer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ userdata: UnsafeMutableRawPointer?
) -> Int {
    guard let buffer, let userdata else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
    return transfer.receiveHeader(UnsafeRawBufferPointer(start: buffer, count: size * count))
}
