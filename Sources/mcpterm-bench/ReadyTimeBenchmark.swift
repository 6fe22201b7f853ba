import Dispatch
import MCPHost

/// Time from `ServerHost.start()` until every one of `count` copies of a stdio server is
/// `.ready` (initialized and its tools listed), as the app sees it on `events`.
struct ReadyTimeBenchmark {
    var serverLabel: String
    var command: String
    var args: [String]
    var count: Int
    /// A server still not ready after this long fails the run instead of hanging the bench.
    var limitSeconds: Double = 120

    /// One start-up of all servers, in milliseconds; the host is always shut down afterwards
    /// (every process stopped and reaped) before this returns.
    func runOnce() async throws -> Double {
        let configs = (1...count).map { index in
            ServerConfig(name: "\(serverLabel)-\(index)", command: command, args: args)
        }
        let host = ServerHost(configs: configs, clientName: "mcpterm-bench", clientVersion: "1.0")
        let names = Set(configs.map(\.name))
        var states: [String: ServerState] = [:]
        let limit = limitSeconds
        // Shutting the host down finishes `events`, which ends the loop below.
        let watchdog = Task {
            try await Task.sleep(nanoseconds: UInt64(limit * 1e9))
            await host.shutdown()
        }
        let started = DispatchTime.now().uptimeNanoseconds
        await host.start()
        var elapsed: UInt64?
        var failure: BenchError?
        for await event in host.events {
            guard case .serverStatus(let status) = event else { continue }
            states[status.name] = status.state
            if case .failed(let reason) = status.state {
                failure = .serverFailed(server: status.name, reason: reason)
                break
            }
            if names.allSatisfy({ states[$0] == .ready }) {
                elapsed = DispatchTime.now().uptimeNanoseconds - started
                break
            }
        }
        watchdog.cancel()
        await host.shutdown()
        if let failure { throw failure }
        guard let elapsed else {
            let ready = states.values.filter { $0 == .ready }.count
            throw BenchError.serversNotReady(
                count: count, detail: "\(ready) of \(count) \(serverLabel) servers ready after \(Int(limit)) s")
        }
        return Double(elapsed) / 1e6
    }

    /// The median of `runs` start-ups, in milliseconds.
    func medianMilliseconds(runs: Int) async throws -> Double {
        var times: [Double] = []
        for _ in 0..<runs { times.append(try await runOnce()) }
        times.sort()
        let middle = times.count / 2
        return times.count % 2 == 1 ? times[middle] : (times[middle - 1] + times[middle]) / 2
    }
}
