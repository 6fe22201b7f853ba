import Foundation
import MCP
@testable import MCPHost
import XCTest

/// A real stdio server (Tests/Fixtures/mcp_hostile_stdio.py) that attacks the host: it reads the
/// environment it was given, floods `list_changed`, and answers with lines the parser refuses.
final class HostileServerTests: XCTestCase {
    static let script = FixtureServers.packageRoot + "/Tests/Fixtures/mcp_hostile_stdio.py"

    func hostile(_ name: String, timeout: Double = 60, env: [String: String] = [:],
                 inheritEnv: EnvironmentInheritance = .minimal) -> ServerConfig {
        var config = ServerConfig(name: name, command: FixtureServers.python, args: [Self.script], env: env,
                                  timeout: timeout)
        config.inheritEnv = inheritEnv
        return config
    }

    private func text(_ result: CallTool.Result) -> String {
        guard case .text(let text, _, _)? = result.content.first else { return "" }
        return text
    }

    private func json(_ result: CallTool.Result) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(text(result).utf8))
        return try XCTUnwrap(object as? [String: Any])
    }

    /// Waits (without sleeping) until `condition` holds: it is checked again after every host event.
    private func until(_ watcher: HostWatcher, _ condition: () async -> Bool) async {
        while true {
            let mark = watcher.mark
            if await condition() { return }
            _ = await watcher.seen.first { $0.index >= mark }
        }
    }

    // MARK: - Environment

    func testStdioServersGetAMinimalEnvironmentUnlessTheEntryAsksForMore() async throws {
        let planted = ["OPENAI_API_KEY": "sk-planted", "ANTHROPIC_API_KEY": "ant-planted",
                       "MCPTERM_TEST_PASS": "passed", "LC_MESSAGES": "C", "TZ": "Asia/Tokyo"]
        for (name, value) in planted { setenv(name, value, 1) }
        defer { for name in planted.keys { unsetenv(name) } }

        let host = ServerHost(configs: [
            hostile("plain", env: ["FROM_CONFIG": "yes", "TZ": "UTC"]),
            hostile("named", inheritEnv: .names(["MCPTERM_TEST_PASS", "NOT_SET_ANYWHERE"])),
            hostile("everything", inheritEnv: .all),
        ], clientVersion: "0.0.1-test")
        let watcher = HostWatcher(host)
        await host.start()
        for name in ["plain", "named", "everything"] { _ = await watcher.ready(name) }

        let plain = try json(try await host.callTool(qualifiedName: "plain__env", arguments: [:]))
        XCTAssertNil(plain["OPENAI_API_KEY"])
        XCTAssertNil(plain["ANTHROPIC_API_KEY"])
        XCTAssertNil(plain["MCPTERM_TEST_PASS"])
        XCTAssertEqual(plain["PATH"] as? String, ProcessInfo.processInfo.environment["PATH"])
        XCTAssertEqual(plain["HOME"] as? String, ProcessInfo.processInfo.environment["HOME"])
        XCTAssertEqual(plain["LC_MESSAGES"] as? String, "C")
        XCTAssertEqual(plain["FROM_CONFIG"] as? String, "yes")
        XCTAssertEqual(plain["TZ"] as? String, "UTC", "the entry's env wins over an inherited variable")

        let named = try json(try await host.callTool(qualifiedName: "named__env", arguments: [:]))
        XCTAssertEqual(named["MCPTERM_TEST_PASS"] as? String, "passed")
        XCTAssertEqual(named["TZ"] as? String, "Asia/Tokyo")
        XCTAssertNil(named["OPENAI_API_KEY"])
        XCTAssertNil(named["NOT_SET_ANYWHERE"])

        let everything = try json(try await host.callTool(qualifiedName: "everything__env", arguments: [:]))
        XCTAssertEqual(everything["OPENAI_API_KEY"] as? String, "sk-planted")
        XCTAssertEqual(everything["MCPTERM_TEST_PASS"] as? String, "passed")
        await watcher.shutdown()
    }

    func testMinimalEnvironmentKeepsTheSDKsNamesAndDropsShellFunctions() {
        let host = ["HOME": "/h", "LOGNAME": "l", "PATH": "/bin", "SHELL": "/bin/sh", "TERM": "xterm", "USER": "u",
                    "LANG": "C.UTF-8", "LC_ALL": "C", "TZ": "UTC", "OPENAI_API_KEY": "k", "SHELL_FN": "x",
                    "BASH_FUNC_f%%": "() { :; }"]
        let minimal = EnvironmentInheritance.minimal.environment(from: host, adding: ["X": "1"])
        XCTAssertEqual(minimal, ["HOME": "/h", "LOGNAME": "l", "PATH": "/bin", "SHELL": "/bin/sh", "TERM": "xterm",
                                 "USER": "u", "LANG": "C.UTF-8", "LC_ALL": "C", "TZ": "UTC", "X": "1"])
        let poisoned = EnvironmentInheritance.minimal.environment(from: ["PATH": "() { evil; }"], adding: [:])
        XCTAssertEqual(poisoned, [:])
    }

    // MARK: - list_changed flood

    /// 2,000 changes of each list (6,000 notifications) used to make 2,000 `tools/list` (and as
    /// many resource and prompt lists); coalesced, each kind is listed a handful of times and the
    /// lists end up as the server left them.
    func testListChangedFloodIsCoalescedPerKindAndEndsWithTheLastState() async throws {
        let host = ServerHost(configs: [hostile("flood")], clientVersion: "0.0.1-test")
        let watcher = HostWatcher(host)
        await host.start()
        _ = await watcher.ready("flood")

        let flooded = try await host.callTool(qualifiedName: "flood__flood", arguments: ["count": 2000])
        XCTAssertEqual(text(flooded), "flooded to state 2000")
        await until(watcher) {
            let tools = await host.tools().map(\.tool.name)
            let resources = await host.resources().map(\.item.uri)
            let prompts = await host.prompts().map(\.item.name)
            return tools.contains("state_2000") && resources == ["demo://state/2000"] && prompts == ["state_2000"]
        }

        let counts = try json(try await host.callTool(qualifiedName: "flood__counts", arguments: [:]))
        // One list when the server became ready, then one running and one pending at most per burst.
        for method in ["tools/list", "resources/list", "resources/templates/list", "prompts/list"] {
            let count = try XCTUnwrap(counts[method] as? Int, method)
            XCTAssertLessThanOrEqual(count, 6, "\(method) was listed \(count) times for 2000 changes")
        }
        await watcher.shutdown()
    }

    func testRefreshGateRunsOneAtATimeWithAtMostOnePending() {
        let gate = ListRefreshGate()
        XCTAssertTrue(gate.announce(.tools), "the first change starts a refresh")
        for _ in 0..<1000 { XCTAssertFalse(gate.announce(.tools)) }
        XCTAssertTrue(gate.announce(.prompts), "kinds are independent")
        XCTAssertTrue(gate.finished(.tools), "changes during the pass: one more pass")
        XCTAssertFalse(gate.finished(.tools), "no change during the second pass: idle")
        XCTAssertTrue(gate.announce(.tools), "idle again: the next change starts a refresh")
        XCTAssertFalse(gate.finished(.prompts))
    }

    // MARK: - Responses the parser refuses

    /// Used to be skipped as "not a JSON-RPC message" while the call waited for its timeout (60 s
    /// by default; 30 s here, so the old code fails with `timedOut`, not a hang).
    func testAResponseThatIsNotUTF8OrTooDeepFailsItsCallAtOnceWithTheReason() async throws {
        let host = ServerHost(configs: [hostile("bad", timeout: 30)], clientVersion: "0.0.1-test")
        let watcher = HostWatcher(host)
        await host.start()
        _ = await watcher.ready("bad")

        for (tool, reason) in [("bad_utf8", "a string is not valid UTF-8"), ("deep", "nested deeper than 512 levels")] {
            do {
                _ = try await host.callTool(qualifiedName: "bad__\(tool)", arguments: [:])
                XCTFail("\(tool): the call must fail")
            } catch let error as SessionError {
                guard case .malformed(let server, let detail) = error else { return XCTFail("\(tool): \(error)") }
                XCTAssertEqual(server, "bad")
                XCTAssertTrue(detail.hasPrefix("the response to \"tools/call\" cannot be read: invalid JSON at byte "),
                              detail)
                XCTAssertTrue(detail.hasSuffix(reason), detail)
            }
        }
        // The session is still in step: the next call works.
        let after = try await host.callTool(qualifiedName: "bad__counts", arguments: [:])
        XCTAssertTrue(text(after).contains("tools/call"), text(after))
        await watcher.shutdown()
    }

    func testAResponseWhoseIdCannotBeReadResetsTheConnection() async throws {
        let host = ServerHost(configs: [hostile("lost", timeout: 30)], clientVersion: "0.0.1-test")
        let watcher = HostWatcher(host)
        await host.start()
        _ = await watcher.ready("lost")
        let before = watcher.mark
        do {
            _ = try await host.callTool(qualifiedName: "lost__bad_id", arguments: [:])
            XCTFail("the call must fail")
        } catch let error as SessionError {
            guard case .closed(let server, let reason) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(server, "lost")
            XCTAssertTrue(reason.hasPrefix("a response that cannot be read and whose id cannot be recovered (invalid JSON"),
                          reason)
        }
        let failed = await watcher.status("lost", after: before) { status in
            if case .failed = status.state { return true }
            return false
        }
        guard case .failed(let reason) = failed.state else { return XCTFail("\(failed.state)") }
        XCTAssertTrue(reason.contains("whose id cannot be recovered"), reason)
        _ = await watcher.ready("lost", after: before)
        await watcher.shutdown()
    }

    func testUnreadableMessagesAreToldApartByWhatCanStillBeRead() {
        func examine(_ bytes: [UInt8]) -> UnreadableMessage { UnreadableMessage.examine(Data(bytes)) }
        func examine(_ text: String) -> UnreadableMessage { examine(Array(text.utf8)) }
        let bad: [UInt8] = [0xFF, 0xFE]
        XCTAssertEqual(examine(Array(#"{"jsonrpc":"2.0","id":7,"result":{"t":""#.utf8) + bad + Array(#""}}"#.utf8)),
                       .response(id: 7))
        XCTAssertEqual(examine(Array(#"{"result":{"t":""#.utf8) + bad + Array(#""},"id":"8"}"#.utf8)),
                       .response(id: 8), "the id may come last, and as a string")
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        XCTAssertEqual(examine(#"{"id": 3.0, "result": "# + deep + "}"), .response(id: 3))
        XCTAssertEqual(examine(#"{"jsonrpc":"2.0","id":9,"result":{"#), .response(id: 9), "cut off after the id")
        XCTAssertEqual(examine(Array(#"{"id":""#.utf8) + bad + Array(#"","result":{}}"#.utf8)), .unroutable)
        XCTAssertEqual(examine(#"{"id":{"a":1},"result":"# + deep + "}"), .unroutable)
        XCTAssertEqual(examine("[" + deep + "]"), .unroutable, "a batch")
        XCTAssertEqual(examine(Array(#"{"id":1,"method":"x","params":""#.utf8) + bad + Array(#""}"#.utf8)),
                       .serverMessage, "a server's request whose id is 1 is not our response 1")
        XCTAssertEqual(examine("Starting server on port 8000"), .notJSON)
        XCTAssertEqual(examine("{started}"), .notJSON)
        XCTAssertEqual(examine(""), .notJSON)
    }
}
