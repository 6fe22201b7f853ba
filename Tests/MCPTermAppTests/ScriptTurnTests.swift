import ChatCore
import LLM
import MCP
import MCPHost
@testable import MCPTermApp
import XCTest

/// The turn of `mcpterm -p` as a value, fed a script of events (what `EffectRunner` and the
/// servers would send): it waits for the servers, refuses what no rule allows, tells the model,
/// answers servers' requests itself, and reports each step as a `ScriptEvent`.
final class ScriptTurnTests: XCTestCase {
    private let echo = QualifiedTool(qualifiedName: "fixture__echo", server: "fixture",
                                     tool: Tool(name: "echo", description: "Echo", inputSchema: ["type": "object"]))
    private let connecting = ServerStatus(name: "fixture", kind: .stdio, state: .connecting)
    private let ready = ServerStatus(name: "fixture", kind: .stdio, state: .ready)
    private let refusal = "the call to fixture__echo was denied: mcpterm -p runs only tools that --allow or the server's alwaysAllow names"

    private func types(_ events: [ScriptEvent]) -> [String] {
        events.map { event in
            guard case .object(let fields) = event.json, case .string(let type)? = fields["type"] else { return "?" }
            return type
        }
    }

    private func request(_ effects: [Effect]) -> (turn: Int, request: ChatRequest)? {
        for effect in effects {
            if case .streamChat(let turn, let request) = effect { return (turn, request) }
        }
        return nil
    }

    func testACallNoRuleAllowsIsRefusedTheModelIsToldAndTheTurnEndsWithItsAnswer() throws {
        var turn = ScriptTurn(agent: AgentLoop(), model: "m", prompt: "echo hi", servers: [connecting])
        XCTAssertFalse(turn.serversSettled)
        XCTAssertEqual(turn.handle(.serversChanged([ready])), [])
        XCTAssertTrue(turn.serversSettled)

        let first = try XCTUnwrap(request(turn.start(servers: [ready], tools: [echo])))
        XCTAssertEqual(first.request.tools.map(\.name), ["fixture__echo"])
        XCTAssertEqual(first.request.messages.last?.content, "echo hi")
        for event: StreamEvent in [.text("Calling."), .toolCall(ToolCall(id: "c1", name: "fixture__echo", arguments: #"{"text":"hi"}"#)),
                                   .finish(reason: "tool_calls"), .usage(prompt: 5, completion: 2)] {
            XCTAssertEqual(turn.handle(.stream(turn: first.turn, event)).filter { effect in
                if case .saveSession = effect { return false }
                return true
            }, [], "a stream event only adds to the session file")
        }
        let second = try XCTUnwrap(request(turn.handle(.streamEnded(turn: first.turn, error: nil))),
                                   "the refusal goes straight back to the model")
        XCTAssertEqual(second.request.messages.last?.role, .tool)
        XCTAssertEqual(second.request.messages.last?.content, "Error: " + refusal)
        _ = turn.handle(.stream(turn: second.turn, .text("Sorry, ")))
        _ = turn.handle(.stream(turn: second.turn, .text("I may not.")))
        _ = turn.handle(.stream(turn: second.turn, .finish(reason: "stop")))
        _ = turn.handle(.stream(turn: second.turn, .usage(prompt: 9, completion: 3)))
        XCTAssertEqual(turn.phase, .running)
        _ = turn.handle(.streamEnded(turn: second.turn, error: nil))

        XCTAssertEqual(turn.phase, .over)
        XCTAssertEqual(turn.answer, "Sorry, I may not.")
        XCTAssertEqual(turn.stopReason, "stop")
        XCTAssertEqual(turn.usage, ScriptUsage(inputTokens: 14, outputTokens: 5))
        XCTAssertEqual(turn.errors, [])
        XCTAssertEqual(turn.exitStatus, ScriptExit.denied)
        XCTAssertEqual(turn.approvals["c1"], ScriptApproval(allowed: false, approval: "not allowed", reason: refusal))
        XCTAssertEqual(types(turn.takeEvents()), ["start", "text", "usage", "tool_call", "tool_approval", "tool_result",
                                                  "text", "text", "usage"])
        XCTAssertEqual(turn.toolCalls.map(\.state), [.denied])
    }

    func testAnAllowedCallRunsAndAFailureAtItsServerIsAnError() throws {
        let policy = ApprovalPolicy(patterns: ToolPatternRules(allow: ["fixture__*"]))
        var turn = ScriptTurn(agent: AgentLoop(policy: policy), model: "m", prompt: "go", servers: [ready])
        let first = try XCTUnwrap(request(turn.start(servers: [ready], tools: [echo])))
        _ = turn.handle(.stream(turn: first.turn, .toolCall(ToolCall(id: "c1", name: "fixture__echo", arguments: "{}"))))
        let run = turn.handle(.streamEnded(turn: first.turn, error: nil))
        XCTAssertTrue(run.contains(.callTool(callID: "c1", target: echo.target, arguments: [:])), "\(run)")
        XCTAssertEqual(turn.approvals["c1"], ScriptApproval(allowed: true, approval: "allowed by --allow", rule: "fixture__*"))
        let second = try XCTUnwrap(request(turn.handle(.toolFinished(callID: "c1", .failure("server gone")))))
        _ = turn.handle(.streamEnded(turn: second.turn, error: nil))
        XCTAssertEqual(turn.phase, .over)
        XCTAssertEqual(turn.errors, ["fixture__echo: server gone"])
        XCTAssertEqual(turn.exitStatus, ScriptExit.failed)
    }

    func testRequestsCarryTheProfilesSettingsAndTheRoundLimitEndsTheTurnWithAnError() throws {
        let policy = ApprovalPolicy(patterns: ToolPatternRules(allow: ["fixture__*"]))
        var agent = AgentLoop(policy: policy)
        agent.maxToolRounds = 2
        var turn = ScriptTurn(agent: agent, model: "m", prompt: "loop", servers: [ready], temperature: 0.3, maxTokens: 77)
        var next = try XCTUnwrap(request(turn.start(servers: [ready], tools: [echo])))
        XCTAssertEqual(next.request.temperature, 0.3)
        XCTAssertEqual(next.request.maxTokens, 77)
        for round in 1...2 {
            _ = turn.handle(.stream(turn: next.turn, .toolCall(ToolCall(id: "c\(round)", name: "fixture__echo", arguments: "{}"))))
            _ = turn.handle(.streamEnded(turn: next.turn, error: nil))
            let after = turn.handle(.toolFinished(callID: "c\(round)", .result(text: "ok", isError: false)))
            if round == 1 {
                next = try XCTUnwrap(request(after), "the first round's results go back to the model")
                XCTAssertEqual(next.request.maxTokens, 77, "every request of the turn")
            } else {
                XCTAssertNil(request(after), "no third request: the limit was reached")
            }
        }
        XCTAssertEqual(turn.phase, .over, "no one can say go on in a script: the turn ends")
        XCTAssertEqual(turn.stopReason, "max_tool_rounds")
        XCTAssertEqual(turn.errors, [#"stopped after 2 tool rounds in one turn (raise "maxToolRounds" in servers.json)"#])
        XCTAssertEqual(turn.exitStatus, ScriptExit.failed)
    }

    func testServersRequestsAreAnsweredWithoutAUserAndAFailedServerIsAnError() throws {
        var turn = ScriptTurn(agent: AgentLoop(), model: "m", prompt: "go", servers: [connecting])
        let failed = ServerStatus(name: "fixture", kind: .stdio, state: .failed("exited with status 1"))
        _ = turn.start(servers: [failed, ServerStatus(name: "slow", kind: .http, state: .connecting)], tools: [])
        XCTAssertEqual(turn.errors, ["server fixture failed: exited with status 1"])
        let form = PendingServerRequest(id: 4, server: "slow", kind: .elicitation(.form(.init(
            message: "Name?", requestedSchema: .init(properties: ["name": ["type": "string"]], required: ["name"])))))
        XCTAssertEqual(turn.handle(.serverRequest(form)), [.respond(requestID: 4, answer: .decline)])
        XCTAssertEqual(turn.takeEvents().filter { if case .warning = $0 { return true } else { return false } }, [
            .warning("server slow is still connecting: the turn starts without its tools"),
            .warning("declined slow's request for input: mcpterm -p has no one to ask"),
        ])
        _ = turn.handle(.terminate(signal: SIGINT))
        XCTAssertEqual(turn.phase, .over)
        XCTAssertEqual(turn.stopReason, "cancelled")
        XCTAssertEqual(turn.exitStatus, 128 + SIGINT)
    }
}
