import ArgumentParser
import Foundation
import MCPHost
import MCPTermApp

/// `mcpterm-bench`: measures mcpterm's MCP client against the Python SDK's client over stdio,
/// and how long `ServerHost` takes to bring 1 and 10 servers up. Prints Markdown to stdout.
@main
struct MCPTermBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcpterm-bench",
        abstract: "Benchmark mcpterm's MCP client and server start-up; prints a Markdown report.",
        discussion: """
            Run from the package root after `swift build -c release --product mcpterm-bench` and \
            `--product mcpterm-demo-server`: the demo server is taken from the bench's own build \
            folder, the Python client and fixture server from .venv/ and Tests/Fixtures/.
            """)

    @Option(help: "Timed round trips per measurement.")
    var iterations = 2000

    @Option(help: "Untimed round trips before each measurement.")
    var warmup = 100

    @Option(help: "Start-ups per ready-time measurement (the median is reported).")
    var readyRuns = 5

    @Option(help: "How many copies of a server the multi-server ready time starts.")
    var servers = 10

    @Option(help: "The package root (holds .venv/, scripts/ and Tests/Fixtures/).")
    var packageRoot = FileManager.default.currentDirectoryPath

    @Flag(help: "Only the frame-time and keystroke-to-frame benchmarks (no servers, no Python).")
    var framesOnly = false

    @Flag(help: "Only the streaming-reply rows (CPU share of a reply arriving at 80 tokens/s; no servers).")
    var streamingOnly = false

    @Flag(help: "Only the resume benchmark (a session with a 5 MB and a 50 MB record; no servers).")
    var resumeOnly = false

    @Option(help: "Timed keystrokes per keystroke-to-frame row (the median is p50).")
    var keystrokes = 31

    @Option(help: "The demo server executable (default: next to this executable).")
    var demoServer: String?

    @Option(help: "The mcpterm executable for the -p rows (default: next to this executable).")
    var mcpterm: String?

    @Flag(help: "Only the mcpterm -p end-to-end rows (a loopback model; no Python).")
    var scriptOnly = false

    @Option(help: "Timed runs per mcpterm -p row.")
    var scriptRuns = 20

    @Flag(help: "Only the round-trip table (no ready times, no frame times): for profiling runs.")
    var roundTripsOnly = false

    @Option(help: "Measure only this round trip with mcpterm's client (ping or call); default both.")
    var op: BenchOperation?

    @Flag(help: "Skip the Python SDK client rows (profile mcpterm's client alone).")
    var skipPythonClient = false

    @Flag(help: "Skip the Python fixture server (measure against the demo server only).")
    var skipPythonServer = false

    /// Frame times with a short and a long conversation.
    func frameSummaries() -> [LatencySummary] {
        [10, 500].map { messages in
            progress("frame time: \(messages) messages")
            return FrameBenchmark(messages: messages, width: 160, height: 50, frames: 500).run()
        }
    }

    /// A reply streaming at 80 tokens/s, with and without the kept Markdown blocks.
    func streamingResults() -> [StreamingReplyBenchmark.Result] {
        [true, false].map { keep in
            let benchmark = StreamingReplyBenchmark(keepsMarkdownBlocks: keep)
            progress("streaming reply: \(benchmark.label)")
            let result = benchmark.run()
            progress("streaming reply: \(benchmark.label): \(String(format: "%.1f", result.percentOfCore)) % of a core")
            return result
        }
    }

    /// `--resume` of a session with one huge record, smaller first (the peak RSS is cumulative).
    func resumeResults() throws -> [ResumeBenchmark.Result] {
        try [5, 50].map { megabytes in
            progress("resume: a session with a \(megabytes) MB record")
            return try ResumeBenchmark(recordBytes: megabytes << 20).run()
        }
    }

    /// Keystroke-to-frame times with a 1 MB paste in the input (lines, and one line) and a 1 MB and
    /// a 20 MB tool result in the transcript (issue 7), each with its own resident-memory peak.
    func keystrokeResults() -> [KeystrokeBenchmark.Result] {
        let rows: [(KeystrokeBenchmark.Place, Int)] = [
            (.paste, 1 << 20), (.pasteOneLine, 1 << 20), (.toolResult, 1 << 20), (.toolResult, 20 << 20),
        ]
        return rows.map { place, bytes in
            let benchmark = KeystrokeBenchmark(place: place, bytes: bytes, width: 160, height: 50, keystrokes: keystrokes)
            progress("keystroke-to-frame: \(benchmark.label)")
            let result = benchmark.run()
            // Each row as it is measured: a run that is stopped still leaves its rows.
            progress("keystroke-to-frame: \(benchmark.label): p50 \(Int(result.summary.p50Microseconds)) µs, "
                     + "first frame \(Int(result.firstFrameMicroseconds)) µs, RSS \(Int(result.residentBeforeMegabytes)) MB before, "
                     + "peak \(Int(result.peakResidentMegabytes)) MB")
            return result
        }
    }

    /// `mcpterm -p` from process start to the answer and to the exit (no server, one demo server).
    func scriptRunResults() throws -> [ScriptRunBenchmark.Result] {
        let binary = mcpterm ?? BenchPaths.executableFolder().appendingPathComponent("mcpterm").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw BenchError.missingFile(what: "mcpterm (build it: swift build -c release --product mcpterm)", path: binary)
        }
        let demo = demoServer ?? BenchPaths.executableFolder().appendingPathComponent("mcpterm-demo-server").path
        progress("mcpterm -p end to end: \(scriptRuns) runs a row")
        return try ScriptRunBenchmark(mcpterm: binary, demoServer: FileManager.default.isExecutableFile(atPath: demo) ? demo : nil,
                                      runs: scriptRuns, versionLine: AppRuntime.version).run()
    }

    func validate() throws {
        guard scriptRuns >= 1 else { throw ValidationError("--script-runs must be at least 1") }
        guard keystrokes >= 1 else { throw ValidationError("--keystrokes must be at least 1") }
        guard iterations >= 1 else { throw ValidationError("--iterations must be at least 1") }
        guard warmup >= 0 else { throw ValidationError("--warmup must not be negative") }
        guard readyRuns >= 1 else { throw ValidationError("--ready-runs must be at least 1") }
        guard servers >= 1 else { throw ValidationError("--servers must be at least 1") }
    }

    @Flag(help: "Only the cost of the trace: round trips with and without --trace FILE, alternating.")
    var traceCost = false

    @Option(help: "Alternating runs per trace-cost row (the median is reported).")
    var traceRounds = 6

    func run() async throws {
        HostProcess.prepare()
        if traceCost {
            let paths = try BenchPaths(packageRoot: packageRoot, demoServer: demoServer)
            let machine = await MachineFacts.collect()
            print("## Trace cost\n")
            print("nproc \(machine.processors), \(machine.cpuModel), load average at start \(machine.loadAverage), \(machine.date)\n")
            let servers: [(label: String, command: String, args: [String], iterations: Int)] = [
                ("mcpterm-demo-server (Swift)", paths.demoServer, [], iterations),
                ("fixture (Python)", paths.python, [paths.fixtureServer], max(1, iterations / 6)),
            ]
            for server in servers.prefix(skipPythonServer ? 1 : 2) {
                progress("trace cost vs \(server.label): \(traceRounds) rounds")
                let bench = TraceCostBenchmark(command: server.command, args: server.args, iterations: server.iterations,
                                               warmup: warmup, rounds: traceRounds)
                let rows = try await bench.run()
                print(TraceCostBenchmark.markdown(rows, server: server.label, rounds: traceRounds, iterations: server.iterations))
            }
            return
        }
        if resumeOnly {
            var report = BenchReport(machine: await MachineFacts.collect(), iterations: iterations, warmup: warmup)
            report.resumes = try resumeResults()
            print(report.markdown(), terminator: "")
            return
        }
        if streamingOnly {
            var report = BenchReport(machine: await MachineFacts.collect(), iterations: iterations, warmup: warmup)
            report.streaming = streamingResults()
            print(report.markdown(), terminator: "")
            return
        }
        if scriptOnly {
            var report = BenchReport(machine: await MachineFacts.collect(), iterations: iterations, warmup: warmup)
            report.scriptRuns = try scriptRunResults()
            print(report.markdown(), terminator: "")
            return
        }
        if framesOnly {
            var report = BenchReport(machine: await MachineFacts.collect(), iterations: iterations, warmup: warmup)
            report.frames = frameSummaries()
            report.streaming = streamingResults()
            report.keystrokes = keystrokeResults()
            print(report.markdown(), terminator: "")
            return
        }
        let paths = try BenchPaths(packageRoot: packageRoot, demoServer: demoServer)
        var targets = [
            (label: "mcpterm-demo-server (Swift)", command: paths.demoServer, args: [String]()),
            (label: "fixture (Python)", command: paths.python, args: [paths.fixtureServer]),
        ]
        if skipPythonServer { targets.removeLast() }
        var report = BenchReport(machine: await MachineFacts.collect(), iterations: iterations, warmup: warmup)

        for target in targets {
            progress("mcpterm client vs \(target.label)")
            let ours = SessionRoundTripBenchmark(serverLabel: target.label, command: target.command,
                                                 args: target.args, iterations: iterations, warmup: warmup,
                                                 operations: op.map { [$0] } ?? Set(BenchOperation.allCases))
            for summary in try await ours.run() {
                report.roundTrips.append(.init(server: target.label, client: "mcpterm MCPSession", summary: summary))
            }
            if skipPythonClient { continue }
            progress("Python SDK client vs \(target.label)")
            let theirs = PythonClientBenchmark(python: paths.python, script: paths.pythonClientScript,
                                               serverLabel: target.label, command: target.command,
                                               args: target.args, iterations: iterations, warmup: warmup)
            for summary in try await theirs.run() {
                report.roundTrips.append(.init(server: target.label, client: "Python SDK ClientSession",
                                               summary: summary))
            }
        }

        if roundTripsOnly {
            print(report.markdown(), terminator: "")
            return
        }
        for target in targets {
            for count in [1, servers] {
                progress("ready time: \(count) × \(target.label), \(readyRuns) runs")
                let benchmark = ReadyTimeBenchmark(serverLabel: target.label, command: target.command,
                                                   args: target.args, count: count)
                let median = try await benchmark.medianMilliseconds(runs: readyRuns)
                report.readyTimes.append(.init(server: target.label, count: count, runs: readyRuns,
                                               medianMilliseconds: median))
            }
        }
        report.frames = frameSummaries()
        report.streaming = streamingResults()
        report.resumes = try resumeResults()
        report.keystrokes = keystrokeResults()
        report.scriptRuns = try scriptRunResults()
        print(report.markdown(), terminator: "")
    }

    /// Progress goes to stderr so stdout stays a clean Markdown document.
    private func progress(_ message: String) {
        FileHandle.standardError.write(Data("mcpterm-bench: \(message)…\n".utf8))
    }
}
