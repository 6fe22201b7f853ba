import ChatCore
import LLM
import MCP
import MCPHost
@testable import MCPTermApp
import TestSupport
import XCTest

/// The tool-round limit's box, and token usage in the status bar, through the real loop.
final class AgentLimitsTests: XCTestCase {
    private let echo = QualifiedTool(qualifiedName: "demo__echo", server: "demo",
                                     tool: Tool(name: "echo", description: "Echoes", inputSchema: ["type": "object"]))

    private func lastTurn(_ app: LoopHarness) -> Int {
        app.effects.reversed().lazy.compactMap { effect -> Int? in
            if case .streamChat(let turn, _) = effect { return turn }
            return nil
        }.first ?? -1
    }

    func testTheRoundLimitAsksAndYGoesOnAndTheStatusBarCountsTokens() {
        let app = LoopHarness(model: ModelDescription(provider: .openai, model: "m", baseURL: "http://127.0.0.1:1/v1",
                                                      contextWindow: 8000),
                              width: 100, height: 24, configure: { state in
            state.agent = AgentLoop(policy: ApprovalPolicy(configAllowed: ["demo": ["echo"]]))
            state.agent.maxToolRounds = 1
        })
        app.step(.toolsChanged([echo]))
        app.type("go")
        app.key(.enter)
        let turn = lastTurn(app)
        app.step(.stream(turn: turn, .toolCall(ToolCall(id: "c1", name: "demo__echo", arguments: "{}"))))
        app.step(.stream(turn: turn, .usage(prompt: 1200, completion: 34)))
        app.step(.streamEnded(turn: turn, error: nil))
        app.step(.toolFinished(callID: "c1", .result(CallTool.Result(content: [.text(text: "東京", annotations: nil, _meta: nil)]))))
        XCTAssertTrue(app.screen.contains { $0.contains("The model has taken 1 tool rounds in this turn.") }, app.screenText)
        XCTAssertTrue(app.screen.contains { $0.contains("y go on (1 more)  n stop here") }, app.screenText)
        XCTAssertTrue(app.screen.last?.contains("↑1.2k ↓34 Σ1.2k ctx 15%") ?? false, app.screen.last ?? "")
        XCTAssertEqual(lastTurn(app), turn, "no request before the user says so")
        app.key(.char("y"))
        XCTAssertNotEqual(lastTurn(app), turn, "y sends the results to the model")
        XCTAssertFalse(app.screenText.contains("tool rounds in this turn"), "the box closed")
    }
}
