import Foundation
import Synchronization

/// The wait status of a child process, filled in once by the thread that reaps it and read by
/// anyone who needs to know whether (and how) it ended.
final class ProcessExitStatus: Sendable {
    private struct State {
        var status: Int32?
        /// `exited(within:)` callers, resumed with true by `record` or with false by their timer.
        var waiters: [Int: CheckedContinuation<Bool, Never>] = [:]
        var nextWaiter = 0
        /// Threads blocked in `waitBlocking`, woken by `record`.
        var blocked: [DispatchSemaphore] = []
    }

    private let state = Mutex(State())

    /// The raw wait status, or nil while the process runs.
    var current: Int32? {
        state.withLock { $0.status }
    }

    func record(_ value: Int32) {
        let (waiting, blocked) = state.withLock { state in
            state.status = value
            defer {
                state.waiters = [:]
                state.blocked = []
            }
            return (Array(state.waiters.values), state.blocked)
        }
        for waiter in waiting { waiter.resume(returning: true) }
        for thread in blocked { thread.signal() }
    }

    /// Suspends until the process has been reaped (true) or `seconds` have passed (false).
    /// Neither polls nor depends on the calling task: a cancelled task (a shutdown started from
    /// one) still waits the whole time, suspended, instead of spinning on a sleep that throws.
    func exited(within seconds: Double) async -> Bool {
        await withCheckedContinuation { (waiter: CheckedContinuation<Bool, Never>) in
            let id = state.withLock { state -> Int? in
                guard state.status == nil else { return nil }
                let id = state.nextWaiter
                state.nextWaiter += 1
                state.waiters[id] = waiter
                return id
            }
            guard let id else {
                waiter.resume(returning: true)
                return
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [self] in
                state.withLock { $0.waiters.removeValue(forKey: id) }?.resume(returning: false)
            }
        }
    }

    /// Blocks the calling thread until the process has been reaped. Only for dedicated threads.
    func waitBlocking() -> Int32 {
        let wake = DispatchSemaphore(value: 0)
        let known = state.withLock { state -> Int32? in
            if let status = state.status { return status }
            state.blocked.append(wake)
            return nil
        }
        if let known { return known }
        wake.wait()
        return state.withLock { $0.status }!  // `record` sets it before it wakes anyone
    }

    /// "exit status 3", "killed by signal 15 (SIGTERM)" — decoded by hand because the
    /// WIFEXITED/WTERMSIG macros are not imported into Swift.
    static func describe(_ status: Int32) -> String {
        let signal = status & 0x7F
        if signal == 0 { return "exit status \((status >> 8) & 0xFF)" }
        let names: [Int32: String] = [SIGTERM: "SIGTERM", SIGKILL: "SIGKILL", SIGINT: "SIGINT",
                                      SIGPIPE: "SIGPIPE", SIGSEGV: "SIGSEGV", SIGABRT: "SIGABRT",
                                      SIGHUP: "SIGHUP"]
        if let name = names[signal] { return "killed by signal \(signal) (\(name))" }
        return "killed by signal \(signal)"
    }
}
