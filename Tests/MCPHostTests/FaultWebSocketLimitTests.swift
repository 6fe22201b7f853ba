import Foundation
import MCP
@testable import MCPHost
import TestSupport
import XCTest

/// A `ws` server's `"maxMessageBytes"` reaches its transport: a reply over it resets the connection.
final class FaultWebSocketLimitTests: XCTestCase {
    let clock = ManualSessionClock()
    private var fixtures: [FixtureServer] = []

    override func tearDown() {
        for fixture in fixtures { fixture.stop() }
        fixtures = []
        super.tearDown()
    }

    func testAReplyOverTheConfiguredLimitResetsTheWebSocketConnection() async throws {
        let fixture = try FixtureServer(script: "mcp_ws_server.py")
        fixtures.append(fixture)
        // Far below the transport's own default, so only the configured value can trip it.
        let config = ServerConfig(name: "ws", kind: .ws, url: "ws://127.0.0.1:\(fixture.port)/mcp",
                                  maxMessageBytes: 64 << 10)
        let host = ServerHost(configs: [config], clientVersion: "0.0.1-test",
                              lifecycle: LifecycleEnvironment(clock: clock, random: { 0 }, now: { Date(timeIntervalSince1970: 0) }))
        let watcher = HostWatcher(host)
        await host.start()
        _ = await watcher.ready("ws")
        let mark = watcher.mark
        do {
            // The echo comes back twice (content and structuredContent): about 200 KiB.
            _ = try await host.callTool(qualifiedName: "ws__echo", arguments: ["text": .string(String(repeating: "z", count: 100_000))])
            XCTFail("a reply over the limit must fail the call")
        } catch let error as SessionError {
            XCTAssertEqual(error, .closed(server: "ws", reason: "message of more than 65536 bytes, connection dropped"))
        }
        let failed = await watcher.status("ws", after: mark) { status in
            if case .failed = status.state { return true }
            return false
        }
        guard case .failed(let reason) = failed.state else { return XCTFail("not failed") }
        XCTAssertTrue(reason.contains("message of more than 65536 bytes"), reason)
        await watcher.shutdown()
    }
}
