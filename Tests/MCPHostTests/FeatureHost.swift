import Foundation
import MCP
import Synchronization
@testable import MCPHost
import TestSupport
import XCTest

/// A `ServerHost` running the features fixture (`mcp_features_server.py`), with its events recorded.
struct FeatureHost {
    static var script: String { FixtureServers.packageRoot + "/Tests/Fixtures/mcp_features_server.py" }

    let host: ServerHost
    let events: Recorder<HostEvent>
    let pump: Task<Void, Never>

    /// Starts the host and waits until server "features" is ready (fails the test if it fails).
    static func start(_ config: ServerConfig = ServerConfig(name: "features")) async -> FeatureHost {
        var config = config
        config.command = FixtureServers.python
        config.args = [script]
        let host = ServerHost(configs: [config], clientVersion: "0.0.1-test")
        let events = Recorder<HostEvent>()
        let pump = Task {
            for await event in host.events { events.append(event) }
        }
        await host.start()
        let settled = await events.first { event in
            guard case .serverStatus(let status) = event else { return false }
            if case .failed = status.state { return true }
            return status.state == .ready
        }
        if case .serverStatus(let status) = settled, case .failed(let reason) = status.state {
            XCTFail("features server failed: \(reason)")
        }
        return FeatureHost(host: host, events: events, pump: pump)
    }

    func call(_ tool: String, _ arguments: [String: Value] = [:]) async throws -> String {
        let result = try await host.callTool(qualifiedName: "features__" + tool, arguments: arguments)
        guard case .text(let text, _, _)? = result.content.first else { return "" }
        return text
    }

    /// Waits until `catalogChanged` has been reported `number` times.
    func waitForCatalogChange(number: Int) async {
        let seen = Counter()
        _ = await events.first { event in
            guard case .catalogChanged = event else { return false }
            return seen.next() >= number
        }
    }

    func stop() async {
        await host.shutdown()
        await pump.value
    }
}

/// Counts the matches a `Recorder` predicate sees (each recorded item is tested once).
final class Counter: Sendable {
    private let count = Mutex(0)

    func next() -> Int {
        count.withLock { value in
            value += 1
            return value
        }
    }
}
