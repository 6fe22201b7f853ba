import Foundation
import MCP
@testable import MCPHost
import TestSupport
import XCTest

/// Watches a `ServerHost`'s events with their positions, so a test can wait for the next event
/// of a kind after a given point (a second "ready", the next stderr line).
final class HostWatcher: Sendable {
    struct Seen: Sendable {
        var index: Int
        var event: HostEvent
    }

    let host: ServerHost
    let seen = Recorder<Seen>()
    private let pump: Task<Void, Never>

    init(_ host: ServerHost) {
        self.host = host
        let seen = self.seen
        pump = Task {
            var index = 0
            for await event in host.events {
                seen.append(Seen(index: index, event: event))
                index += 1
            }
        }
    }

    /// How many events arrived so far: pass it as `after` to wait only for later ones.
    var mark: Int { seen.all.count }

    func status(_ name: String, after: Int = 0, _ matches: @escaping @Sendable (ServerStatus) -> Bool) async -> ServerStatus {
        let found = await seen.first { item in
            guard item.index >= after, case .serverStatus(let status) = item.event else { return false }
            return status.name == name && matches(status)
        }
        guard case .serverStatus(let status) = found.event else { fatalError("unreachable") }
        return status
    }

    func ready(_ name: String, after: Int = 0) async -> ServerStatus {
        await status(name, after: after) { $0.state == .ready }
    }

    func log(after: Int = 0, _ matches: @escaping @Sendable (HostLogEntry) -> Bool) async -> HostLogEntry {
        let found = await seen.first { item in
            guard item.index >= after, case .log(let entry) = item.event else { return false }
            return matches(entry)
        }
        guard case .log(let entry) = found.event else { fatalError("unreachable") }
        return entry
    }

    /// A stderr line of `server` containing `text`.
    func stderr(_ server: String, after: Int = 0, containing text: String) async {
        _ = await log(after: after) { $0.server == server && $0.source == .stderr && $0.message.contains(text) }
    }

    func states(of name: String, after: Int) -> [ServerState] {
        seen.all.compactMap { item in
            guard item.index >= after, case .serverStatus(let status) = item.event, status.name == name else { return nil }
            return status.state
        }
    }

    func shutdown() async {
        await host.shutdown()
        await pump.value
    }
}

/// A server's life on a hand-moved clock: crash and reconnect with backoff, heartbeat, disable,
/// enable and reload at run time, against real stdio fixture servers.
final class HealthHostTests: XCTestCase {
    static let faulty = FixtureServers.packageRoot + "/Tests/Fixtures/mcp_faulty_stdio.py"
    let clock = ManualSessionClock()

    /// Manual clock, jitter fixed at the middle, "ready since" read off the manual clock.
    var lifecycle: LifecycleEnvironment {
        let clock = self.clock
        return LifecycleEnvironment(clock: clock, random: { 0.5 }, now: { Date(timeIntervalSince1970: clock.now) })
    }

    func faulty(_ name: String, _ args: [String] = [], heartbeat: Double = 30, env: [String: String] = [:]) -> ServerConfig {
        ServerConfig(name: name, command: FixtureServers.python, args: [Self.faulty, "normal"] + args, env: env,
                     heartbeat: heartbeat)
    }

    private func text(_ result: CallTool.Result) -> String? {
        guard case .text(let text, _, _)? = result.content.first else { return nil }
        return text
    }

    func testServerKilledMidCallFailsTheCallAtOnceThenReconnectsWithBackoff() async throws {
        let marker = FileManager.default.temporaryDirectory.appendingPathComponent("mcpterm-crash-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: marker) }
        let host = ServerHost(configs: [faulty("crashy", [marker])], clientVersion: "0.0.1-test", lifecycle: lifecycle)
        let watcher = HostWatcher(host)
        await host.start()
        let first = await watcher.ready("crashy")
        XCTAssertEqual(first.health, ServerHealth(readySince: Date(timeIntervalSince1970: 0)))

        let beforeCall = watcher.mark
        do {
            _ = try await host.callTool(qualifiedName: "crashy__crash_once", arguments: [:])
            XCTFail("the call must fail when its server is killed")
        } catch let error as SessionError {
            // On the manual clock no timeout can fire: the call failed because the process died.
            guard case .closed(let server, let reason) = error else { return XCTFail("got \(error)") }
            XCTAssertEqual(server, "crashy")
            XCTAssertTrue(reason.contains("killed by signal 9"), reason)
            XCTAssertTrue(error.description.hasPrefix("server \"crashy\": "), error.description)
        }
        let planned = await watcher.status("crashy", after: beforeCall) { $0.health.retry != nil }
        XCTAssertEqual(planned.health.retry, RetryPlan(attempt: 1, delay: 0.9), "1 s less half of the 20 % jitter")
        guard case .failed(let reason) = planned.state else { return XCTFail("\(planned.state)") }
        XCTAssertTrue(reason.contains("connection closed"), reason)
        _ = await watcher.log(after: beforeCall) { $0.source == .host && $0.message == "reconnecting in 0.9 s (try 1)" }
        let toolsWhileDown = await host.tools()
        XCTAssertTrue(toolsWhileDown.isEmpty)

        let beforeRetry = watcher.mark
        clock.advance(by: 0.9)
        let again = await watcher.ready("crashy", after: beforeRetry)
        XCTAssertEqual(again.health, ServerHealth(readySince: Date(timeIntervalSince1970: 0.9)))
        let survived = try await host.callTool(qualifiedName: "crashy__crash_once", arguments: [:])
        XCTAssertEqual(text(survived), "survived")
        await watcher.stderr("crashy", containing: "crashing on purpose")
        let kept = await host.stderrLines(server: "crashy")
        XCTAssertTrue(kept.contains("crashing on purpose"), "stderr is kept across reconnects: \(kept)")
        await watcher.shutdown()
    }

    func testThreeUnansweredPingsMarkTheServerDownAndItReconnects() async throws {
        let host = ServerHost(configs: [faulty("quiet", heartbeat: 5)], clientVersion: "0.0.1-test", lifecycle: lifecycle)
        let watcher = HostWatcher(host)
        await host.start()
        _ = await watcher.ready("quiet")
        _ = try await host.callTool(qualifiedName: "quiet__mute", arguments: [:])

        var mark = watcher.mark
        clock.advance(by: 5)                         // the first ping is due 5 s after ready
        for miss in 1...3 {
            await watcher.stderr("quiet", after: mark, containing: "got ping");
            // Marked before the miss: the next ping goes out right after it.
            mark = watcher.mark
            clock.advance(by: 5)                     // its timeout (the heartbeat interval)
            if miss < 3 {
                let status = await watcher.status("quiet", after: mark) { $0.health.missedPings == miss }
                XCTAssertEqual(status.state, .ready, "a missed ping alone does not take the server down")
            }
        }
        let down = await watcher.status("quiet") { $0.health.retry != nil }
        XCTAssertEqual(down.state, .failed("no answer to 3 pings in a row"))
        XCTAssertEqual(down.health.retry, RetryPlan(attempt: 1, delay: 0.9))

        mark = watcher.mark
        clock.advance(by: 0.9)
        let back = await watcher.ready("quiet", after: mark)
        XCTAssertEqual(back.health.missedPings, 0)
        let echoed = try await host.callTool(qualifiedName: "quiet__echo", arguments: ["text": "back"])
        XCTAssertEqual(text(echoed), "back")
        await watcher.shutdown()
    }

    func testDisableStopsTheServerAndEnableStartsItAgain() async throws {
        let host = ServerHost(configs: [faulty("toggle"), ServerConfig(name: "off", command: FixtureServers.python,
                                                                      args: [Self.faulty, "normal"], disabled: true)],
                              clientVersion: "0.0.1-test", lifecycle: lifecycle)
        let watcher = HostWatcher(host)
        let before = Set(ProcessProbe.children())
        await host.start()
        _ = await watcher.ready("toggle")
        let pids = Set(ProcessProbe.children()).subtracting(before)
        XCTAssertEqual(pids.count, 1)

        try await host.disable(server: "toggle")
        _ = await watcher.status("toggle") { $0.state == .disabled }
        for pid in pids { XCTAssertTrue(ProcessProbe.isGone(pid), "a disabled server's process is stopped and reaped") }
        let tools = await host.tools()
        XCTAssertTrue(tools.isEmpty)
        do {
            _ = try await host.callTool(qualifiedName: "toggle__echo", arguments: ["text": "x"])
            XCTFail("a disabled server takes no calls")
        } catch let error as HostError {
            XCTAssertEqual(error, .unknownTool(qualifiedName: "toggle__echo"))
        }

        var mark = watcher.mark
        try await host.enable(server: "toggle")
        _ = await watcher.ready("toggle", after: mark)
        mark = watcher.mark
        try await host.enable(server: "off")  // disabled in the file: enabled at run time
        _ = await watcher.ready("off", after: mark)
        let echoed = try await host.callTool(qualifiedName: "off__echo", arguments: ["text": "on"])
        XCTAssertEqual(text(echoed), "on")

        do {
            try await host.disable(server: "nobody")
            XCTFail("an unknown server is an error")
        } catch {
            XCTAssertEqual(error, .unknownServer("nobody"))
        }
        await watcher.shutdown()
    }

    func testReloadStartsAddedStopsRemovedRestartsChangedAndLeavesTheRestRunning() async throws {
        var same = faulty("same")
        same.line = 2
        let host = ServerHost(configs: [same, faulty("edited"), faulty("gone")], clientVersion: "0.0.1-test",
                              lifecycle: lifecycle)
        let watcher = HostWatcher(host)
        await host.start()
        for name in ["same", "edited", "gone"] { _ = await watcher.ready(name) }

        same.line = 7  // only moved in the file
        let mark = watcher.mark
        let diff = await host.reload([faulty("fresh"), same, faulty("edited", env: ["MODE": "new"])])
        XCTAssertEqual(diff, ServerConfigDiff(added: ["fresh"], removed: ["gone"], changed: ["edited"], unchanged: ["same"]))
        _ = await watcher.ready("fresh", after: mark)
        _ = await watcher.ready("edited", after: mark)

        let statuses = await host.statuses()
        XCTAssertEqual(statuses.map(\.name), ["fresh", "same", "edited"], "the new file's order; removed servers are gone")
        XCTAssertEqual(statuses.map(\.state), [.ready, .ready, .ready])
        XCTAssertEqual(watcher.states(of: "same", after: mark), [], "an unchanged server is not restarted")
        XCTAssertTrue(watcher.states(of: "edited", after: mark).contains(.connecting))
        let names = await host.tools().map(\.qualifiedName)
        XCTAssertFalse(names.contains { $0.hasPrefix("gone__") }, "\(names)")
        XCTAssertTrue(names.contains("fresh__echo"), "\(names)")
        let reloadNoticed = watcher.seen.all.contains { item in
            if case .serversChanged = item.event { return item.index >= mark }
            return false
        }
        XCTAssertTrue(reloadNoticed, "the app is told to read the server list again")

        // A server whose new entry is broken (left out of the list, named in `keeping`) keeps running.
        let again = watcher.mark
        let kept = await host.reload([faulty("fresh"), same], keeping: ["edited"])
        XCTAssertEqual(kept, ServerConfigDiff(unchanged: ["fresh", "same", "edited"]))
        XCTAssertEqual(watcher.states(of: "edited", after: again), [])
        let stillThere = await host.statuses().map(\.name)
        XCTAssertEqual(stillThere, ["fresh", "same", "edited"])
        await watcher.shutdown()
    }
}
