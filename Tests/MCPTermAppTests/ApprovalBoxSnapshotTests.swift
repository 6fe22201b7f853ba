import ChatCore
import LLM
import MCP
import MCPHost
@testable import MCPTermApp
import TUI
import TestSupport
import XCTest

/// The approval box as the user sees it, drawn into memory (no terminal).
final class ApprovalBoxSnapshotTests: XCTestCase {
    private func stateWaitingForApproval(width: Int, height: Int) -> AppState {
        var state = AppState(model: ModelDescription(provider: .openai, model: "m", baseURL: "http://127.0.0.1:1/v1"),
                             width: width, height: height)
        state.sidePaneVisible = false
        let tool = QualifiedTool(
            qualifiedName: "files__write_note", server: "files",
            tool: Tool(name: "write_note", description: "Writes a note to disk", inputSchema: ["type": "object"],
                       annotations: .init(destructiveHint: true)))
        _ = AppReducer.reduce(&state, .toolsChanged([tool]))
        for c in "save it" { _ = AppReducer.reduce(&state, .key(.char(c))) }
        _ = AppReducer.reduce(&state, .key(.enter))
        let call = ToolCall(id: "c1", name: "files__write_note", arguments: #"{"title":"東京メモ","lines":2}"#)
        _ = AppReducer.reduce(&state, .stream(turn: 1, .toolCall(call)))
        _ = AppReducer.reduce(&state, .streamEnded(turn: 1, error: nil))
        return state
    }

    func testApprovalBoxShowsServerToolHintsAndCJKArguments() {
        let state = stateWaitingForApproval(width: 60, height: 20)
        let frame = AppView.render(state, theme: .builtinDefault)
        let backend = MemoryBackend(width: 60, height: 20)
        backend.draw(frame.buffer, cursor: frame.cursor)
        let screen = backend.lastFrame?.trimmedLines() ?? []
        let expected = [
            " You",
            "   save it",
            "",
            " ⚙ files › write_note  ? waiting for approval",
            "  ┌─ Allow tool call? ───────────────────────────────────┐",
            "  │ Server  files                                        │",
            "  │ Tool    write_note                                   │",
            "  │ About   Writes a note to disk                        │",
            "  │ Hints   destructive, open-world (assumed)            │",
            "  │ Arguments                                            │",
            "  │   {                                                  │",
            "  │     \"lines\" : 2,                                     │",
            "  │     \"title\" : \"東京メモ\"                             │",
            "  │   }                                                  │",
            "  │                                                      │",
            "  │ y run  a always  n deny  Esc cancel turn  arming…    │",
            "  └──────────────────────────────────────────────────────┘",
            "────────────────────────────────────────────────────────────",
            "›",
            " mcpterm  openai/m │ servers 0/0 ready │ waiting for approva",
        ]
        XCTAssertEqual(screen, expected, "\n" + screen.joined(separator: "\n"))
        XCTAssertNil(frame.cursor, "no input cursor while the box is open")
    }

    func testHintsTheServerLeftOutAreReadAsTheSpecDefaultsAndNeverApprove() {
        XCTAssertEqual(ApprovalBox.badges(.init()).map(\.word), ["destructive (assumed)", "open-world (assumed)"],
                       "no annotations: not read-only, destructive, open-world")
        XCTAssertEqual(ApprovalBox.badges(.init(readOnlyHint: true, openWorldHint: false)).map(\.word), ["read-only"])
        XCTAssertEqual(ApprovalBox.badges(.init(destructiveHint: false, idempotentHint: true)).map(\.word),
                       ["idempotent", "open-world (assumed)"])
        XCTAssertEqual(ApprovalBox.badges(.init(destructiveHint: true, openWorldHint: true)).map(\.warn), [true, true])
        // A read-only hint is a hint: the call still waits for the user.
        var state = AppState(model: ModelDescription(provider: .openai, model: "m", baseURL: "http://127.0.0.1:1/v1"),
                             width: 60, height: 20)
        let tool = QualifiedTool(qualifiedName: "files__read", server: "files",
                                 tool: Tool(name: "read", description: "Reads", inputSchema: ["type": "object"],
                                            annotations: .init(readOnlyHint: true, openWorldHint: false)))
        _ = AppReducer.reduce(&state, .toolsChanged([tool]))
        for c in "go" { _ = AppReducer.reduce(&state, .key(.char(c))) }
        _ = AppReducer.reduce(&state, .key(.enter))
        _ = AppReducer.reduce(&state, .stream(turn: 1, .toolCall(ToolCall(id: "r1", name: "files__read", arguments: "{}"))))
        let effects = AppReducer.reduce(&state, .streamEnded(turn: 1, error: nil))
        XCTAssertEqual(state.agent.pendingApproval?.id, "r1")
        XCTAssertFalse(effects.contains { if case .callTool = $0 { return true } else { return false } })
    }

    func testApprovalBoxFitsATinyTerminalWithoutCrashing() {
        for (width, height) in [(40, 8), (41, 9), (45, 12)] {
            let frame = AppView.render(stateWaitingForApproval(width: width, height: height), theme: .builtinDefault)
            let text = frame.buffer.lines().joined(separator: "\n")
            XCTAssertTrue(text.contains("Allow tool call?"), "\(width)x\(height):\n\(text)")
            XCTAssertTrue(text.contains("deny"), "the keys stay visible at \(width)x\(height):\n\(text)")
        }
        let tooSmall = AppView.render(stateWaitingForApproval(width: 30, height: 6), theme: .builtinDefault)
        XCTAssertTrue(tooSmall.buffer.lines().joined().contains("too small"))
    }

    func testLongDescriptionWrapsInsideTheBox() {
        var state = AppState(model: ModelDescription(provider: .openai, model: "m", baseURL: "http://127.0.0.1:1/v1"),
                             width: 72, height: 24)
        state.sidePaneVisible = false
        let description = "Returns text exactly as given, with every character intact, so a client can test its round trips end to end"
        _ = AppReducer.reduce(&state, .toolsChanged([QualifiedTool(
            qualifiedName: "demo__echo", server: "demo",
            tool: Tool(name: "echo", description: description, inputSchema: ["type": "object"]))]))
        for c in "go" { _ = AppReducer.reduce(&state, .key(.char(c))) }
        _ = AppReducer.reduce(&state, .key(.enter))
        _ = AppReducer.reduce(&state, .stream(turn: 1, .toolCall(ToolCall(id: "c", name: "demo__echo", arguments: "{}"))))
        _ = AppReducer.reduce(&state, .streamEnded(turn: 1, error: nil))
        let rows = AppView.render(state, theme: .builtinDefault).buffer.lines()
        let boxText = rows.filter { $0.contains("│") }.map { row -> String in
            let inner = row.split(separator: "│", omittingEmptySubsequences: false)
            return inner.count >= 3 ? String(inner[1]) : ""
        }.joined(separator: " ")
        let words = boxText.split(separator: " ").map(String.init)
        for word in description.split(separator: " ") {
            XCTAssertTrue(words.contains(String(word)), "\"\(word)\" is cut or missing in:\n\(rows.joined(separator: "\n"))")
        }
    }
}

/// The transcript lays out only what a frame shows; scrolling must still reach the first line.
final class TranscriptScrollTests: XCTestCase {
    func testScrollingFarUpClampsAtTheFirstLine() {
        var state = AppState(model: nil, width: 60, height: 12)
        state.sidePaneVisible = false
        for i in 1...40 { state.agent.note("note \(i)") }
        state.transcriptScroll = 10_000
        let top = AppView.render(state, theme: .builtinDefault)
        XCTAssertTrue(top.buffer.lines()[0].contains("• note 1"), top.buffer.lines().joined(separator: "\n"))
        XCTAssertEqual(top.transcriptScroll, 40 * 2 - 1 - (12 - 3), "rows minus the transcript's height")

        state.transcriptScroll = 0
        let bottom = AppView.render(state, theme: .builtinDefault).buffer.lines()
        XCTAssertTrue(bottom[8].contains("• note 40"), bottom.joined(separator: "\n"))
    }
}
