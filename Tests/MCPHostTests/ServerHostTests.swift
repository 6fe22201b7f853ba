import Foundation
import MCP
@testable import MCPHost
import TestSupport
import XCTest

final class ServerHostTests: XCTestCase {
    /// Reads the host's events into a recorder, so tests can wait for the ones they expect.
    private func record(_ host: ServerHost) -> (Recorder<HostEvent>, Task<Void, Never>) {
        let recorder = Recorder<HostEvent>()
        let task = Task {
            for await event in host.events { recorder.append(event) }
        }
        return (recorder, task)
    }

    /// Waits until every named server is ready; fails (instead of hanging) as soon as one fails.
    private func waitUntilReady(_ events: Recorder<HostEvent>, _ names: Set<String>) async {
        var ready = Set<String>()
        while ready != names {
            let readySoFar = ready
            let event = await events.first { event in
                guard case .serverStatus(let status) = event, names.contains(status.name) else { return false }
                if status.state == .ready { return !readySoFar.contains(status.name) }
                if case .failed = status.state { return true }
                return false
            }
            guard case .serverStatus(let status) = event else { continue }
            if case .failed(let reason) = status.state {
                XCTFail("server \(status.name) failed: \(reason)")
                return
            }
            ready.insert(status.name)
        }
    }

    private func text(_ result: CallTool.Result) -> String? {
        guard case .text(let text, _, _)? = result.content.first else { return nil }
        return text
    }

    func testTwoServersBecomeReadyAndCallsAreRoutedByQualifiedName() async throws {
        let configs = [
            ServerConfig(name: "fixture", command: FixtureServers.python, args: [FixtureServers.fixtureScript]),
            ServerConfig(name: "time", command: FixtureServers.timeServer),
            ServerConfig(name: "off", command: "never-started", disabled: true),
        ]
        let host = ServerHost(configs: configs, clientVersion: "0.0.1-test")
        let (events, pump) = record(host)
        let before = Set(ProcessProbe.children())
        await host.start()
        await waitUntilReady(events, ["fixture", "time"])

        let statuses = await host.statuses()
        XCTAssertEqual(statuses.map(\.name), ["fixture", "time", "off"])
        XCTAssertEqual(statuses.map(\.state), [.ready, .ready, .disabled])
        XCTAssertEqual(statuses[0].protocolVersion, "2026-07-28", "the Python SDK 2.3 fixture speaks the stateless era")
        XCTAssertTrue(statuses[0].serverInfo?.hasPrefix("fixture") ?? false)
        XCTAssertEqual(statuses[0].instructions, "Fixture server: echo, add, count_up. 東京 is a test word.")
        XCTAssertNil(statuses[1].instructions, "mcp-server-time gives none")
        XCTAssertGreaterThanOrEqual(statuses[0].toolCount, 6)

        let names = await host.tools().map(\.qualifiedName)
        XCTAssertTrue(names.contains("fixture__echo"), "\(names)")
        XCTAssertTrue(names.contains("time__get_current_time"), "\(names)")
        XCTAssertEqual(Set(names).count, names.count)

        // Progress the server reports reaches the caller, in order, with total and message.
        let progress = Recorder<ToolProgress>()
        let tools = await host.tools()
        let countUp = try XCTUnwrap(tools.first { $0.qualifiedName == "fixture__count_up" })
        let counted = try await host.callTool(countUp.target, arguments: ["steps": 3]) { progress.append($0) }
        XCTAssertEqual(text(counted), "counted to 3")
        XCTAssertEqual(progress.all, (1...3).map { ToolProgress(progress: Double($0), total: 3, message: "step \($0) of 3 東京") })
        let echoed = try await host.callTool(qualifiedName: "fixture__echo", arguments: ["text": "漢字 via host"])
        XCTAssertEqual(text(echoed), "漢字 via host")
        let time = try await host.callTool(qualifiedName: "time__get_current_time", arguments: ["timezone": "UTC"])
        XCTAssertTrue(text(time)?.contains("\"datetime\"") ?? false)

        do {
            _ = try await host.callTool(qualifiedName: "nobody__nothing", arguments: nil)
            XCTFail("an unknown tool must be refused")
        } catch let error as HostError {
            XCTAssertEqual(error, .unknownTool(qualifiedName: "nobody__nothing"))
        }

        _ = try await host.callTool(qualifiedName: "fixture__stderr_line", arguments: ["text": "to stderr"])
        _ = await events.first { event in
            if case .log(let entry) = event { return entry.source == .stderr && entry.message == "to stderr" }
            return false
        }
        _ = try await host.callTool(qualifiedName: "fixture__log_message", arguments: ["text": "heads up"])
        let logged = await events.first { event in
            if case .log(let entry) = event { return entry.source == .notification }
            return false
        }
        guard case .log(var entry) = logged else { return XCTFail() }
        XCTAssertNotNil(entry.time, "the host stamps each log line with its time")
        entry.time = nil
        XCTAssertEqual(entry, HostLogEntry(server: "fixture", level: .warning, source: .notification,
                                           message: "[fixture] heads up"))

        // A tool added at run time reaches the catalog through notifications/tools/list_changed.
        _ = try await host.callTool(qualifiedName: "fixture__add_greet_tool", arguments: [:])
        // The host re-lists, updates the catalog, then reports the new tool count.
        let countBefore = statuses[0].toolCount
        _ = await events.first { event in
            if case .serverStatus(let status) = event { return status.name == "fixture" && status.toolCount == countBefore + 1 }
            return false
        }
        let greet = await host.tools().map(\.qualifiedName)
        XCTAssertTrue(greet.contains("fixture__greet"))
        let greeting = try await host.callTool(qualifiedName: "fixture__greet", arguments: ["name": "世界"])
        XCTAssertEqual(text(greeting), "hello 世界")

        let servers = Set(ProcessProbe.children()).subtracting(before)
        XCTAssertEqual(servers.count, 2, "one process per enabled server")
        await host.shutdown()
        for pid in servers {
            XCTAssertTrue(ProcessProbe.isGone(pid), "server process \(pid) must be gone after shutdown")
        }
        await pump.value // `events` finishes after shutdown
        let final = await host.statuses().map(\.state)
        XCTAssertEqual(final, [.stopped, .stopped, .disabled])
    }

    func testPaginatedToolListsRootsAndAServerThatDies() async throws {
        let directory = FileManager.default.temporaryDirectory.path
        let host = ServerHost(configs: [
            ServerConfig(name: "raw", command: FixtureServers.python, args: [FixtureServers.rawScript],
                         cwd: directory),
        ], clientVersion: "0.0.1-test")
        let (events, pump) = record(host)
        await host.start()
        await waitUntilReady(events, ["raw"])

        let names = await host.tools().map(\.qualifiedName)
        XCTAssertEqual(names, (0..<5).map { "raw__tool\($0)" } + ["raw__ask", "raw__notifications", "raw__exit"],
                       "all pages of tools/list are merged")
        let statuses = await host.statuses()
        XCTAssertEqual(statuses.first?.toolCount, 8)

        // A /reload that changes only the roots keeps the server running, answers roots/list with
        // the new ones and tells the server (roots/list_changed).
        var rerooted = ServerConfig(name: "raw", command: FixtureServers.python, args: [FixtureServers.rawScript],
                                    cwd: directory)
        rerooted.roots = ["/data/東京"]
        rerooted.shareWorkingDirectory = false
        let diff = await host.reload([rerooted])
        XCTAssertEqual(diff.rerooted, ["raw"])
        XCTAssertEqual(diff.changed, [])
        let told = try await host.callTool(qualifiedName: "raw__notifications", arguments: [:])
        XCTAssertEqual(text(told), #"["notifications/initialized", "notifications/roots/list_changed"]"#,
                       "the same process (initialized once) was told")
        let newRoots = try await host.callTool(qualifiedName: "raw__ask", arguments: ["method": "roots/list"])
        XCTAssertTrue(text(newRoots)?.contains("file:///data/%E6%9D%B1%E4%BA%AC") ?? false, text(newRoots) ?? "")
        XCTAssertFalse(text(newRoots)?.contains(URL(fileURLWithPath: directory).absoluteString) ?? true,
                       "the working directory is no longer shared")
        let rootsShown = await host.statuses().first?.roots
        XCTAssertEqual(rootsShown, ["/data/東京"])
        _ = await host.reload([ServerConfig(name: "raw", command: FixtureServers.python, args: [FixtureServers.rawScript],
                                            cwd: directory)])

        // The host answers roots/list with the server's working directory as a file:// root.
        let connectionRoots = try await host.callTool(qualifiedName: "raw__ask", arguments: ["method": "roots/list"])
        XCTAssertTrue(text(connectionRoots)?.contains(URL(fileURLWithPath: directory).absoluteString) ?? false,
                      text(connectionRoots) ?? "")

        let other = try await host.callTool(qualifiedName: "raw__ask", arguments: ["method": "no/such/method"])
        XCTAssertTrue(text(other)?.contains("-32601") ?? false, text(other) ?? "")

        // The junk line the raw server prints is logged, not fatal.
        let skipped = events.all.contains { event in
            if case .log(let entry) = event { return entry.source == .trace && entry.message.contains("this is not json") }
            return false
        }
        XCTAssertTrue(skipped)

        // A server that exits mid-call fails the call and is marked failed.
        do {
            _ = try await host.callTool(qualifiedName: "raw__exit", arguments: nil)
            XCTFail("the call must fail when the server exits")
        } catch let error as SessionError {
            guard case .closed(let server, _) = error else { return XCTFail("got \(error)") }
            XCTAssertEqual(server, "raw")
        }
        _ = await events.first { event in
            if case .serverStatus(let status) = event, case .failed = status.state { return true }
            return false
        }
        let after = await host.tools()
        XCTAssertTrue(after.isEmpty, "a failed server's tools leave the catalog")
        await host.shutdown()
        await pump.value
    }

    func testMissingCommandShowsAFailedStateNamingIt() async throws {
        let host = ServerHost(configs: [ServerConfig(name: "ghost", command: "mcpterm-no-such-server")],
                              clientVersion: "0.0.1-test")
        let (events, pump) = record(host)
        await host.start()
        let failed = await events.first { event in
            if case .serverStatus(let status) = event, case .failed = status.state { return true }
            return false
        }
        guard case .serverStatus(let status) = failed, case .failed(let reason) = status.state else { return XCTFail() }
        XCTAssertTrue(reason.contains("mcpterm-no-such-server"), reason)
        XCTAssertTrue(reason.contains("\"ghost\""), reason)
        await host.shutdown()
        await pump.value
    }
}
