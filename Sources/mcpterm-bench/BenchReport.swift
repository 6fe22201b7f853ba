import Foundation

/// Everything one bench run measured, rendered as the Markdown that goes to stdout.
struct BenchReport {
    /// One row of the round-trip table.
    struct RoundTripRow {
        var server: String
        var client: String
        var summary: LatencySummary
    }

    /// One line of the start-up table: `count` copies of `server`, median of `runs`.
    struct ReadyRow {
        var server: String
        var count: Int
        var runs: Int
        var medianMilliseconds: Double
    }

    var machine: MachineFacts
    var iterations: Int
    var warmup: Int
    var roundTrips: [RoundTripRow] = []
    var readyTimes: [ReadyRow] = []
    var frames: [LatencySummary] = []
    var streaming: [StreamingReplyBenchmark.Result] = []
    var resumes: [ResumeBenchmark.Result] = []
    var keystrokes: [KeystrokeBenchmark.Result] = []
    var scriptRuns: [ScriptRunBenchmark.Result] = []

    func markdown() -> String {
        var lines: [String] = []
        lines.append("## Machine")
        lines.append("")
        lines.append("- nproc: \(machine.processors)")
        lines.append("- CPU: \(machine.cpuModel)")
        lines.append("- kernel: \(machine.kernel)")
        lines.append("- load average at start (1/5/15 min): \(machine.loadAverage)")
        lines.append("- date: \(machine.date)")
        lines.append("")
        lines.append("## Sequential round trips over stdio (\(iterations) timed after \(warmup) warm-up)")
        lines.append("")
        lines.append("| server | client | op | round trips/s | p50 µs | p99 µs |")
        lines.append("|---|---|---|---:|---:|---:|")
        for row in roundTrips {
            let cells = [row.server, row.client, row.summary.op, Self.format(row.summary.roundTripsPerSecond, 0),
                         Self.format(row.summary.p50Microseconds, 0), Self.format(row.summary.p99Microseconds, 0)]
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        lines.append("")
        lines.append("## Time until all servers are ready (ServerHost, median)")
        lines.append("")
        lines.append("| server | servers | runs | median ms |")
        lines.append("|---|---:|---:|---:|")
        for row in readyTimes {
            lines.append("| \(row.server) | \(row.count) | \(row.runs) | \(Self.format(row.medianMilliseconds, 1)) |")
        }
        lines.append("")
        lines.append("## Frame time while a reply streams (reduce + layout + render + diff, in memory)")
        lines.append("")
        lines.append("| transcript | frames/s | p50 µs | p99 µs |")
        lines.append("|---|---:|---:|---:|")
        for row in frames {
            lines.append("| \(row.op) | \(Self.format(row.roundTripsPerSecond, 0)) | \(Self.format(row.p50Microseconds, 0)) | \(Self.format(row.p99Microseconds, 0)) |")
        }
        if !streaming.isEmpty {
            lines.append("")
            lines.append("## A reply streaming at 80 tokens/s (CPU of reduce + layout + render + diff, in memory)")
            lines.append("")
            lines.append("| reply | frames | reply bytes | CPU s | stream s | % of a core | p50 µs | p99 µs |")
            lines.append("|---|---:|---:|---:|---:|---:|---:|---:|")
            for row in streaming {
                let cells = [row.label, "\(row.frames)", "\(row.replyBytes)", Self.format(row.cpuSeconds, 3),
                             Self.format(row.streamSeconds, 1), Self.format(row.percentOfCore, 2),
                             Self.format(row.summary.p50Microseconds, 0), Self.format(row.summary.p99Microseconds, 0)]
                lines.append("| " + cells.joined(separator: " | ") + " |")
            }
        }
        if !resumes.isEmpty {
            lines.append("")
            lines.append("## Resume of a session with one huge record (read + rebuild, before the first frame)")
            lines.append("")
            lines.append("| session | ms | peak RSS MB (process so far) | longest text loaded, bytes |")
            lines.append("|---|---:|---:|---:|")
            for row in resumes {
                lines.append("| \(row.label) | \(Self.format(row.milliseconds, 1)) | \(Self.format(row.peakRSSMegabytes, 1)) | \(row.longestTextBytes) |")
            }
        }
        if !keystrokes.isEmpty {
            lines.append("")
            lines.append("## Keystroke-to-frame time with a huge item (reduce the key + layout + render + diff, in memory)")
            lines.append("")
            lines.append("| item | keys | p50 µs | p99 µs | first frame µs | RSS before MB | peak RSS MB |")
            lines.append("|---|---:|---:|---:|---:|---:|---:|")
            for row in keystrokes {
                let cells = [row.summary.op, "\(row.summary.iterations)", Self.format(row.summary.p50Microseconds, 0),
                             Self.format(row.summary.p99Microseconds, 0), Self.format(row.firstFrameMicroseconds, 0),
                             Self.format(row.residentBeforeMegabytes, 0), Self.format(row.peakResidentMegabytes, 0)]
                lines.append("| " + cells.joined(separator: " | ") + " |")
            }
        }
        if !scriptRuns.isEmpty {
            lines.append("")
            lines.append("## mcpterm -p end to end (spawn to answer on stdout, and to exit; loopback model answering at once)")
            lines.append("")
            lines.append("| servers | runs | answer p50 ms | answer p99 ms | exit p50 ms | exit p99 ms |")
            lines.append("|---|---:|---:|---:|---:|---:|")
            for row in scriptRuns {
                let cells = [row.label, "\(row.runs)", Self.format(row.answer.p50Microseconds / 1000, 1),
                             Self.format(row.answer.p99Microseconds / 1000, 1), Self.format(row.exit.p50Microseconds / 1000, 1),
                             Self.format(row.exit.p99Microseconds / 1000, 1)]
                lines.append("| " + cells.joined(separator: " | ") + " |")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func format(_ value: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", value)
    }
}
