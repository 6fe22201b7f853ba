import Foundation

/// The wait status of a child process, filled in once by the thread that reaps it and read by
/// anyone who needs to know whether (and how) it ended.
final class ProcessExitStatus: @unchecked Sendable {
    // @unchecked: every access to `status` and `waiters` happens under `condition`.
    private let condition = NSCondition()
    private var status: Int32?
    /// `exited(within:)` callers, resumed with true by `record` or with false by their timer.
    private var waiters: [Int: CheckedContinuation<Bool, Never>] = [:]
    private var nextWaiter = 0

    /// The raw wait status, or nil while the process runs.
    var current: Int32? {
        condition.lock()
        defer { condition.unlock() }
        return status
    }

    func record(_ value: Int32) {
        condition.lock()
        status = value
        let waiting = waiters
        waiters = [:]
        condition.broadcast()
        condition.unlock()
        for waiter in waiting.values { waiter.resume(returning: true) }
    }

    /// Suspends until the process has been reaped (true) or `seconds` have passed (false).
    /// Neither polls nor depends on the calling task: a cancelled task (a shutdown started from
    /// one) still waits the whole time, suspended, instead of spinning on a sleep that throws.
    func exited(within seconds: Double) async -> Bool {
        await withCheckedContinuation { (waiter: CheckedContinuation<Bool, Never>) in
            condition.lock()
            guard status == nil else {
                condition.unlock()
                waiter.resume(returning: true)
                return
            }
            let id = nextWaiter
            nextWaiter += 1
            waiters[id] = waiter
            condition.unlock()
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [self] in
                condition.lock()
                let timedOut = waiters.removeValue(forKey: id)
                condition.unlock()
                timedOut?.resume(returning: false)
            }
        }
    }

    /// Blocks the calling thread until the process has been reaped. Only for dedicated threads.
    func waitBlocking() -> Int32 {
        condition.lock()
        defer { condition.unlock() }
        while status == nil { condition.wait() }
        return status!
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
