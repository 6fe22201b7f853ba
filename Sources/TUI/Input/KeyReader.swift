import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Reads terminal input bytes on a dedicated thread and hands decoded keys to `onKeys`.
/// It polls with a 25 ms timeout and flushes the decoder when input goes idle, so a lone ESC is
/// reported 25 ms after it arrives. `stop()` wakes the thread through a pipe and waits for it.
/// The thread's handle and its wake-up pipe are in a `Mutex`; the decoder belongs to the thread.
public final class KeyReader: Sendable {
    /// The running reader: its thread, the pipe that wakes it, and what it signals when it ends.
    private struct Running {
        var thread: Thread
        var wakeWrite: Int32
        var finished: DispatchSemaphore
    }

    private let fd: Int32
    private let onKeys: @Sendable ([Key]) -> Void
    private let running = Mutex<Running?>(nil)

    public init(fd: Int32 = 0, onKeys: @escaping @Sendable ([Key]) -> Void) {
        self.fd = fd
        self.onKeys = onKeys
    }

    deinit { stop() }

    /// Starts the reader thread (no effect when already running).
    public func start() {
        let (fd, onKeys) = (self.fd, self.onKeys)
        running.withLock { running in
            guard running == nil else { return }
            var fds: [Int32] = [0, 0]
            guard pipe(&fds) == 0 else { return }
            let done = DispatchSemaphore(value: 0)
            let wake = fds[0]
            let thread = Thread {
                Self.readLoop(fd: fd, wake: wake, onKeys: onKeys)
                close(wake)
                done.signal()
            }
            thread.name = "mcpterm.KeyReader"
            running = Running(thread: thread, wakeWrite: fds[1], finished: done)
            thread.start()
        }
    }

    /// Ends the thread and waits for it, unless called from `onKeys` itself (then it just ends).
    public func stop() {
        guard let reader = running.withLock({ running in defer { running = nil }; return running }) else { return }
        var byte: UInt8 = 1
        _ = Glibc.write(reader.wakeWrite, &byte, 1)
        if reader.thread != Thread.current { reader.finished.wait() }
        close(reader.wakeWrite)
    }

    private static func readLoop(fd: Int32, wake: Int32, onKeys: @Sendable ([Key]) -> Void) {
        var decoder = KeyDecoder()
        var buffer = [UInt8](repeating: 0, count: 4096)
        var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: wake, events: Int16(POLLIN), revents: 0)]
        while true {
            fds[0].revents = 0
            fds[1].revents = 0
            let ready = poll(&fds, 2, 25)
            if ready < 0 {
                if errno == EINTR { continue }
                return
            }
            if fds[1].revents != 0 { return }
            if ready == 0 {
                let keys = decoder.flush()
                if !keys.isEmpty { onKeys(keys) }
                continue
            }
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return
            }
            if count == 0 {
                // End of input: report what is left and end the thread.
                let keys = decoder.flush()
                if !keys.isEmpty { onKeys(keys) }
                return
            }
            let keys = UnbracketedPaste.coalesce(decoder.feed(Array(buffer[0..<count])))
            if !keys.isEmpty { onKeys(keys) }
        }
    }
}
