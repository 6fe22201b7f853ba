import Foundation
import MCPHost

/// What the trace costs a round trip (`--trace-cost`): the same sequential round trips against
/// the demo server with no trace, and with the trace on as `--trace FILE` runs it (records, ring,
/// metrics, and every message written to a JSON Lines file with its body). Runs alternate, so a
/// change of machine load falls on both; the median of the rounds is reported.
struct TraceCostBenchmark {
    var command: String
    var args: [String] = []
    var iterations: Int
    var warmup: Int
    var rounds: Int

    struct Row {
        var op: String
        var plain: Double
        /// Records, rings and metrics, no file (what the TUI does without --trace).
        var recorded: Double
        var traced: Double
        func slower(_ value: Double) -> Double { plain > 0 ? (plain - value) / plain * 100 : 0 }
    }

    enum Mode: CaseIterable { case plain, recorded, file }

    func run() async throws -> [Row] {
        var rates: [Mode: [String: [Double]]] = [:]
        for round in 0..<rounds {
            // Each round in another order, so a change of load falls on every mode.
            let modes = round % 2 == 0 ? Mode.allCases : Mode.allCases.reversed()
            for mode in modes {
                let path = NSTemporaryDirectory() + "mcpterm-bench-trace-\(UUID().uuidString).jsonl"
                defer { try? FileManager.default.removeItem(atPath: path) }
                var recorder: TraceRecorder?
                if mode != .plain { recorder = TraceRecorder() }
                if mode == .file { recorder?.setFile(try TraceFileWriter(path: path)) }
                var bench = SessionRoundTripBenchmark(serverLabel: "demo", command: command, args: args,
                                                      iterations: iterations, warmup: warmup)
                bench.trace = recorder
                for summary in try await bench.run() {
                    rates[mode, default: [:]][summary.op, default: []].append(summary.roundTripsPerSecond)
                }
            }
        }
        return (rates[.plain] ?? [:]).keys.sorted().map { op in
            Row(op: op, plain: Self.median(rates[.plain]?[op] ?? []), recorded: Self.median(rates[.recorded]?[op] ?? []),
                traced: Self.median(rates[.file]?[op] ?? []))
        }
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    static func markdown(_ rows: [Row], server: String, rounds: Int, iterations: Int) -> String {
        var out = "### \(server)\n\nRound trips/s, median of \(rounds) rounds of \(iterations) in each mode (modes alternate):\n\n"
        out += "| op | no trace | trace, no file | slower | --trace FILE (bodies) | slower |\n|---|---:|---:|---:|---:|---:|\n"
        for row in rows {
            out += "| \(row.op) | \(Int(row.plain)) | \(Int(row.recorded)) | \(String(format: "%.1f", row.slower(row.recorded))) % "
                + "| \(Int(row.traced)) | \(String(format: "%.1f", row.slower(row.traced))) % |\n"
        }
        return out
    }
}
