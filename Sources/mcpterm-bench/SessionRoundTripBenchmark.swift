import Dispatch
import MCP
import MCPHost

/// Sequential round trips through mcpterm's own client (`MCPSession` over
/// `StdioProcessTransport`) against one stdio server: `ping`, then `tools/call echo`.
struct SessionRoundTripBenchmark {
    /// Shown in the table and used in error messages.
    var serverLabel: String
    var command: String
    var args: [String]
    var iterations: Int
    var warmup: Int
    /// Which operations to measure (all of them unless a profiling run narrows it).
    var operations: Set<BenchOperation> = Set(BenchOperation.allCases)
    /// When set, every message goes through the trace as in the app (`--trace-cost`).
    var trace: TraceRecorder?

    /// Starts the server, initializes, measures both operations, and always closes the session
    /// (which stops and reaps the server process).
    func run() async throws -> [LatencySummary] {
        let transport = StdioProcessTransport(name: serverLabel, command: command, args: args,
                                              env: [:], cwd: nil, onStderr: { _ in })
        let label = serverLabel
        var onMessage: (@Sendable (Bool, Value, String) -> Void)?
        if let recorder = trace {
            onMessage = { sent, message, json in recorder.record(server: label, sent: sent, message: message, json: json) }
        }
        let session = MCPSession(serverName: serverLabel, transport: transport,
                                 onNotification: { _, _ in },
                                 onRequest: { method, _ in throw MCPError.methodNotFound(method) },
                                 onMessage: onMessage)
        do {
            try await session.start()
            _ = try await session.initialize(clientName: "mcpterm-bench", clientVersion: "1.0")
            var summaries: [LatencySummary] = []
            if operations.contains(.ping) {
                summaries.append(try await measure(op: "ping") {
                    _ = try await session.requestRaw(method: "ping", params: nil)
                })
            }
            if operations.contains(.call) {
                summaries.append(try await measure(op: "tools/call echo") {
                    let result = try await session.request(
                        CallTool.self, CallTool.Parameters(name: "echo", arguments: ["text": "hello"]))
                    if result.isError == true {
                        throw BenchError.toolError(server: serverLabel, tool: "echo", detail: "\(result.content)")
                    }
                })
            }
            await session.close()
            return summaries
        } catch {
            await session.close()
            throw error
        }
    }

    /// Runs `body` `warmup` times untimed, then `iterations` times, timing each call.
    private func measure(op: String, _ body: () async throws -> Void) async throws -> LatencySummary {
        for _ in 0..<warmup { try await body() }
        var durations: [UInt64] = []
        durations.reserveCapacity(iterations)
        let started = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<iterations {
            let before = DispatchTime.now().uptimeNanoseconds
            try await body()
            durations.append(DispatchTime.now().uptimeNanoseconds - before)
        }
        let total = DispatchTime.now().uptimeNanoseconds - started
        return LatencySummary(op: op, durationsNanoseconds: durations, totalNanoseconds: total)
    }
}
