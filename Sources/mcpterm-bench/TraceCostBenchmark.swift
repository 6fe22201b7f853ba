import Foundation
import MCPHost

/// What the trace costs a round trip (`--trace-cost`): the same sequential round trips against
/// the demo server with no trace, and with the trace on as `--trace FILE` runs it (records, ring,
/// metrics, and every message written to a JSON Lines file with its body). Runs alternate, so a
/// change of machine load falls on both; the median of the rounds is reported.
struct TraceCostBenchmark {
    var command: String
    var iterations: Int
    var warmup: Int
    var rounds: Int

    struct Row {
        var op: String
        var plain: Double
        var traced: Double
        var slowerPercent: Double { plain > 0 ? (plain - traced) / plain * 100 : 0 }
    }

    func run() async throws -> [Row] {
        var plain: [String: [Double]] = [:]
        var traced: [String: [Double]] = [:]
        for round in 0..<rounds {
            for withTrace in round % 2 == 0 ? [false, true] : [true, false] {
                let path = NSTemporaryDirectory() + "mcpterm-bench-trace-\(UUID().uuidString).jsonl"
                defer { try? FileManager.default.removeItem(atPath: path) }
                var recorder: TraceRecorder?
                if withTrace {
                    recorder = TraceRecorder()
                    recorder?.setFile(try TraceFileWriter(path: path))
                }
                var bench = SessionRoundTripBenchmark(serverLabel: "demo", command: command, args: [],
                                                      iterations: iterations, warmup: warmup)
                bench.trace = recorder
                for summary in try await bench.run() {
                    if withTrace { traced[summary.op, default: []].append(summary.roundTripsPerSecond) }
                    else { plain[summary.op, default: []].append(summary.roundTripsPerSecond) }
                }
            }
        }
        return plain.keys.sorted().map { op in
            Row(op: op, plain: Self.median(plain[op] ?? []), traced: Self.median(traced[op] ?? []))
        }
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    static func markdown(_ rows: [Row], rounds: Int, iterations: Int) -> String {
        var out = "## Trace cost\n\nRound trips/s against mcpterm-demo-server, median of \(rounds) alternating runs of \(iterations):\n\n"
        out += "| op | no trace | --trace FILE (bodies) | slower |\n|---|---:|---:|---:|\n"
        for row in rows {
            out += "| \(row.op) | \(Int(row.plain)) | \(Int(row.traced)) | \(String(format: "%.1f", row.slowerPercent)) % |\n"
        }
        return out
    }
}
