import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Asks the kernel about processes, to prove that none is left behind.
enum ProcessProbe {
    /// True when no process with this id exists any more (not even as a zombie).
    static func isGone(_ pid: pid_t) -> Bool {
        kill(pid, 0) == -1 && errno == ESRCH
    }

    /// True when the process is gone or is a zombie waiting for someone else (init) to reap it:
    /// used for grandchildren, which are not ours to reap.
    static func isNotRunning(_ pid: pid_t) -> Bool {
        if isGone(pid) { return true }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return true }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return state == "Z" || state == "X"
    }

    /// Waits until a process that is not ours (so cannot be waited for) has stopped running:
    /// a signal is delivered asynchronously. Polls every 10 ms, gives up after `limit` seconds.
    static func waitUntilNotRunning(_ pid: pid_t, limit: Double = 10) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(limit)
        while !isNotRunning(pid) {
            if ContinuousClock.now >= deadline { return false }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return true
    }

    /// The ids of this process's direct children, from /proc.
    static func children(of parent: pid_t = getpid()) -> [pid_t] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        return entries.compactMap { entry -> pid_t? in
            guard let pid = pid_t(entry),
                  let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return nil }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 1, pid_t(fields[1]) == parent else { return nil }
            return pid
        }
    }
}
