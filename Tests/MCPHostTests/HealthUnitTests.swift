import Foundation
import MCP
@testable import MCPHost
import TestSupport
import XCTest

/// The pure parts of server health: backoff, the stderr ring, reload diffs, config keys, and the
/// heartbeat on a hand-moved clock.
final class HealthUnitTests: XCTestCase {
    // MARK: - Backoff

    func testBackoffDoublesFromOneSecondAndIsCappedAtThirty() {
        let backoff = ReconnectBackoff()
        let delays = (1...8).map { backoff.delay(attempt: $0, random: 0) }
        XCTAssertEqual(delays, [1, 2, 4, 8, 16, 30, 30, 30])
        XCTAssertEqual(backoff.delay(attempt: 1_000, random: 0), 30, "a long outage never overflows")
    }

    func testJitterOnlyShortensTheDelayByUpToAFifth() {
        let backoff = ReconnectBackoff()
        XCTAssertEqual(backoff.delay(attempt: 3, random: 0.5), 4 * 0.9, accuracy: 1e-9)
        XCTAssertEqual(backoff.delay(attempt: 6, random: 0.999_999), 30 * 0.8, accuracy: 1e-4)
        XCTAssertEqual(backoff.delay(attempt: 6, random: 7), 24, "out-of-range random numbers are clamped")
        XCTAssertEqual(ReconnectBackoff(jitter: 0).delay(attempt: 2, random: 0.7), 2)
    }

    // MARK: - Stderr ring

    func testStderrRingKeepsTheNewestLinesInOrder() {
        let ring = StderrRing(capacity: 3)
        XCTAssertNil(ring.last)
        for line in ["a", "b", "c", "d", "e"] { ring.append(line) }
        XCTAssertEqual(ring.lines, ["c", "d", "e"])
        XCTAssertEqual(ring.last, "e")
        XCTAssertEqual(ring.total, 5)
    }

    func testStderrRingDefaultKeepsTwoHundredLines() {
        let ring = StderrRing()
        for index in 0..<500 { ring.append("line \(index)") }
        XCTAssertEqual(ring.lines.count, 200)
        XCTAssertEqual(ring.lines.first, "line 300")
    }

    // MARK: - Reload diff

    func testDiffIgnoresTheLineAndSortsServersIntoFourKinds() {
        let old = [
            ServerConfig(name: "same", command: "a", line: 3),
            ServerConfig(name: "edited", command: "b", line: 4),
            ServerConfig(name: "gone", command: "c", line: 5),
        ]
        let new = [
            ServerConfig(name: "fresh", command: "d", line: 2),
            ServerConfig(name: "same", command: "a", line: 9),
            ServerConfig(name: "edited", command: "b", env: ["X": "1"], line: 10),
        ]
        let diff = ServerConfigDiff(old: old, new: new)
        XCTAssertEqual(diff, ServerConfigDiff(added: ["fresh"], removed: ["gone"], changed: ["edited"], unchanged: ["same"]))
        XCTAssertEqual(diff.summary, "added fresh; removed gone; restarted edited; 1 unchanged")
    }

    func testAServerWhoseRootsAloneChangedKeepsRunning() {
        var moved = ServerConfig(name: "s", command: "a", line: 3)
        moved.roots = ["/data/東京"]
        var unshared = ServerConfig(name: "t", command: "b")
        unshared.shareWorkingDirectory = false
        var both = ServerConfig(name: "u", command: "c2")
        both.roots = ["/x"]
        let diff = ServerConfigDiff(old: [ServerConfig(name: "s", command: "a"), ServerConfig(name: "t", command: "b"),
                                          ServerConfig(name: "u", command: "c")],
                                    new: [moved, unshared, both])
        XCTAssertEqual(diff.rerooted, ["s", "t"])
        XCTAssertEqual(diff.changed, ["u"], "a new command and new roots: restarted")
        XCTAssertEqual(diff.summary, "restarted u; new roots for s, t; 0 unchanged")
    }

    func testDisablingInTheFileCountsAsAChange() {
        let diff = ServerConfigDiff(old: [ServerConfig(name: "s", command: "a")],
                                    new: [ServerConfig(name: "s", command: "a", disabled: true)])
        XCTAssertEqual(diff.changed, ["s"])
    }

    // MARK: - Config keys

    private func load(_ entry: String) -> ServersFile {
        ServersFileLoader.parse(Data("{ \"mcpServers\": {\n \"s\": \(entry)\n} }".utf8),
                                displayName: "servers.json", environment: [:])
    }

    func testHeartbeatAndMaxMessageBytesKeys() {
        let defaults = load(#"{ "command": "x" }"#)
        XCTAssertEqual(defaults.servers.first?.heartbeat, 30)
        XCTAssertEqual(defaults.servers.first?.maxMessageBytes, 16 * 1024 * 1024)

        let set = load(#"{ "command": "x", "heartbeat": 0, "maxMessageBytes": 2048 }"#)
        XCTAssertEqual(set.problems, [])
        XCTAssertEqual(set.servers.first?.heartbeat, 0)
        XCTAssertEqual(set.servers.first?.maxMessageBytes, 2048)
    }

    func testBadHeartbeatAndMaxMessageBytesNameTheLineAndServer() {
        let negative = load(#"{ "command": "x", "heartbeat": -1 }"#)
        XCTAssertEqual(negative.problems.map(\.description),
                       [#"servers.json:2: server "s": "heartbeat" must be 0 (off) or a number of seconds from 1 to 86400 (not -1)"#])
        for bad in ["\"big\"", "10", "1500.5", "3000000000"] {
            let file = load("{ \"command\": \"x\", \"maxMessageBytes\": \(bad) }")
            XCTAssertTrue(file.servers.isEmpty, bad)
            XCTAssertTrue(file.problems.first?.message.hasPrefix(
                "\"maxMessageBytes\" must be a whole number of bytes from 1024 to 2147483647") ?? false, bad)
        }
    }

    // MARK: - Heartbeat

    private let transport = ScriptedTransport()
    private let clock = ManualSessionClock()

    /// The id of the ping with session request id `id`, once the session has sent it.
    private func waitForPing(_ id: Int) async {
        _ = await transport.sent.first { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return false }
            return object["method"] as? String == "ping" && object["id"] as? Int == id
        }
    }

    func testThreeMissedPingsInARowMeanDownAndAnAnswerResetsTheCount() async throws {
        let session = MCPSession(serverName: "beat", transport: transport, onNotification: { _, _ in },
                                 onRequest: { method, _ in throw MCPError.methodNotFound(method) }, clock: clock)
        try await session.start()
        let events = Recorder<HeartbeatEvent>()
        let answers = Recorder<Int>()
        let heartbeat = Heartbeat(
            interval: 30, maxMisses: 3, clock: clock,
            ping: { timeout in
                _ = try await session.requestRaw(method: "ping", params: nil, timeout: timeout)
                answers.append(1)
            },
            onEvent: { events.append($0) })
        defer { heartbeat.stop() }

        clock.advance(by: 30)
        await waitForPing(1)
        transport.deliver(#"{"jsonrpc":"2.0","id":1,"result":{}}"#)
        // Its timeout is also at t=60: the answer must be in before the clock gets there.
        _ = await answers.first { _ in true }
        clock.advance(by: 30)           // t=60: the second ping
        await waitForPing(2)
        clock.advance(by: 30)           // t=90: no answer: missed, and the next ping goes at once
        _ = await events.first { $0 == .missed(count: 1) }
        await waitForPing(3)
        transport.deliver(#"{"jsonrpc":"2.0","id":3,"error":{"code":-32601,"message":"no ping"}}"#)
        _ = await events.first { $0 == .recovered }

        clock.advance(by: 30)           // t=120
        await waitForPing(4)
        clock.advance(by: 30)
        await waitForPing(5)
        clock.advance(by: 30)
        await waitForPing(6)
        clock.advance(by: 30)
        _ = await events.first { $0 == .down(count: 3) }
        XCTAssertEqual(events.all, [.missed(count: 1), .recovered, .missed(count: 1), .missed(count: 2), .down(count: 3)],
                       "an error answer counts as alive; three misses in a row mean down")
        await session.close()
    }

    func testHeartbeatStopsWhenTheSessionCloses() async throws {
        let session = MCPSession(serverName: "beat", transport: transport, onNotification: { _, _ in },
                                 onRequest: { method, _ in throw MCPError.methodNotFound(method) }, clock: clock)
        try await session.start()
        let events = Recorder<HeartbeatEvent>()
        let pings = Recorder<String>()
        let heartbeat = Heartbeat(
            interval: 10, maxMisses: 3, clock: clock,
            ping: { timeout in
                do {
                    _ = try await session.requestRaw(method: "ping", params: nil, timeout: timeout)
                    pings.append("answered")
                } catch {
                    pings.append("\(error)")
                    throw error
                }
            },
            onEvent: { events.append($0) })
        defer { heartbeat.stop() }
        clock.advance(by: 10)
        await waitForPing(1)
        await session.close()
        _ = await pings.first { $0.contains("connection closed") }
        clock.advance(by: 100)
        // A closed session is not a missed ping: the connection handles the close itself.
        XCTAssertEqual(events.all, [])
        XCTAssertEqual(pings.all, [#"server "beat": connection closed: closed by the host"#])
    }
}
