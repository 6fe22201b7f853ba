import Foundation
import MCP
@testable import MCPHost
import TestSupport
import XCTest

/// `maxConcurrentCalls`: a model asking for 50 calls at once cannot flood one server.
final class CallLimitTests: XCTestCase {
    func testFiftyCallsReachTheServerAtMostEightAtATime() async throws {
        var config = ServerConfig(name: "fixture", command: FixtureServers.python, args: [FixtureServers.fixtureScript])
        XCTAssertEqual(config.maxConcurrentCalls, 8, "the default")
        config.maxConcurrentCalls = 8
        let host = ServerHost(configs: [config], clientVersion: "0.0.1-test")
        let events = Recorder<HostEvent>()
        let pump = Task { for await event in host.events { events.append(event) } }
        await host.start()
        _ = await events.first { event in
            if case .serverStatus(let status) = event { return status.state == .ready }
            return false
        }
        // The fixture's probe waits until 8 calls are in flight (or all 50 arrived), so the
        // most it sees is 8 with the limit and far more without it.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    _ = try await host.callTool(qualifiedName: "fixture__probe", arguments: ["width": 8, "total": 50])
                }
            }
            try await group.waitForAll()
        }
        let most = try await host.callTool(qualifiedName: "fixture__max_in_flight", arguments: [:])
        guard case .text(let text, _, _)? = most.content.first else { return XCTFail("no text") }
        XCTAssertEqual(text, "8")
        await host.shutdown()
        await pump.value
    }

    func testACancelledWaiterLeavesTheQueueAndTheSlotGoesOn() async throws {
        let limiter = CallLimiter(limit: 1)
        let gate = AsyncStream<Void>.makeStream()
        let order = Recorder<String>()
        let first = Task {
            try await limiter.run {
                order.append("first")
                for await _ in gate.stream { break }
            }
        }
        // Once the first holds the slot, the others must queue behind it.
        _ = await order.first { $0 == "first" }
        let second = Task { try await limiter.run { order.append("second") } }
        let third = Task { try await limiter.run { order.append("third") } }
        second.cancel()
        do {
            try await second.value
            XCTFail("a cancelled waiter must not run")
        } catch is CancellationError {}
        gate.continuation.yield()
        gate.continuation.finish()
        try await first.value
        try await third.value
        XCTAssertEqual(order.all, ["first", "third"])
    }
}
