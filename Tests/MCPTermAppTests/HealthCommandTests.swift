import ChatCore
import Foundation
import LLM
import MCP
import MCPHost
@testable import MCPTermApp
import TUI
import XCTest

/// `/disable`, `/enable`, `/reload`, Esc during a tool call, and how health reads on screen.
final class HealthCommandTests: XCTestCase {
    private func makeState() -> AppState {
        var state = AppState(model: nil, width: 100, height: 30)
        _ = reduceIgnoringSaves(&state, .serversChanged([
            ServerStatus(name: "demo", kind: .stdio, state: .ready),
            ServerStatus(name: "web", kind: .http, state: .disabled),
        ]))
        return state
    }

    private func command(_ line: String, _ state: inout AppState) -> [Effect] {
        for c in line { _ = reduceIgnoringSaves(&state, .key(.char(c))) }
        return reduceIgnoringSaves(&state, .key(.enter))
    }

    func testDisableEnableAndReloadBecomeEffects() {
        var state = makeState()
        XCTAssertEqual(command("/disable demo", &state), [.disableServer("demo")])
        XCTAssertEqual(state.agent.transcript.last, .notice("Disabling demo…"))
        XCTAssertEqual(command("/enable web", &state), [.enableServer("web")])
        XCTAssertEqual(command("/reload", &state), [.reloadServers])
    }

    func testUnknownServerIsAnErrorListingTheKnownOnes() {
        var state = makeState()
        XCTAssertEqual(command("/disable nope", &state), [])
        XCTAssertEqual(state.agent.transcript.last, .error(#"/disable: no server named "nope" (servers: demo, web)"#))
    }

    func testReloadReportShowsChangesAndProblemsInTranscriptAndLog() {
        var state = makeState()
        let problem = ConfigProblem(file: "servers.json", line: 7, server: "bad", message: "\"args\" must be an array of strings")
        let runningOne = ConfigProblem(file: "servers.json", line: 3, server: "web", message: "\"timeout\" must be a positive number of seconds")
        let report = ConfigReloadReport(
            path: "servers.json", diff: ServerConfigDiff(added: ["new"], removed: ["old"], unchanged: ["demo", "web"]),
            problems: [problem, runningOne], applied: true)
        XCTAssertEqual(reduceIgnoringSaves(&state, .configReloaded(report)), [])
        XCTAssertTrue(state.agent.transcript.contains(.error(problem.description)))
        XCTAssertEqual(state.agent.transcript.last, .notice(
            "Reloaded servers.json: added new; removed old; 2 unchanged (web keeps its old settings; bad not started: see the error above)"))
        XCTAssertTrue(state.log.contains { $0.level == .error && $0.server == "bad" && $0.message == problem.description })
    }

    func testUnusableFileChangesNothingAndSaysSo() {
        var state = makeState()
        let syntax = ConfigProblem(file: "servers.json", line: 3, server: nil, message: "expected ','", column: 9)
        _ = reduceIgnoringSaves(&state, .configReloaded(ConfigReloadReport(
            path: "servers.json", diff: ServerConfigDiff(), problems: [syntax], applied: false)))
        XCTAssertEqual(state.agent.transcript.last,
                       .error("Reload: servers.json could not be used; the servers keep running as they were."))
    }

    func testEscWhileAToolRunsCancelsTheCall() {
        var state = AppState(model: ModelDescription(provider: .openai, model: "m", baseURL: "http://127.0.0.1:1/v1"),
                             width: 100, height: 30)
        let tool = QualifiedTool(qualifiedName: "demo__slow", server: "demo",
                                 tool: Tool(name: "slow", description: "waits", inputSchema: ["type": "object"]))
        _ = reduceIgnoringSaves(&state, .toolsChanged([tool]))
        guard case .streamChat(let turn, _)? = command("go", &state).first else { return XCTFail("no stream") }
        _ = reduceIgnoringSaves(&state, .stream(turn: turn, .toolCall(ToolCall(id: "c1", name: "demo__slow", arguments: "{}"))))
        _ = reduceIgnoringSaves(&state, .streamEnded(turn: turn, error: nil))
        _ = reduceIgnoringSaves(&state, .approvalArmed(showing: state.approval.showing))
        XCTAssertEqual(reduceIgnoringSaves(&state, .key(.char("y"))),
                       [.callTool(callID: "c1", target: tool.target, arguments: [:])])
        // The runner cancels the call's task; MCPSession then sends notifications/cancelled
        // (FaultTests proves a real Python server receives it).
        XCTAssertEqual(reduceIgnoringSaves(&state, .key(.escape)), [.cancelTool(callID: "c1")])
    }

    func testHealthReadsAsReadySinceMissedPingsAndNextTry() {
        let utc = TimeZone(identifier: "UTC")!
        let ready = ServerStatus(name: "a", kind: .stdio, state: .ready,
                                 health: ServerHealth(readySince: Date(timeIntervalSince1970: 3_723), missedPings: 2))
        XCTAssertEqual(ServerHealthText.parts(ready, timeZone: utc), ["ready since 01:02:03", "2 missed pings"])
        let down = ServerStatus(name: "a", kind: .stdio, state: .failed("connection closed"),
                                health: ServerHealth(retry: RetryPlan(attempt: 3, delay: 3.6)))
        XCTAssertEqual(ServerHealthText.parts(down, timeZone: utc), ["reconnecting in 3.6 s (try 3)"])
    }

    func testServersPaneShowsTheNextReconnect() {
        let down = ServerStatus(name: "git", kind: .stdio, state: .failed("connection closed: process ended"),
                                health: ServerHealth(retry: RetryPlan(attempt: 2, delay: 2)))
        let text = ServersPane.lines(servers: [down], tools: [], width: 40, theme: .builtinDefault).map { $0.runs.map(\.text).joined() }
        XCTAssertTrue(text.contains("  reconnecting in 2 s (try 2)"), "\(text)")
    }
}
