import Foundation
import Synchronization
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
final class PipeWriter: Sendable {
    private struct State {
        /// Waiting messages; the first stays here while the thread writes it.
        var queue: [(data: Data, done: CheckedContinuation<Void, any Error>)] = []
        var finishing = false
        /// Set once a write failed: later writes fail at once with the same error.
        var failure: Int32?
    }

    private let state = Mutex(State())
    /// Signalled once per queued message and once by `finish()`: the thread's wake-up.
    private let work = DispatchSemaphore(value: 0)
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
            enum Next { case done, failed(Int32), queued }
            // The direct write happens under the lock, so nothing can be queued meanwhile: order holds.
            let next = state.withLock { state -> Next in
                if let failure = state.failure { return .failed(failure) }
                if state.finishing { return .failed(EBADF) }
                var rest = data
                if state.queue.isEmpty {
                    switch writeNow(data) {
                    case .done: return .done
                    case .failed(let code):
                        state.failure = code
                        return .failed(code)
                    case .wouldBlock(let written):
                        rest = data.subdata(in: data.startIndex + written..<data.endIndex)
                    }
                }
                state.queue.append((rest, continuation))
                return .queued
            }
            switch next {
            case .done: continuation.resume()
            case .failed(let code): continuation.resume(throwing: PipeWriteError(code: code))
            case .queued: work.signal()
            }
        }
    }

    /// Closes the pipe once everything queued has been written (or has failed).
    func finish() {
        state.withLock { $0.finishing = true }
        work.signal()
    }

    private func run() {
        while true {
            work.wait()
            let next = state.withLock { state -> (data: Data, earlierFailure: Int32?)? in
                state.queue.first.map { ($0.data, state.failure) }
            }
            guard let next else {
                // No message: this was `finish()`'s signal, and everything before it is written.
                if state.withLock({ $0.finishing }) {
                    close(fd)
                    return
                }
                continue
            }
            let error = next.earlierFailure ?? writeWaiting(next.data)
            let done = state.withLock { state in
                if let error, state.failure == nil { state.failure = error }
                return state.queue.removeFirst().done
            }
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
