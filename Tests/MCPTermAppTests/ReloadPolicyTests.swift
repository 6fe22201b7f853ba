import ChatCore
import LLM
import MCP
import MCPHost
@testable import MCPTermApp
import XCTest

/// `/reload` applies the new `alwaysAllow` lists at once: a tool newly listed runs without asking,
/// one taken off the list asks again, and a server whose new entry is broken keeps its old list.
final class ReloadPolicyTests: XCTestCase {
    private static let tools = ["echo", "write"].map { name in
        QualifiedTool(qualifiedName: "demo__\(name)", server: "demo",
                      tool: Tool(name: name, description: name, inputSchema: ["type": "object"]))
    }

    private func makeState(allowed: [String: Set<String>]) -> AppState {
        var state = AppState(model: ModelDescription(provider: .openai, model: "m", baseURL: "http://127.0.0.1:1/v1"),
                             width: 100, height: 30)
        state.agent.policy = ApprovalPolicy(configAllowed: allowed)
        _ = reduceIgnoringSaves(&state, .toolsChanged(Self.tools))
        return state
    }

    /// Sends a message, has the model call `tool`, and returns the effects of the model's turn end:
    /// `.callTool` when the call runs without asking, nothing when it waits for approval.
    private func callEffects(_ tool: String, _ state: inout AppState) -> [Effect] {
        for c in "go" { _ = reduceIgnoringSaves(&state, .key(.char(c))) }
        guard case .streamChat(let turn, _)? = reduceIgnoringSaves(&state, .key(.enter)).first else {
            XCTFail("no stream started")
            return []
        }
        _ = reduceIgnoringSaves(&state, .stream(turn: turn, .toolCall(ToolCall(id: "c-\(tool)", name: "demo__\(tool)", arguments: "{}"))))
        return reduceIgnoringSaves(&state, .streamEnded(turn: turn, error: nil))
    }

    private func reload(_ state: inout AppState, alwaysAllow: [ServerConfig], problems: [ConfigProblem] = [],
                        applied: Bool = true) {
        _ = reduceIgnoringSaves(&state, .configReloaded(ConfigReloadReport(
            path: "servers.json", diff: ServerConfigDiff(changed: ["demo"]), problems: problems, applied: applied,
            alwaysAllow: ConfigReloadReport.alwaysAllowLists(alwaysAllow))))
    }

    private func demo(alwaysAllow: [String]) -> ServerConfig {
        ServerConfig(name: "demo", command: "demo-server", alwaysAllow: alwaysAllow)
    }

    func testAToolAddedToAlwaysAllowRunsWithoutAskingAfterReload() {
        var state = makeState(allowed: [:])
        reload(&state, alwaysAllow: [demo(alwaysAllow: ["write"])])
        XCTAssertEqual(state.agent.policy.configAllowed, ["demo": ["write"]])
        XCTAssertEqual(callEffects("write", &state), [.callTool(callID: "c-write", target: Self.tools[1].target, arguments: [:])])
        XCTAssertNil(state.agent.pendingApproval)
    }

    func testAToolTakenOffAlwaysAllowAsksAgainAfterReload() {
        var state = makeState(allowed: ["demo": ["write"]])
        reload(&state, alwaysAllow: [demo(alwaysAllow: [])])
        XCTAssertEqual(callEffects("write", &state), [.armApproval(showing: 1, after: ApprovalState.armDelay)],
                       "the call waits for the user")
        XCTAssertEqual(state.agent.pendingApproval?.id, "c-write")
    }

    func testABrokenEntryKeepsItsOldListAndAnUnusableFileChangesNothing() {
        var state = makeState(allowed: ["demo": ["echo"], "other": ["read"]])
        let broken = ConfigProblem(file: "servers.json", line: 4, server: "demo", message: "\"args\" must be an array")
        reload(&state, alwaysAllow: [ServerConfig(name: "other", command: "o", alwaysAllow: ["list"])], problems: [broken])
        XCTAssertEqual(state.agent.policy.configAllowed, ["demo": ["echo"], "other": ["list"]])

        reload(&state, alwaysAllow: [], applied: false)
        XCTAssertEqual(state.agent.policy.configAllowed, ["demo": ["echo"], "other": ["list"]],
                       "a file that could not be used leaves the policy as it was")
    }

    func testSessionAllowsOutliveAReload() {
        var state = makeState(allowed: [:])
        state.agent.policy.allowForSession(Self.tools[0].target)
        reload(&state, alwaysAllow: [demo(alwaysAllow: ["write"])])
        XCTAssertTrue(state.agent.policy.isPreapproved(Self.tools[0].target))
    }
}
