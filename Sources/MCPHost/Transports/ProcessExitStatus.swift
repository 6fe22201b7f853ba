import Foundation

/// The wait status of a child process, filled in once by the thread that reaps it and read by
/// anyone who needs to know whether (and how) it ended.
final class ProcessExitStatus: @unchecked Sendable {
    // @unchecked: every access to `status` happens under `condition`.
    private let condition = NSCondition()
    private var status: Int32?

    /// The raw wait status, or nil while the process runs.
    var current: Int32? {
        condition.lock()
        defer { condition.unlock() }
        return status
    }

    func record(_ value: Int32) {
        condition.lock()
        status = value
        condition.broadcast()
        condition.unlock()
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
