import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The write end of the watcher's pipe, read by the signal handler. A signal handler cannot
/// capture context, so this one value lives in a global; it is set before the handler is
/// installed and cleared after it is removed.
nonisolated(unsafe) private var resizePipeWriteEnd: Int32 = -1

/// Turns SIGWINCH into a callback on a thread of its own: the signal handler only writes a
/// byte to a pipe (async-signal-safe), and the thread calls `onResize` for each burst of signals.
/// Call the backend's `refreshSize()` from there (through the app's event loop).
///
/// Why not a dispatch signal source: on Linux it uses signalfd, which sees a signal only if it
/// is blocked in every thread, and SIGWINCH, ignored by default, is otherwise discarded.
/// `@unchecked Sendable`: the mutable state is guarded by `lock`. One watcher at a time.
public final class TerminalResizeWatcher: @unchecked Sendable {
    private let onResize: @Sendable () -> Void
    private let lock = NSLock()
    private var pipeEnds: (read: Int32, write: Int32)?
    private var previousAction = sigaction()
    private var finished: DispatchSemaphore?
    private var watcherThread: Thread?

    public init(onResize: @escaping @Sendable () -> Void) {
        self.onResize = onResize
    }

    deinit { stop() }

    /// Installs the SIGWINCH handler and starts the thread (no effect when already started).
    public func start() {
        lock.lock()
        defer { lock.unlock() }
        guard pipeEnds == nil else { return }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return }
        _ = fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK)
        pipeEnds = (fds[0], fds[1])
        resizePipeWriteEnd = fds[1]
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            let savedErrno = errno
            var byte: UInt8 = 1
            _ = write(resizePipeWriteEnd, &byte, 1)
            errno = savedErrno
        }
        action.sa_flags = SA_RESTART
        sigemptyset(&action.sa_mask)
        sigaction(SIGWINCH, &action, &previousAction)
        let done = DispatchSemaphore(value: 0)
        finished = done
        let readEnd = fds[0]
        let callback = onResize
        let thread = Thread {
            Self.waitLoop(readEnd: readEnd, onResize: callback)
            close(readEnd)
            done.signal()
        }
        thread.name = "mcpterm.TerminalResizeWatcher"
        watcherThread = thread
        thread.start()
    }

    /// Restores the previous SIGWINCH handler and ends the thread, waiting for it unless called
    /// from `onResize` itself.
    public func stop() {
        lock.lock()
        guard let ends = pipeEnds else { lock.unlock(); return }
        sigaction(SIGWINCH, &previousAction, nil)
        resizePipeWriteEnd = -1
        pipeEnds = nil
        let done = finished
        let onWatcherThread = watcherThread.map { $0 == Thread.current } ?? false
        finished = nil
        watcherThread = nil
        lock.unlock()
        close(ends.write)  // the thread sees end of file, returns and closes the read end
        if !onWatcherThread { done?.wait() }
    }

    private static func waitLoop(readEnd: Int32, onResize: @Sendable () -> Void) {
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return }
            onResize()
        }
    }
}
