import MCP
@testable import MCPHost
import XCTest

/// The `"protocol"` key: `auto` (probe, then fall back), `handshake` (no probe), `stateless`
/// (2026-07-28 or a clear failure), against real servers.
final class ProtocolModeTests: XCTestCase {
    private func config(_ name: String, script: String, mode: ProtocolMode) -> ServerConfig {
        var config = ServerConfig(name: name, command: FixtureServers.python, args: [script])
        config.protocolMode = mode
        return config
    }

    func testHandshakeModeSpeaksInitializeToAServerThatWouldTakeTheStatelessEra() async throws {
        let host = ServerHost(configs: [
            config("pinned", script: FixtureServers.fixtureScript, mode: .handshake),
            config("auto", script: FixtureServers.fixtureScript, mode: .auto),
        ], clientVersion: "0.0.1-test")
        let watcher = HostWatcher(host)
        await host.start()
        let pinned = await watcher.ready("pinned")
        let auto = await watcher.ready("auto")
        XCTAssertEqual(pinned.protocolVersion, "2025-11-25", "no probe: the handshake era")
        XCTAssertEqual(auto.protocolVersion, "2026-07-28", "the same server takes 2026-07-28 when probed")
        await watcher.shutdown()
    }

    func testStatelessModeFailsClearlyAgainstAHandshakeOnlyServerAndIsNotRetried() async throws {
        let host = ServerHost(configs: [config("old", script: FixtureServers.rawScript, mode: .stateless)],
                              clientVersion: "0.0.1-test")
        let watcher = HostWatcher(host)
        await host.start()
        let status = await watcher.status("old") { if case .failed = $0.state { return true } else { return false } }
        XCTAssertEqual(status.state, .failed(
            #"server "old": "protocol": "stateless" asks for 2026-07-28, but the server speaks only 2025-11-25"#))
        XCTAssertNil(status.health.retry, "a server that cannot speak the era asked for is not retried")
        await watcher.shutdown()
    }

    func testProtocolKeyTakesTheThreeModesAndNamesTheLineOfAWrongOne() {
        let json = """
        { "mcpServers": {
          "a": { "command": "x", "protocol": "handshake" },
          "b": { "command": "x", "protocol": "2026" }
        } }
        """
        let file = ServersFileLoader.parse(Data(json.utf8), displayName: "servers.json", environment: [:])
        XCTAssertEqual(file.servers.map(\.name), ["a"])
        XCTAssertEqual(file.servers.first?.protocolMode, .handshake)
        XCTAssertEqual(file.problems.map(\.description),
                       [#"servers.json:3: server "b": "protocol" must be one of auto, handshake, stateless"#])
    }
}
