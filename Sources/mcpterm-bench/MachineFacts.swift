import Foundation

/// The facts that make the numbers comparable: cores, CPU model, kernel, when it ran.
struct MachineFacts: Sendable {
    var processors: String
    var cpuModel: String
    var kernel: String
    /// 1/5/15-minute load averages at the start: the cores are shared with other work.
    var loadAverage: String
    var date: String

    /// `nproc` is asked rather than sysconf, because it honours the CPU affinity mask
    /// (containers often pin a process to fewer cores than the machine has).
    static func collect() async -> MachineFacts {
        let nproc = (try? await ScriptProcess.run(command: "nproc", args: []))?.output
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n")
            .first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }
        let kernel = (try? String(contentsOfFile: "/proc/sys/kernel/osrelease", encoding: .utf8)) ?? ""
        let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return MachineFacts(
            processors: nproc.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? "unknown",
            cpuModel: model.map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown",
            kernel: kernel.trimmingCharacters(in: .whitespacesAndNewlines),
            loadAverage: load.split(separator: " ").prefix(3).joined(separator: " "),
            date: formatter.string(from: Date()))
    }
}
