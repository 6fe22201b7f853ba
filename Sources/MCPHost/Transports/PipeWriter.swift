import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes to a pipe without ever blocking a thread of Swift's small cooperative pool.
///
/// A message is written straight from the caller when nothing is queued and the pipe has room
/// (the usual case: one non-blocking `write(2)`, no thread hop, no suspension). What does not fit
/// goes to a dedicated thread that waits for room with `poll(2)`, so a server that stops reading
/// its stdin (pipe full) blocks only that thread. Order is kept: a direct write happens only when
/// the queue (including the message the thread is writing) is empty.
final class PipeWriter: @unchecked Sendable {
    // @unchecked: `queue`, `finishing` and `failure` are guarded by `condition`.
    private let condition = NSCondition()
    /// Waiting messages; the first stays here while the thread writes it.
    private var queue: [(data: Data, done: CheckedContinuation<Void, any Error>)] = []
    private var finishing = false
    /// Set once a write failed: later writes fail at once with the same error.
    private var failure: Int32?
    private let fd: Int32

    /// Takes ownership of `fd` (made non-blocking); it is closed by the writer thread after `finish()`.
    init(fd: Int32, name: String) {
        self.fd = fd
        // Our end of the pipe only: the server's read end is a separate open file description.
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        let thread = Thread { [self] in run() }
        thread.name = name
        thread.start()
    }

    /// Writes all of `data`; throws the errno of a failed write (EPIPE when the reader is gone).
    func write(_ data: Data) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            condition.lock()
            if let failure {
                condition.unlock()
                continuation.resume(throwing: PipeWriteError(code: failure))
                return
            }
            if finishing {
                condition.unlock()
                continuation.resume(throwing: PipeWriteError(code: EBADF))
                return
            }
            var rest = data
            if queue.isEmpty {
                switch writeNow(data) {
                case .done:
                    condition.unlock()
                    continuation.resume()
                    return
                case .failed(let code):
                    failure = code
                    condition.unlock()
                    continuation.resume(throwing: PipeWriteError(code: code))
                    return
                case .wouldBlock(let written):
                    rest = data.subdata(in: data.startIndex + written..<data.endIndex)
                }
            }
            queue.append((rest, continuation))
            condition.signal()
            condition.unlock()
        }
    }

    /// Closes the pipe once everything queued has been written (or has failed).
    func finish() {
        condition.lock()
        finishing = true
        condition.signal()
        condition.unlock()
    }

    private func run() {
        while true {
            condition.lock()
            while queue.isEmpty && !finishing { condition.wait() }
            if queue.isEmpty {
                condition.unlock()
                close(fd)
                return
            }
            let data = queue[0].data
            let earlierFailure = failure
            condition.unlock()

            let error = earlierFailure ?? writeWaiting(data)
            condition.lock()
            if let error, failure == nil { failure = error }
            let done = queue.removeFirst().done
            condition.unlock()
            if let error {
                done.resume(throwing: PipeWriteError(code: error))
            } else {
                done.resume()
            }
        }
    }

    private enum Attempt {
        case done
        case failed(Int32)
        /// The pipe is full after `written` bytes.
        case wouldBlock(written: Int)
    }

    /// Writes as much as the pipe takes now.
    private func writeNow(_ data: Data) -> Attempt {
        data.withUnsafeBytes { buffer -> Attempt in
            guard let base = buffer.baseAddress else { return .done }
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(fd, base + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    if errno == EAGAIN || errno == EWOULDBLOCK { return .wouldBlock(written: offset) }
                    return .failed(errno)
                }
                offset += written
            }
            return .done
        }
    }

    /// Writes all of `data` from the writer thread, waiting in `poll` while the pipe is full.
    private func writeWaiting(_ data: Data) -> Int32? {
        var rest = data
        while true {
            switch writeNow(rest) {
            case .done: return nil
            case .failed(let code): return code
            case .wouldBlock(let written):
                rest = rest.subdata(in: rest.startIndex + written..<rest.endIndex)
                var descriptor = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                // POLLERR/POLLHUP (reader gone) also wake it; the next write then reports EPIPE.
                while poll(&descriptor, 1, -1) < 0 && errno == EINTR {}
            }
        }
    }
}

/// A failed write to a pipe, with its errno.
struct PipeWriteError: Error {
    var code: Int32
    var reason: String { String(cString: strerror(code)) }
}
