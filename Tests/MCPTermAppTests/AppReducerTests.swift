import ChatCore
import LLM
import MCP
import MCPHost
@testable import MCPTermApp
import TUI
import XCTest

/// Whole flows fed as a script of events, checking state and effects (no terminal).
final class AppReducerTests: XCTestCase {
    static let echo = QualifiedTool(
        qualifiedName: "demo__echo", server: "demo",
        tool: Tool(name: "echo", description: "Echoes text back", inputSchema: ["type": "object"],
                   annotations: .init(readOnlyHint: true)))

    private func makeState(model: Bool = true) -> AppState {
        var state = AppState(
            model: model ? ModelDescription(provider: .openai, model: "test-model", baseURL: "http://127.0.0.1:1/v1") : nil,
            width: 100, height: 30)
        _ = reduceIgnoringSaves(&state, .toolsChanged([Self.echo]))
        return state
    }

    private func type(_ text: String, _ state: inout AppState) {
        for c in text { XCTAssertEqual(reduceIgnoringSaves(&state, .key(.char(c))), []) }
    }

    func testReadyServersInstructionsFollowTheSystemPromptInEveryRequest() throws {
        var state = makeState()
        state.agent = AgentLoop(systemPrompt: "Be brief.")
        var demo = ServerStatus(name: "demo", kind: .stdio, state: .ready)
        demo.instructions = "Use echo for 東京 tests."
        var down = ServerStatus(name: "down", kind: .stdio, state: .connecting)
        down.instructions = "never sent: not ready"
        _ = reduceIgnoringSaves(&state, .serversChanged([demo, down, ServerStatus(name: "quiet", kind: .http, state: .ready)]))
        type("hi", &state)
        guard case .streamChat(_, let request)? = reduceIgnoringSaves(&state, .key(.enter)).first else { return XCTFail("no stream") }
        XCTAssertEqual(request.messages.first, ChatMessage(role: .system, content: """
            Be brief.

            Instructions from the MCP servers whose tools you can use, each under its server's name:

            ## demo
            Use echo for 東京 tests.
            """))
        XCTAssertEqual(state.agent.messages.first?.content, "Be brief.", "the conversation keeps the user's system prompt")
        XCTAssertEqual(AppReducer.withServerInstructions([.user("x")], [demo]).map(\.role), [.system, .user],
                       "without a system prompt the instructions are one")
        let lines = ServersPane.lines(servers: [demo], tools: [], width: 30, theme: .builtinDefault).map { $0.runs.map(\.text).joined() }
        XCTAssertTrue(lines.contains("  ℹ Use echo for 東京 tests."), "\(lines)")
        var wordy = demo
        wordy.instructions = String(repeating: "東京 echo ", count: 20)
        let shown = ServersPane.lines(servers: [wordy], tools: [], width: 30, theme: .builtinDefault)
            .map { $0.runs.map(\.text).joined() }.filter { $0.contains("東京") }
        XCTAssertEqual(shown.count, 2, "two rows at most: \(shown)")
        XCTAssertTrue(shown.last?.hasSuffix("…") == true, "\(shown)")
        XCTAssertFalse(shown.last?.hasSuffix("……") == true, "one ellipsis: \(shown)")
        XCTAssertLessThanOrEqual(shown.last?.displayWidth ?? 99, 30)
    }

    func testEnterWhileAReplyStreamsQueuesTheMessageAndEscTakesItBack() throws {
        var state = makeState()
        type("first", &state)
        guard case .streamChat(let turn, _)? = reduceIgnoringSaves(&state, .key(.enter)).first else { return XCTFail("no stream") }
        type("東京も", &state)
        XCTAssertEqual(reduceIgnoringSaves(&state, .key(.enter)), [], "nothing goes while the reply streams")
        XCTAssertEqual(state.queuedMessages, ["東京も"])
        XCTAssertEqual(state.input.text, "")
        let screen = AppView.render(state, theme: .builtinDefault).buffer.trimmedLines()
        XCTAssertTrue(screen.contains { $0.contains("You · queued (sent when the reply ends; Esc takes it back)") },
                      screen.joined(separator: "\n"))
        XCTAssertTrue(screen.contains { $0.contains("東京も") }, screen.joined(separator: "\n"))

        // Esc takes the newest queued message back first; the reply keeps streaming.
        type("second", &state)
        _ = reduceIgnoringSaves(&state, .key(.enter))
        XCTAssertEqual(state.queuedMessages, ["東京も", "second"])
        XCTAssertEqual(reduceIgnoringSaves(&state, .key(.escape)), [])
        XCTAssertEqual(state.queuedMessages, ["東京も"])
        XCTAssertEqual(state.input.text, "second")
        XCTAssertEqual(state.agent.phase, .streaming)
        _ = reduceIgnoringSaves(&state, .key(.ctrl("u")))

        // The reply ends: the queued message goes, as the user's next message.
        _ = reduceIgnoringSaves(&state, .stream(turn: turn, .text("done")))
        let next = reduceIgnoringSaves(&state, .streamEnded(turn: turn, error: nil))
        guard case .streamChat(_, let request)? = next.first else { return XCTFail("the queued message did not go: \(next)") }
        XCTAssertEqual(request.messages.last?.content, "東京も")
        XCTAssertEqual(state.queuedMessages, [])
        XCTAssertEqual(state.agent.transcript.last, .user("東京も"))
    }

    func testMessageToolApprovalAndFinalAnswer() throws {
        var state = makeState()
        type("echo 你好", &state)
        let sent = reduceIgnoringSaves(&state, .key(.enter))
        guard case .streamChat(let turn, let request)? = sent.first else { return XCTFail("no stream started: \(sent)") }
        XCTAssertEqual(request.model, "test-model")
        XCTAssertEqual(request.messages.last?.content, "echo 你好")
        XCTAssertEqual(request.tools.map(\.name), ["demo__echo"])
        XCTAssertEqual(state.input.text, "", "the input is cleared once sent")

        _ = reduceIgnoringSaves(&state, .stream(turn: turn, .toolCall(ToolCall(id: "call_1", name: "demo__echo", arguments: #"{"text":"你好"}"#))))
        XCTAssertEqual(reduceIgnoringSaves(&state, .streamEnded(turn: turn, error: nil)),
                       [.armApproval(showing: 1, after: ApprovalState.armDelay)], "the box opens disarmed")
        XCTAssertEqual(state.agent.pendingApproval?.id, "call_1")
        _ = reduceIgnoringSaves(&state, .approvalArmed(showing: 1))

        // Keys meant for the chat do nothing while the box is open.
        XCTAssertEqual(reduceIgnoringSaves(&state, .key(.enter)), [])
        XCTAssertEqual(reduceIgnoringSaves(&state, .key(.char("x"))), [])
        XCTAssertEqual(state.input.text, "")

        let run = reduceIgnoringSaves(&state, .key(.char("y")))
        XCTAssertEqual(run, [.callTool(callID: "call_1", target: Self.echo.target, arguments: ["text": "你好"])])
        let next = reduceIgnoringSaves(&state, .toolFinished(callID: "call_1", .result(text: "你好", isError: false)))
        guard case .streamChat(let turn2, let request2)? = next.first else { return XCTFail("result not sent back: \(next)") }
        XCTAssertEqual(request2.messages.last, ChatMessage(role: .tool, content: "你好", toolCallID: "call_1"))

        _ = reduceIgnoringSaves(&state, .stream(turn: turn2, .text("The server said 你好.")))
        _ = reduceIgnoringSaves(&state, .streamEnded(turn: turn2, error: nil))
        XCTAssertEqual(state.agent.transcript.last, .assistant("The server said 你好."))
        XCTAssertEqual(state.agent.phase, .idle)
    }

    func testDenyKeyAnswersTheModelWithAnError() {
        var state = makeState()
        type("go", &state)
        guard case .streamChat(let turn, _)? = reduceIgnoringSaves(&state, .key(.enter)).first else { return XCTFail() }
        _ = reduceIgnoringSaves(&state, .stream(turn: turn, .toolCall(ToolCall(id: "c", name: "demo__echo", arguments: "{}"))))
        _ = reduceIgnoringSaves(&state, .streamEnded(turn: turn, error: nil))
        _ = reduceIgnoringSaves(&state, .approvalArmed(showing: state.approval.showing))
        let next = reduceIgnoringSaves(&state, .key(.char("n")))
        guard case .streamChat(_, let request)? = next.first else { return XCTFail("denial not sent: \(next)") }
        XCTAssertTrue(request.messages.last?.content.contains("denied") == true)
    }

    func testWithoutAModelEnterShowsHowToConfigureOne() {
        var state = makeState(model: false)
        type("hello", &state)
        XCTAssertEqual(reduceIgnoringSaves(&state, .key(.enter)), [])
        XCTAssertEqual(state.agent.transcript.last, .notice(AppReducer.noModelHint))
    }

    func testCtrlCCancelsStreamingAndCtrlDQuitsOnEmptyLine() {
        var state = makeState()
        type("hi", &state)
        guard case .streamChat(let turn, _)? = reduceIgnoringSaves(&state, .key(.enter)).first else { return XCTFail() }
        XCTAssertEqual(reduceIgnoringSaves(&state, .key(.ctrl("c"))), [.cancelStream(turn: turn)])
        XCTAssertEqual(state.agent.phase, .idle)
        type("x", &state)
        XCTAssertEqual(reduceIgnoringSaves(&state, .key(.ctrl("d"))), [], "Ctrl-D with text deletes, not quits")
        XCTAssertFalse(state.shouldQuit)
        _ = reduceIgnoringSaves(&state, .key(.ctrl("u")))
        _ = reduceIgnoringSaves(&state, .key(.backspace))
        XCTAssertEqual(state.input.text, "")
        XCTAssertEqual(reduceIgnoringSaves(&state, .key(.ctrl("d"))), [.quit])
        XCTAssertTrue(state.shouldQuit)
    }

    func testSlashQuitAndUnknownCommand() {
        var state = makeState()
        type("/nope", &state)
        _ = reduceIgnoringSaves(&state, .key(.enter))
        XCTAssertEqual(state.agent.transcript.last, .error("Unknown command /nope. Type /help for the list."))
        type("/quit", &state)
        XCTAssertEqual(reduceIgnoringSaves(&state, .key(.enter)), [.quit])
    }

    func testReconnectNamesUnknownServer() {
        var state = makeState()
        _ = reduceIgnoringSaves(&state, .serversChanged([
            ServerStatus(name: "demo", kind: .stdio, state: .ready, protocolVersion: "2025-11-25", serverInfo: nil, toolCount: 1)
        ]))
        type("/reconnect nope", &state)
        XCTAssertEqual(reduceIgnoringSaves(&state, .key(.enter)), [])
        XCTAssertEqual(state.agent.transcript.last, .error("/reconnect: no server named \"nope\" (servers: demo)"))
        type("/reconnect demo", &state)
        XCTAssertEqual(reduceIgnoringSaves(&state, .key(.enter)), [.reconnect(server: "demo")])
    }

    func testPasteArrivesAsOneInsertWithNewlines() {
        var state = makeState()
        _ = reduceIgnoringSaves(&state, .key(.paste("line one\n第二行")))
        XCTAssertEqual(state.input.text, "line one\n第二行")
        XCTAssertEqual(state.agent.transcript, [], "a pasted newline does not send")
    }

    func testCtrlGShowsServerStderrInTheLogPaneAndHidesItAgain() {
        var state = makeState()
        _ = reduceIgnoringSaves(&state, .hostLog(HostLogEntry(server: "demo", level: .warning, source: .stderr, message: "ディスク full")))
        _ = reduceIgnoringSaves(&state, .key(.ctrl("g")))
        XCTAssertEqual(state.sidePane, .log)
        XCTAssertTrue(state.sidePaneVisible)
        let screen = AppView.render(state, theme: .builtinDefault).buffer.lines().joined(separator: "\n")
        XCTAssertTrue(screen.contains("demo stderr: ディスク full"), screen)
        _ = reduceIgnoringSaves(&state, .key(.ctrl("t")))
        XCTAssertEqual(state.sidePane, .servers, "Ctrl-T switches the pane to servers")
        _ = reduceIgnoringSaves(&state, .key(.ctrl("t")))
        XCTAssertFalse(state.sidePaneVisible, "Ctrl-T again hides it")
    }

    func testServerStateChangesAreLoggedWithOnlyWhatChanged() {
        var state = makeState()
        let connecting = ServerStatus(name: "x", kind: .ws, state: .connecting, protocolVersion: nil, serverInfo: nil, toolCount: 0)
        var ready = connecting
        ready.state = .ready
        ready.protocolVersion = "2025-11-25"
        ready.serverInfo = "ws-fixture "
        ready.toolCount = 3
        var failed = ready
        failed.state = .failed("connection closed")
        _ = reduceIgnoringSaves(&state, .serversChanged([connecting]))
        _ = reduceIgnoringSaves(&state, .serversChanged([connecting]))
        _ = reduceIgnoringSaves(&state, .serversChanged([ready]))
        _ = reduceIgnoringSaves(&state, .serversChanged([failed]))
        XCTAssertEqual(state.log.map(\.message), [
            "connecting",
            "ready · protocol 2025-11-25 · ws · ws-fixture · 3 tools",
            "failed: connection closed",
        ], "one line per change; the old session's protocol is not repeated on failure; no gap for an empty version")
        XCTAssertEqual(state.log.map(\.server), ["x", "x", "x"])
        XCTAssertEqual(state.log.last?.level, .error)
    }
}
