import CCurl
import Foundation

/// The one thread that drives a libcurl multi handle: it sleeps in `curl_multi_poll`, is woken
/// by `curl_multi_wakeup` when another thread queues a command, and is the only code that
/// touches the multi handle or calls into a transfer's easy handle.
final class CurlMultiWorker: @unchecked Sendable {
    private enum Command {
        case add(CurlTransfer)
        case cancel(CurlTransfer)
        case resume(CurlTransfer)
        case shutdown
    }

    private let multi: UnsafeMutableRawPointer
    private let lock = NSLock()
    private var commands: [Command] = []  // guarded by lock
    private var stopped = false  // guarded by lock
    private var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]  // worker thread only

    /// Upper bound on one poll, so idle timeouts are checked even when nothing happens.
    private static let maxPollMilliseconds: Int32 = 1000

    init() {
        _ = CurlGlobal.initialized
        guard let multi = curl_multi_init() else {
            // Only fails when out of memory; nothing sensible can continue.
            fatalError("curl_multi_init failed")
        }
        self.multi = multi
        let thread = Thread { [self] in run() }
        thread.name = "mcpterm.http"
        thread.start()
    }

    func add(_ transfer: CurlTransfer) { submit(.add(transfer)) }

    /// Removes the transfer promptly; its head or body waiter gets `HTTPError.cancelled`.
    func cancel(_ transfer: CurlTransfer) {
        transfer.requestCancel()
        submit(.cancel(transfer))
    }

    /// Un-pauses a transfer whose reader has caught up.
    func resume(_ transfer: CurlTransfer) { submit(.resume(transfer)) }

    /// Cancels every transfer and ends the thread.
    func shutdown() { submit(.shutdown) }

    private func submit(_ command: Command) {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else {
            if case .add(let transfer) = command { transfer.fail(.cancelled) }
            return
        }
        commands.append(command)
        // Under the lock, so the thread cannot clean the multi handle up in between.
        curl_multi_wakeup(multi)
    }

    private func run() {
        var running: Int32 = 0
        while true {
            lock.lock()
            let batch = commands
            commands = []
            lock.unlock()
            for command in batch {
                if !handle(command) { return }
            }
            curl_multi_perform(multi, &running)
            collectFinished()
            let wait = expireIdleTransfers()
            curl_multi_poll(multi, nil, 0, wait, nil)
        }
    }

    /// Returns false when the thread must end.
    private func handle(_ command: Command) -> Bool {
        switch command {
        case .add(let transfer):
            if transfer.isCancelRequested {
                transfer.fail(.cancelled)
                transfer.cleanup()
                return true
            }
            let code = curl_multi_add_handle(multi, transfer.easy)
            if code == CURLM_OK {
                transfer.markActivity()
                active[transfer.easy] = transfer
            } else {
                transfer.fail(.transfer(url: transfer.url, reason: String(cString: curl_multi_strerror(code))))
                transfer.cleanup()
            }
        case .cancel(let transfer):
            // Identity check: a finished transfer's handle address may belong to a new one.
            if let current = active[transfer.easy], current === transfer {
                finish(transfer) { $0.fail(.cancelled) }
            }
        case .resume(let transfer):
            if let current = active[transfer.easy], current === transfer {
                transfer.markActivity()
                curl_easy_pause(transfer.easy, ccurl_pause_cont())
            }
        case .shutdown:
            lock.lock()
            stopped = true
            let leftover = commands
            commands = []
            lock.unlock()
            for case .add(let transfer) in leftover {
                transfer.fail(.cancelled)
                transfer.cleanup()
            }
            for transfer in Array(active.values) {
                finish(transfer) { $0.fail(.cancelled) }
            }
            curl_multi_cleanup(multi)
            return false
        }
        return true
    }

    private func finish(_ transfer: CurlTransfer, _ outcome: (CurlTransfer) -> Void) {
        active[transfer.easy] = nil
        curl_multi_remove_handle(multi, transfer.easy)
        outcome(transfer)
        transfer.cleanup()
    }

    private func collectFinished() {
        var queued: Int32 = 0
        while let message = curl_multi_info_read(multi, &queued) {
            // Read the message before removing the handle: removal invalidates it.
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            let code = message.pointee.data.result
            if let transfer = active[easy] {
                finish(transfer) { $0.complete(code) }
            }
        }
    }

    /// Fails transfers quiet for longer than their idle timeout; returns how long to poll.
    private func expireIdleTransfers() -> Int32 {
        let now = DispatchTime.now().uptimeNanoseconds
        var wait = Self.maxPollMilliseconds
        for transfer in Array(active.values) {
            guard let idle = transfer.idleTimeout, !transfer.isPaused else { continue }
            // Clamped: a limit from outside (NaN, 1e300) must not trap the conversion.
            let limit = idle.isNaN || idle <= 0 ? 0 : UInt64(min(idle, 1e9) * 1_000_000_000)
            let quiet = now &- transfer.lastActivity
            if quiet >= limit {
                finish(transfer) { $0.fail(.timedOut(url: $0.url, what: HTTPError.idleReason(seconds: idle))) }
            } else {
                let remaining = Int32(min(UInt64(Self.maxPollMilliseconds), (limit - quiet) / 1_000_000 + 1))
                wait = min(wait, remaining)
            }
        }
        return wait
    }
}

/// libcurl's process-wide initialisation, done once before the first handle (it is not
/// thread-safe, and a `static let` initialiser runs exactly once).
enum CurlGlobal {
    static let initialized: Bool = curl_global_init(ccurl_global_default()) == CURLE_OK
}
