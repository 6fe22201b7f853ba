import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes to a pipe from a dedicated thread, so a server that stops reading its stdin (pipe
/// full) blocks only this thread, never a thread of Swift's small cooperative pool.
final class PipeWriter: @unchecked Sendable {
    // @unchecked: `queue`, `finishing` and `failure` are guarded by `condition`.
    private let condition = NSCondition()
    private var queue: [(data: Data, done: CheckedContinuation<Void, any Error>)] = []
    private var finishing = false
    /// Set once a write failed: later writes fail at once with the same error.
    private var failure: Int32?
    private let fd: Int32

    /// Takes ownership of `fd`; it is closed by the writer thread after `finish()`.
    init(fd: Int32, name: String) {
        self.fd = fd
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
            queue.append((data, continuation))
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
            let (data, done) = queue.removeFirst()
            let earlierFailure = failure
            condition.unlock()

            if let earlierFailure {
                done.resume(throwing: PipeWriteError(code: earlierFailure))
                continue
            }
            if let error = writeAll(data) {
                condition.lock()
                failure = error
                condition.unlock()
                done.resume(throwing: PipeWriteError(code: error))
            } else {
                done.resume()
            }
        }
    }

    private func writeAll(_ data: Data) -> Int32? {
        data.withUnsafeBytes { buffer -> Int32? in
            guard let base = buffer.baseAddress else { return nil }
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(fd, base + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
    }
}

/// A failed write to a pipe, with its errno.
struct PipeWriteError: Error {
    var code: Int32
    var reason: String { String(cString: strerror(code)) }
}
