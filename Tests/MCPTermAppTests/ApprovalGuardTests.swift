import ChatCore
import LLM
import MCP
import MCPHost
@testable import MCPTermApp
import TUI
import TestSupport
import XCTest

/// The approval box answers only what the user can have seen: keys typed before it was armed
/// are dropped, a paste never answers it, the approve keys wait until the whole call has been
/// on screen, and a tool that changes while it waits is shown again, disarmed.
final class ApprovalGuardTests: XCTestCase {
    private static let writer = QualifiedTool(
        qualifiedName: "files__write", server: "files",
        tool: Tool(name: "write", description: "Writes a file", inputSchema: ["type": "object"],
                   annotations: .init(destructiveHint: true)))

    private func screen(_ state: AppState) -> [String] {
        AppView.render(state, theme: .builtinDefault).buffer.trimmedLines()
    }

    /// A conversation whose model asks for `calls` of files__write; the box is open, not armed.
    private func waiting(arguments: String = #"{"path":"notes.txt"}"#, calls: [String] = ["c1"],
                         width: Int = 100, height: Int = 30) -> AppState {
        var state = AppState(model: ModelDescription(provider: .openai, model: "m", baseURL: "http://127.0.0.1:1/v1"),
                             width: width, height: height)
        state.sidePaneVisible = false
        _ = reduceIgnoringSaves(&state, .toolsChanged([Self.writer]))
        for c in "go" { _ = reduceIgnoringSaves(&state, .key(.char(c))) }
        _ = reduceIgnoringSaves(&state, .key(.enter))
        for id in calls {
            _ = reduceIgnoringSaves(&state, .stream(turn: 1, .toolCall(ToolCall(id: id, name: "files__write", arguments: arguments))))
        }
        let opened = reduceIgnoringSaves(&state, .streamEnded(turn: 1, error: nil))
        XCTAssertEqual(opened, [.armApproval(showing: state.approval.showing, after: ApprovalState.armDelay)])
        return state
    }

    private func isRun(_ effects: [Effect]) -> Bool {
        effects.contains { if case .callTool = $0 { return true } else { return false } }
    }

    func testKeysTypedBeforeTheBoxIsArmedAreDroppedNotQueued() {
        var state = waiting()
        // "yes", and a word with an "a" in it, typed as the box appears.
        for c in "yes alright" { XCTAssertEqual(reduceIgnoringSaves(&state, .key(.char(c))), [], "typed ahead: \(c)") }
        XCTAssertEqual(state.agent.pendingApproval?.id, "c1", "nothing answered the box")
        XCTAssertEqual(state.agent.policy.sessionAllowed, [:], "no \"always\" was given")
        XCTAssertTrue(screen(state).contains { $0.contains("arming…") }, "the box shows its keys arming")

        _ = reduceIgnoringSaves(&state, .approvalArmed(showing: state.approval.showing))
        XCTAssertFalse(screen(state).contains { $0.contains("arming…") })
        XCTAssertTrue(isRun(reduceIgnoringSaves(&state, .key(.char("y")))), "armed, y runs the call")
    }

    func testTheNextBoxStartsDisarmedAndALateTimerOfTheFirstDoesNotArmIt() {
        var state = waiting(calls: ["c1", "c2"])
        let first = state.approval.showing
        _ = reduceIgnoringSaves(&state, .approvalArmed(showing: first))
        let answered = reduceIgnoringSaves(&state, .key(.char("y")))
        XCTAssertTrue(isRun(answered))
        XCTAssertTrue(answered.contains(.armApproval(showing: first + 1, after: ApprovalState.armDelay)), "\(answered)")
        XCTAssertEqual(state.agent.pendingApproval?.id, "c2")
        _ = reduceIgnoringSaves(&state, .approvalArmed(showing: first))
        XCTAssertEqual(reduceIgnoringSaves(&state, .key(.char("y"))), [], "a held or repeated y does not answer the next box")
        XCTAssertEqual(state.agent.pendingApproval?.id, "c2")
    }

    func testAPasteNeverAnswersTheBox() {
        var state = waiting()
        _ = reduceIgnoringSaves(&state, .approvalArmed(showing: state.approval.showing))
        for text in ["y", "yes", "a", "n\n", "always"] {
            XCTAssertEqual(reduceIgnoringSaves(&state, .key(.paste(text))), [], text)
        }
        XCTAssertEqual(state.agent.pendingApproval?.id, "c1")
        XCTAssertTrue(screen(state).contains { $0.contains("A paste does not answer this box") })
    }

    /// 150 lines of content first, then the path that matters.
    private var longArguments: String {
        let content = (1...150).map { "line \($0)" }.joined(separator: "\n")
        let object = ["content": content, "path": "/home/user/.ssh/authorized_keys"]
        let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: data ?? Data(), as: UTF8.self)
    }

    func testLongArgumentsScrollAndTheApproveKeysWaitUntilTheEndWasSeen() {
        var state = waiting(arguments: longArguments, width: 60, height: 15)
        _ = reduceIgnoringSaves(&state, .approvalArmed(showing: state.approval.showing))
        XCTAssertFalse(screen(state).contains { $0.contains("authorized_keys") }, "the path is below the fold")
        XCTAssertTrue(screen(state).contains { $0.contains("more lines · read on: PgDn or End") }, screen(state).joined(separator: "\n"))

        XCTAssertEqual(reduceIgnoringSaves(&state, .key(.char("y"))), [], "not seen yet: refused")
        XCTAssertEqual(reduceIgnoringSaves(&state, .key(.char("a"))), [])
        XCTAssertTrue(screen(state).contains { $0.contains("Read to the end first (PgDn, or End to jump)") })

        var pages = 0
        while !screen(state).contains(where: { $0.contains("authorized_keys") }), pages < 100 {
            _ = reduceIgnoringSaves(&state, .key(.pageDown))
            pages += 1
        }
        XCTAssertGreaterThan(pages, 5, "the arguments take many pages at 60x15")
        XCTAssertTrue(screen(state).contains { $0.contains("/home/user/.ssh/authorized_keys") })
        XCTAssertTrue(state.approval.seenAll)
        XCTAssertTrue(isRun(reduceIgnoringSaves(&state, .key(.char("y")))), "seen to the end: y runs")
    }

    func testEndJumpsToTheEndAndCountsAsRead() {
        var state = waiting(arguments: longArguments, width: 60, height: 15)
        _ = reduceIgnoringSaves(&state, .approvalArmed(showing: state.approval.showing))
        _ = reduceIgnoringSaves(&state, .key(.end))
        let shown = screen(state)
        XCTAssertTrue(shown.contains { $0.contains("\"path\" : \"/home/user/.ssh/authorized_keys\"") }, shown.joined(separator: "\n"))
        XCTAssertTrue(shown.contains { $0.contains("lines above · end of the call") })
        XCTAssertTrue(isRun(reduceIgnoringSaves(&state, .key(.char("y")))))
    }

    func testDenyNeedsNoReadingButStillWaitsForArming() {
        var state = waiting(arguments: longArguments, width: 60, height: 15)
        XCTAssertEqual(reduceIgnoringSaves(&state, .key(.char("n"))), [], "not armed")
        _ = reduceIgnoringSaves(&state, .approvalArmed(showing: state.approval.showing))
        let denied = reduceIgnoringSaves(&state, .key(.char("n")))
        guard case .streamChat? = denied.first else { return XCTFail("deny answers the model: \(denied)") }
    }

    func testAToolChangedWhileTheBoxWaitsDisarmsItAndSaysWhatChanged() {
        var state = waiting()
        let first = state.approval.showing
        _ = reduceIgnoringSaves(&state, .approvalArmed(showing: first))
        let changed = QualifiedTool(qualifiedName: "files__write", server: "files",
                                    tool: Tool(name: "write", description: "Writes a file and uploads it",
                                               inputSchema: ["type": "object"], annotations: .init(destructiveHint: true)))
        let effects = reduceIgnoringSaves(&state, .toolsChanged([changed]))
        XCTAssertEqual(effects, [.armApproval(showing: first + 1, after: ApprovalState.armDelay)])
        XCTAssertFalse(state.approval.armed)
        let shown = screen(state).joined(separator: "\n")
        XCTAssertTrue(shown.contains("changed this tool's description"), shown)
        XCTAssertTrue(shown.contains("uploads"), shown)
        XCTAssertEqual(reduceIgnoringSaves(&state, .key(.char("y"))), [], "disarmed again")
        _ = reduceIgnoringSaves(&state, .approvalArmed(showing: first + 1))
        let run = reduceIgnoringSaves(&state, .key(.char("y")))
        XCTAssertEqual(run, [.callTool(callID: "c1", target: changed.target, arguments: ["path": "notes.txt"])])
    }

    func testALongDescriptionEndsInAnEllipsisAndCanBeReadWhole() {
        let long = (1...40).map { "word\($0)" }.joined(separator: " ")
        var state = AppState(model: ModelDescription(provider: .openai, model: "m", baseURL: "http://127.0.0.1:1/v1"),
                             width: 60, height: 30)
        state.sidePaneVisible = false
        _ = reduceIgnoringSaves(&state, .toolsChanged([QualifiedTool(
            qualifiedName: "files__write", server: "files",
            tool: Tool(name: "write", description: long, inputSchema: ["type": "object"]))]))
        for c in "go" { _ = reduceIgnoringSaves(&state, .key(.char(c))) }
        _ = reduceIgnoringSaves(&state, .key(.enter))
        _ = reduceIgnoringSaves(&state, .stream(turn: 1, .toolCall(ToolCall(id: "c1", name: "files__write", arguments: "{}"))))
        _ = reduceIgnoringSaves(&state, .streamEnded(turn: 1, error: nil))
        let collapsed = screen(state).joined(separator: "\n")
        XCTAssertTrue(collapsed.contains("…"), collapsed)
        XCTAssertTrue(collapsed.contains("d read all of it"), collapsed)
        XCTAssertFalse(collapsed.contains("word40"), collapsed)
        _ = reduceIgnoringSaves(&state, .key(.char("d")))
        let whole = screen(state).joined(separator: "\n")
        XCTAssertTrue(whole.contains("word40"), whole)
    }
}

/// Keys go to the top layer drawn: help over the approval box over the chat.
final class LayerStackTests: XCTestCase {
    func testHelpOverTheApprovalBoxTakesTheKeyAndIsDrawnOnTop() {
        var state = AppState(model: ModelDescription(provider: .openai, model: "m", baseURL: "http://127.0.0.1:1/v1"),
                             width: 100, height: 45)
        let tool = QualifiedTool(qualifiedName: "demo__echo", server: "demo",
                                 tool: Tool(name: "echo", description: "Echoes", inputSchema: ["type": "object"]))
        _ = reduceIgnoringSaves(&state, .toolsChanged([tool]))
        for c in "go" { _ = reduceIgnoringSaves(&state, .key(.char(c))) }
        _ = reduceIgnoringSaves(&state, .key(.enter))
        _ = reduceIgnoringSaves(&state, .stream(turn: 1, .toolCall(ToolCall(id: "c1", name: "demo__echo", arguments: "{}"))))
        _ = reduceIgnoringSaves(&state, .streamEnded(turn: 1, error: nil))
        _ = reduceIgnoringSaves(&state, .approvalArmed(showing: state.approval.showing))
        state.helpVisible = true
        XCTAssertEqual(Layers.stack.filter { $0.isActive(state) }.count, 3, "help, the box and the chat")
        let shown = AppView.render(state, theme: .builtinDefault).buffer.lines().joined(separator: "\n")
        XCTAssertTrue(shown.contains("more · Down/PgDn scroll"), shown)
        XCTAssertEqual(reduceIgnoringSaves(&state, .key(.end)), [], "End scrolls the help")
        let end = AppView.render(state, theme: .builtinDefault).buffer.lines().joined(separator: "\n")
        XCTAssertTrue(end.contains("Press any key to close."), end)
        XCTAssertTrue(state.helpVisible)

        XCTAssertEqual(reduceIgnoringSaves(&state, .key(.char("y"))), [], "y closes help; it does not approve")
        XCTAssertFalse(state.helpVisible)
        XCTAssertEqual(state.agent.pendingApproval?.id, "c1")
        guard case .callTool? = reduceIgnoringSaves(&state, .key(.char("y"))).first else {
            return XCTFail("with help closed, the box takes y")
        }
    }
}

/// Every key the app reacts to is in the key map, so help lists it.
final class HelpListsEveryKeyTests: XCTestCase {
    func testHelpListsTheEditingKeysAndTheApprovalKeys() {
        let text = HelpOverlay.lines(theme: .builtinDefault).map { $0.runs.map(\.text).joined() }
        for binding in KeyMap.editing + KeyMap.chat {
            XCTAssertTrue(text.contains { $0.contains(binding.label + " ") && $0.contains(binding.help) }, binding.label)
        }
        XCTAssertTrue(text.contains { $0.contains("Ctrl-W") && $0.contains("delete the word before the cursor") })
        XCTAssertTrue(text.contains { $0.contains("End") && $0.contains("scroll the call") })
    }

    func testLongHelpTextsWrapUnderTheirColumnInsteadOfBeingCut() {
        let rows = HelpOverlay.lines(theme: .builtinDefault, width: 69).map { $0.runs.map(\.text).joined() }
        for row in rows { XCTAssertLessThanOrEqual(row.displayWidth, 69, row) }
        let words = Set(rows.joined(separator: " ").split(separator: " ").map(String.init))
        for command in SlashCommand.all {
            for word in command.help.split(separator: " ") {
                XCTAssertTrue(words.contains(String(word)), "\"\(word)\" of \(command.name) is cut")
            }
        }
    }

    func testEditingKeysComeFromTheKeyMap() {
        var state = AppState(model: nil, width: 80, height: 20)
        for c in "hello world" { _ = reduceIgnoringSaves(&state, .key(.char(c))) }
        _ = reduceIgnoringSaves(&state, .key(.ctrl("w")))
        XCTAssertEqual(state.input.text, "hello ")
        _ = reduceIgnoringSaves(&state, .key(.ctrl("a")))
        _ = reduceIgnoringSaves(&state, .key(.ctrl("k")))
        XCTAssertEqual(state.input.text, "")
    }
}
