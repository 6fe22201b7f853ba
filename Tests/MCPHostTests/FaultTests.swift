import Foundation
import MCP
@testable import MCPHost
import TestSupport
import XCTest

/// Bad input and bad servers: each gives a clear error naming the server, and the host keeps going.
final class FaultTests: XCTestCase {
    let clock = ManualSessionClock()
    private var fixtures: [FixtureServer] = []

    override func tearDown() {
        for fixture in fixtures { fixture.stop() }
        fixtures = []
    }

    var lifecycle: LifecycleEnvironment {
        LifecycleEnvironment(clock: clock, random: { 0 }, now: { Date(timeIntervalSince1970: 0) })
    }

    private func faulty(_ name: String, mode: String = "normal", timeout: Double = 60,
                        maxMessageBytes: Int = ServerConfig.defaultMaxMessageBytes) -> ServerConfig {
        ServerConfig(name: name, command: FixtureServers.python, args: [HealthHostTests.faulty, mode],
                     timeout: timeout, maxMessageBytes: maxMessageBytes)
    }

    private func failure(_ watcher: HostWatcher, _ name: String) async -> (String, ServerHealth) {
        let status = await watcher.status(name) { status in
            if case .failed = status.state { return status.health.retry != nil }
            return false
        }
        guard case .failed(let reason) = status.state else { return ("", status.health) }
        return (reason, status.health)
    }

    func testCancellingACallTellsTheRealPythonServerWhichStopsTheTool() async throws {
        let script = FixtureServers.packageRoot + "/Tests/Fixtures/mcp_faulty_cancel.py"
        let host = ServerHost(configs: [ServerConfig(name: "slow", command: FixtureServers.python, args: [script])],
                              clientVersion: "0.0.1-test")
        let watcher = HostWatcher(host)
        await host.start()
        _ = await watcher.ready("slow")
        let call = Task { try await host.callTool(qualifiedName: "slow__wait_forever", arguments: [:]) }
        await watcher.stderr("slow", containing: "waiting")
        // What Esc does while a tool runs: the app cancels the task running the call.
        call.cancel()
        do {
            _ = try await call.value
            XCTFail("a cancelled call must throw")
        } catch {
            XCTAssertTrue(error is CancellationError, "\(error)")
        }
        // The Python SDK interrupts the tool when notifications/cancelled arrives; the tool says so.
        await watcher.stderr("slow", containing: "cancelled: wait_forever")
        let status = await host.statuses().first
        XCTAssertEqual(status?.state, .ready, "cancelling a call leaves the server running")
        await watcher.shutdown()
    }

    func testAServerThatNeverAnswersTheHandshakeTimesOutAndIsShownFailed() async throws {
        let host = ServerHost(configs: [faulty("mute", mode: "silent", timeout: 5)], clientVersion: "0.0.1-test",
                              lifecycle: lifecycle)
        let watcher = HostWatcher(host)
        await host.start()
        // First the 2026-07-28 probe goes unanswered; after its own timeout the host falls back
        // to initialize, which is never answered either.
        await watcher.stderr("mute", containing: "got server/discover")
        clock.advance(by: MCPSession.discoverProbeTimeout)
        await watcher.stderr("mute", containing: "got initialize")
        clock.advance(by: 5)
        let (reason, health) = await failure(watcher, "mute")
        XCTAssertTrue(reason.hasPrefix(#"server "mute": "initialize" timed out after 5 s"#), reason)
        XCTAssertTrue(reason.hasSuffix("; last stderr: got initialize"), "the last stderr line is shown: \(reason)")
        XCTAssertEqual(health.retry, RetryPlan(attempt: 1, delay: 1), "a timeout may pass: it is retried")
        await watcher.shutdown()
    }

    func testAMessageOverTheLimitResetsTheConnectionWithAClearReason() async throws {
        let host = ServerHost(configs: [faulty("big", maxMessageBytes: 1 << 20)], clientVersion: "0.0.1-test",
                              lifecycle: lifecycle)
        let watcher = HostWatcher(host)
        await host.start()
        _ = await watcher.ready("big")
        do {
            _ = try await host.callTool(qualifiedName: "big__huge", arguments: ["bytes": .int(4 << 20)])
            XCTFail("a 4 MiB message over a 1 MiB limit must fail the call")
        } catch let error as SessionError {
            XCTAssertEqual(error, .closed(server: "big", reason: "message of more than 1048576 bytes, connection dropped"))
        }
        let (reason, health) = await failure(watcher, "big")
        XCTAssertTrue(reason.contains("message of more than 1048576 bytes"), reason)
        XCTAssertEqual(health.retry?.attempt, 1)
        let beforeRetry = watcher.mark
        clock.advance(by: 1)
        _ = await watcher.ready("big", after: beforeRetry)
        let echoed = try await host.callTool(qualifiedName: "big__echo", arguments: ["text": "fine again"])
        XCTAssertEqual(echoed.content.first.flatMap { if case .text(let t, _, _) = $0 { t } else { nil } }, "fine again")
        await watcher.shutdown()
    }

    func testStdioTransportNeverHandsOnMoreThanTheLimit() async throws {
        // 3 MiB without a newline, then a short line: the stream ends at the long one.
        let transport = StdioProcessTransport(
            name: "flood", command: "/bin/sh",
            args: ["-c", "head -c 3145728 /dev/zero | tr '\\0' x; echo; echo '{}'; sleep 30"],
            env: [:], cwd: nil, maxMessageBytes: 1 << 20, onStderr: { _ in })
        try await transport.connect()
        var received = 0
        do {
            for try await _ in await transport.receive() { received += 1 }
            XCTFail("the stream must end with an error")
        } catch let error as TransportError {
            XCTAssertEqual(error, .messageTooLarge(server: "flood", bytes: 1 << 20))
        }
        XCTAssertEqual(received, 0, "nothing of the oversized message is delivered")
        await transport.disconnect()
    }

    func testHTTPServerAnswering500FailsNamingTheStatus() async throws {
        let fixture = try FixtureServer(script: "mcp_faulty_http.py", arguments: ["500"])
        fixtures.append(fixture)
        let host = ServerHost(configs: [ServerConfig(name: "web", kind: .http, url: fixture.baseURL + "/mcp")],
                              clientVersion: "0.0.1-test", lifecycle: lifecycle)
        let watcher = HostWatcher(host)
        await host.start()
        let (reason, health) = await failure(watcher, "web")
        XCTAssertTrue(reason.contains("server \"web\""), reason)
        XCTAssertTrue(reason.contains("POST \(fixture.baseURL)/mcp answered HTTP 500: fixed status 500"), reason)
        XCTAssertEqual(health.retry?.attempt, 1, "a server error may pass: it is retried")
        await watcher.shutdown()
    }

    func testHTTPServerAnswering404FailsAfterTryingTheLegacyTransportToo() async throws {
        let fixture = try FixtureServer(script: "mcp_faulty_http.py", arguments: ["404"])
        fixtures.append(fixture)
        let host = ServerHost(configs: [ServerConfig(name: "web", kind: .http, url: fixture.baseURL + "/nothing")],
                              clientVersion: "0.0.1-test", lifecycle: lifecycle)
        let watcher = HostWatcher(host)
        await host.start()
        let (reason, _) = await failure(watcher, "web")
        XCTAssertTrue(reason.contains("answered HTTP 404"), reason)
        XCTAssertTrue(reason.contains("legacy HTTP+SSE fallback failed too"), reason)
        await watcher.shutdown()
    }

    func testOneBadServerDoesNotDisturbAGoodOne() async throws {
        let host = ServerHost(configs: [faulty("bad", mode: "silent", timeout: 5), faulty("good")],
                              clientVersion: "0.0.1-test", lifecycle: lifecycle)
        let watcher = HostWatcher(host)
        await host.start()
        _ = await watcher.ready("good")
        await watcher.stderr("bad", containing: "got server/discover")
        clock.advance(by: MCPSession.discoverProbeTimeout)
        await watcher.stderr("bad", containing: "got initialize")
        clock.advance(by: 5)
        _ = await failure(watcher, "bad")
        let echoed = try await host.callTool(qualifiedName: "good__echo", arguments: ["text": "still fine"])
        XCTAssertEqual(echoed.isError ?? false, false)
        await watcher.shutdown()
    }
}
