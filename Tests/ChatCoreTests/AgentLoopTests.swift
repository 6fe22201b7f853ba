import ChatCore
import LLM
import MCP
import MCPHost
import XCTest

final class AgentLoopTests: XCTestCase {
    private let catalog = ToolCatalog([
        QualifiedTool(
            qualifiedName: "demo__echo", server: "demo",
            tool: Tool(
                name: "echo", description: "Echoes text",
                inputSchema: ["type": "object", "properties": ["text": ["type": "string"]]],
                annotations: .init(readOnlyHint: true))),
        QualifiedTool(
            qualifiedName: "demo__clock", server: "demo",
            tool: Tool(name: "clock", description: "Tells the time", inputSchema: ["type": "object"])),
    ])

    private func target(_ name: String) -> ToolTarget {
        guard let tool = catalog.tool(named: name) else { preconditionFailure("no \(name) in the test catalog") }
        return tool.target
    }

    /// Runs a user message through a stream that asks for `calls`; returns the loop and the actions.
    private func loopAskingFor(_ calls: [ToolCall], policy: ApprovalPolicy = ApprovalPolicy())
        -> (AgentLoop, [AgentAction])
    {
        var loop = AgentLoop(policy: policy)
        let start = loop.submit("what time is it?")
        guard case .startStream(let turn, _)? = start?.first else {
            XCTFail("submit did not start a stream: \(String(describing: start))")
            return (loop, [])
        }
        for call in calls { loop.receive(.toolCall(call), turn: turn) }
        loop.receive(.finish(reason: "tool_calls"), turn: turn)
        let actions = loop.streamEnded(turn: turn, error: nil, catalog: catalog)
        return (loop, actions)
    }

    func testTextOnlyReplyEndsTheTurn() {
        var loop = AgentLoop()
        let actions = loop.submit("hi")
        XCTAssertEqual(actions, [.startStream(turn: 1, messages: [ChatMessage(role: .user, content: "hi")])])
        loop.receive(.text("你好"), turn: 1)
        loop.receive(.text("，世界"), turn: 1)
        XCTAssertEqual(loop.transcript.last, .assistant("你好，世界"))
        XCTAssertEqual(loop.streamEnded(turn: 1, error: nil, catalog: catalog), [])
        XCTAssertEqual(loop.phase, .idle)
        XCTAssertEqual(loop.messages.last, ChatMessage(role: .assistant, content: "你好，世界"))
    }

    func testToolCallWaitsForApprovalThenRunsAndStreamsAgain() {
        var (loop, actions) = loopAskingFor([ToolCall(id: "c1", name: "demo__echo", arguments: #"{"text":"猫"}"#)])
        XCTAssertEqual(actions, [], "nothing runs before the user approves")
        XCTAssertEqual(loop.phase, .tools)
        XCTAssertEqual(loop.pendingApproval?.id, "c1")
        XCTAssertEqual(loop.pendingApproval?.server, "demo")
        XCTAssertEqual(loop.pendingApproval?.annotations.readOnlyHint, true)

        let run = loop.decide(.once, callID: "c1")
        XCTAssertEqual(run, [.runTool(callID: "c1", target: target("demo__echo"), arguments: ["text": "猫"])])
        XCTAssertNil(loop.pendingApproval)

        let next = loop.toolFinished(callID: "c1", outcome: .result(text: "猫", isError: false))
        guard case .startStream(_, let messages)? = next.first else {
            return XCTFail("the result did not go back to the model: \(next)")
        }
        XCTAssertEqual(messages.last, ChatMessage(role: .tool, content: "猫", toolCallID: "c1"))
        XCTAssertEqual(messages[messages.count - 2].toolCalls.first?.id, "c1")
        XCTAssertEqual(loop.phase, .streaming)
    }

    func testDeniedToolCallReturnsErrorResultToModel() {
        var (loop, _) = loopAskingFor([ToolCall(id: "c1", name: "demo__echo", arguments: "{}")])
        let next = loop.decide(.deny, callID: "c1")
        guard case .startStream(_, let messages)? = next.first else {
            return XCTFail("denial did not go back to the model: \(next)")
        }
        XCTAssertEqual(messages.last?.role, .tool)
        XCTAssertEqual(messages.last?.toolCallID, "c1")
        XCTAssertTrue(messages.last?.content.contains("denied") == true)
        guard case .toolCall(let record)? = loop.transcript.last else { return XCTFail("no tool call shown") }
        XCTAssertEqual(record.state, .denied)
    }

    func testAlwaysAllowsLaterCallsOfTheSameToolWithoutAsking() {
        var (loop, _) = loopAskingFor([
            ToolCall(id: "c1", name: "demo__echo", arguments: #"{"text":"a"}"#),
            ToolCall(id: "c2", name: "demo__echo", arguments: #"{"text":"b"}"#),
            ToolCall(id: "c3", name: "demo__clock", arguments: ""),
        ])
        let actions = loop.decide(.always, callID: "c1")
        XCTAssertEqual(actions.count, 2, "c1 and c2 run; c3 is another tool and still waits")
        XCTAssertEqual(loop.pendingApproval?.id, "c3")
        _ = loop.decide(.deny, callID: "c3")
        _ = loop.toolFinished(callID: "c1", outcome: .result(text: "a", isError: false))
        let next = loop.toolFinished(callID: "c2", outcome: .result(text: "b", isError: false))
        guard case .startStream(let turn, _)? = next.first else { return XCTFail("batch did not continue") }

        loop.receive(.toolCall(ToolCall(id: "c4", name: "demo__echo", arguments: "{}")), turn: turn)
        let later = loop.streamEnded(turn: turn, error: nil, catalog: catalog)
        XCTAssertEqual(later, [.runTool(callID: "c4", target: target("demo__echo"), arguments: [:])])
    }

    func testConfigAlwaysAllowRunsWithoutAsking() {
        let policy = ApprovalPolicy(configAllowed: ["demo": ["clock"]])
        let (_, actions) = loopAskingFor([ToolCall(id: "c1", name: "demo__clock", arguments: "{}")], policy: policy)
        XCTAssertEqual(actions, [.runTool(callID: "c1", target: target("demo__clock"), arguments: [:])])
    }

    func testUnknownToolFailsWithoutAskingAndTellsTheModel() {
        let (loop, actions) = loopAskingFor([ToolCall(id: "c1", name: "nope__x", arguments: "{}")])
        guard case .startStream(_, let messages)? = actions.first else { return XCTFail("no follow-up: \(actions)") }
        XCTAssertTrue(messages.last?.content.contains("no tool named \"nope__x\"") == true)
        XCTAssertNil(loop.pendingApproval)
    }

    func testArgumentsThatAreNotJSONFailTheCall() {
        let (loop, _) = loopAskingFor([ToolCall(id: "c1", name: "demo__echo", arguments: "{text: 1")])
        guard case .toolCall(let record)? = loop.transcript.first(where: {
            if case .toolCall = $0 { return true } else { return false }
        }) else { return XCTFail("no tool call shown") }
        guard case .failed(let reason) = record.state else { return XCTFail("state \(record.state)") }
        XCTAssertTrue(reason.contains("the arguments are not JSON"), reason)
    }

    func testCancelDuringStreamIgnoresLateChunks() {
        var loop = AgentLoop()
        _ = loop.submit("hi")
        loop.receive(.text("partial"), turn: 1)
        XCTAssertEqual(loop.cancel(), [.cancelStream(turn: 1)])
        loop.receive(.text(" more"), turn: 1)
        XCTAssertEqual(loop.streamEnded(turn: 1, error: nil, catalog: catalog), [])
        XCTAssertEqual(loop.phase, .idle)
        XCTAssertEqual(loop.transcript, [.user("hi"), .assistant("partial"), .notice("Cancelled.")])
        XCTAssertNotNil(loop.submit("again"), "a new message is accepted after cancelling")
    }

    func testCancelDuringToolsCancelsRunningCallsAndAnswersEveryCall() {
        var (loop, _) = loopAskingFor([
            ToolCall(id: "c1", name: "demo__echo", arguments: "{}"),
            ToolCall(id: "c2", name: "demo__clock", arguments: "{}"),
        ])
        _ = loop.decide(.once, callID: "c1")
        XCTAssertEqual(loop.cancel(), [.cancelTool(callID: "c1")])
        let toolAnswers = loop.messages.filter { $0.role == .tool }.compactMap(\.toolCallID)
        XCTAssertEqual(Set(toolAnswers), ["c1", "c2"], "every call the model made gets an answer")
        XCTAssertEqual(loop.toolFinished(callID: "c1", outcome: .result(text: "late", isError: false)), [])
    }

    func testStreamErrorIsShownAndTheTurnEnds() {
        var loop = AgentLoop()
        _ = loop.submit("hi")
        _ = loop.streamEnded(turn: 1, error: "openai: 401 invalid key", catalog: catalog)
        XCTAssertEqual(loop.transcript.last, .error("openai: 401 invalid key"))
        XCTAssertEqual(loop.phase, .idle)
    }

    func testSubmitWhileBusyIsRefused() {
        var loop = AgentLoop()
        _ = loop.submit("one")
        XCTAssertNil(loop.submit("two"))
    }

    func testPrettyArgumentsKeepCJKAndSortKeys() {
        let record = AgentLoop.record(
            for: 
            ToolCall(id: "c", name: "demo__echo", arguments: #"{"z":1,"text":"東京"}"#), catalog: catalog)
        XCTAssertEqual(record.prettyArguments, "{\n  \"text\" : \"東京\",\n  \"z\" : 1\n}")
    }

    func testArgumentsAreParsedAsTheModelWroteThem() {
        let record = AgentLoop.record(
            for: ToolCall(id: "c", name: "demo__echo", arguments: #"{"text":"data:text/plain,hi"}"#), catalog: catalog)
        XCTAssertEqual(record.arguments, ["text": .string("data:text/plain,hi")], "a data: string stays a string")
        let array = AgentLoop.record(for: ToolCall(id: "c", name: "demo__echo", arguments: "[1]"), catalog: catalog)
        XCTAssertEqual(array.state, .failed("the arguments are not a JSON object: [1]"))
    }

    func testTheCardAndTheBoxShowTheSameParsedArguments() {
        let record = AgentLoop.record(
            for: ToolCall(id: "c", name: "demo__echo", arguments: #"{"z":1,"text":"\u6771\u4eac"}"#), catalog: catalog)
        XCTAssertEqual(record.compactArguments, #"{"text":"東京","z":1}"#)
        XCTAssertEqual(record.prettyArguments, "{\n  \"text\" : \"東京\",\n  \"z\" : 1\n}")
    }

    func testAfterMaxToolRoundsTheLoopWaitsForTheUsersGo() {
        var loop = AgentLoop(policy: ApprovalPolicy(configAllowed: ["demo": ["echo"]]))
        loop.maxToolRounds = 2
        guard case .startStream(var turn, _)? = loop.submit("loop forever")?.first else { return XCTFail() }
        func round(_ n: Int) -> [AgentAction] {
            loop.receive(.toolCall(ToolCall(id: "c\(n)", name: "demo__echo", arguments: #"{"text":"x"}"#)), turn: turn)
            loop.receive(.usage(prompt: 1000 * n, completion: 10), turn: turn)
            let run = loop.streamEnded(turn: turn, error: nil, catalog: catalog)
            XCTAssertEqual(run.count, 1, "alwaysAllow runs it")
            return loop.toolFinished(callID: "c\(n)", outcome: .result(CallTool.Result(content: [.text(text: "x", annotations: nil, _meta: nil)])))
        }
        guard case .startStream(let next, _)? = round(1).first else { return XCTFail("round 1 goes on") }
        turn = next
        XCTAssertEqual(round(2), [], "round 2 reached the limit: the next request waits")
        XCTAssertTrue(loop.roundLimitReached)
        XCTAssertEqual(loop.phase, .tools)
        XCTAssertEqual(loop.turnUsage, TokenUsage(input: 3000, output: 20))
        XCTAssertEqual(loop.lastPromptTokens, 2000)
        guard case .startStream(let goOn, _)? = loop.continueAfterRoundLimit(true).first else { return XCTFail() }
        turn = goOn
        XCTAssertFalse(loop.roundLimitReached)
        guard case .startStream(let again, _)? = round(3).first else { return XCTFail("the count started over") }
        turn = again
        XCTAssertEqual(round(4), [])
        XCTAssertEqual(loop.continueAfterRoundLimit(false), [])
        XCTAssertEqual(loop.phase, .idle)
        XCTAssertEqual(loop.messages.last?.role, .tool, "the results stay in the conversation")
        _ = loop.submit("next")
        XCTAssertEqual(loop.turnUsage, TokenUsage(), "a new turn counts from zero")
        XCTAssertEqual(loop.sessionUsage, TokenUsage(input: 10_000, output: 40))
    }
}
