import Foundation

/// The same round trips through the Python SDK's own client, measured by
/// `scripts/bench_python_client.py` and read back from its JSON lines.
struct PythonClientBenchmark {
    var python: String
    var script: String
    var serverLabel: String
    var command: String
    var args: [String]
    var iterations: Int
    var warmup: Int

    func run() async throws -> [LatencySummary] {
        // argparse would read an argument starting with "-" as an option; ours never do.
        var scriptArgs = [script, "--command", command, "--iterations", String(iterations),
                          "--warmup", String(warmup)]
        if !args.isEmpty { scriptArgs += ["--args"] + args }
        let outcome = try await ScriptProcess.run(command: python, args: scriptArgs)
        let label = "\(script) (server \(serverLabel))"
        guard outcome.status == 0 else {
            throw BenchError.scriptFailed(command: label, status: outcome.status, output: outcome.output)
        }
        let decoder = JSONDecoder()
        return try outcome.output.split(separator: "\n").map { line in
            do {
                return try decoder.decode(LatencySummary.self, from: Data(line.utf8))
            } catch {
                throw BenchError.badScriptOutput(command: label, line: String(line), reason: "\(error)")
            }
        }
    }
}
