import ChatCore
import LLM
import MCP
import MCPHost
@testable import MCPTermApp
import TestSupport
import TUI
import XCTest

/// The mouse wheel (it scrolls what is under the pointer) and copying to the clipboard through
/// OSC 52, headless: mouse reports go in as events, the clipboard comes out of the backend.
final class MouseAndCopyTests: XCTestCase {
    private func wheel(_ action: MouseEvent.Action, x: Int, y: Int) -> AppEvent {
        .mouse(MouseEvent(action, x: x, y: y))
    }

    func testTheWheelScrollsTheTranscriptOrTheSidePaneUnderThePointerAt120x40() {
        let app = LoopHarness(width: 120, height: 40, notes: 60)
        XCTAssertTrue(app.backend.mouseReporting, "the loop switches reporting on as the state has it")
        app.step(.catalogChanged(resources: [SidePaneFixtures.readme, SidePaneFixtures.notes, SidePaneFixtures.logo],
                                 prompts: []))
        app.key(.ctrl("t"))
        app.key(.alt("n"))  // the Resources tab: a list the wheel moves in
        let paneX = 120 - AppView.sidePaneWidth(app.loop.state)
        XCTAssertEqual(paneX, 72)

        app.step(wheel(.wheelUp, x: 10, y: 5))
        XCTAssertEqual(app.loop.state.transcriptScroll, 3, "up over the transcript: three rows back")
        XCTAssertTrue(app.screenText.contains("↓ 3 more lines below · PgDn"), app.screenText)
        app.step(wheel(.wheelUp, x: 71, y: 30))
        XCTAssertEqual(app.loop.state.transcriptScroll, 6, "the column left of the pane is the transcript's")

        app.step(wheel(.wheelDown, x: paneX + 3, y: 5))
        XCTAssertEqual(app.loop.state.transcriptScroll, 6, "over the pane the transcript stays")
        XCTAssertEqual(app.loop.state.sidePaneState.selected(.resources, count: 3), 2, "the pane's list moved down")
        app.step(wheel(.wheelUp, x: paneX, y: 20))
        XCTAssertEqual(app.loop.state.sidePaneState.selected(.resources, count: 3), 0)

        app.step(wheel(.wheelDown, x: 10, y: 38))
        XCTAssertEqual(app.loop.state.transcriptScroll, 6, "over the input nothing scrolls")
        app.step(.mouse(MouseEvent(.press(button: 1), x: 10, y: 5)))
        XCTAssertEqual(app.loop.state.transcriptScroll, 6, "a click does nothing")
        app.step(wheel(.wheelDown, x: 10, y: 5))
        app.step(wheel(.wheelDown, x: 10, y: 5))
        XCTAssertEqual(app.loop.state.transcriptScroll, 0, "down to the end: following the newest text again")
        XCTAssertFalse(app.screenText.contains("more lines below"), app.screenText)
    }

    func testAt60x15ThereIsNoPaneAndTheWheelScrollsTheTranscriptEverywhereAbove() {
        let app = LoopHarness(width: 60, height: 15, notes: 30)
        app.key(.ctrl("t"))
        XCTAssertTrue(app.loop.state.sidePaneVisible)
        XCTAssertEqual(AppView.regions(app.loop.state).paneWidth, 0, "too narrow for the pane")
        app.step(wheel(.wheelUp, x: 58, y: 2))
        XCTAssertEqual(app.loop.state.transcriptScroll, 3)
        XCTAssertEqual(app.screen[11], String(repeating: " ", count: 31) + "↓ 3 more lines below · PgDn", app.screenText)
        XCTAssertEqual(app.screen[10], " • note 28", "three rows up: note 30, the blank above it and note 29 are below")
        app.step(wheel(.wheelUp, x: 0, y: 12))
        XCTAssertEqual(app.loop.state.transcriptScroll, 3, "the separator row is not the transcript")
    }

    func testTheWheelOverABoxScrollsTheBoxNotTheTextUnderIt() {
        let app = LoopHarness(width: 60, height: 15, notes: 30)
        app.key(.function(1))
        app.step(wheel(.wheelDown, x: 30, y: 7))
        XCTAssertEqual(app.loop.state.helpScroll, 3, "the help scrolls")
        XCTAssertEqual(app.loop.state.transcriptScroll, 0, "the transcript behind it does not")
        app.step(wheel(.wheelUp, x: 30, y: 7))
        app.step(wheel(.wheelUp, x: 30, y: 7))
        XCTAssertEqual(app.loop.state.helpScroll, 0, "not past the top")
        XCTAssertTrue(app.loop.state.helpVisible, "the wheel is not a key: the help stays open")
    }

    func testTheWheelOverTheSlashMenuMovesItsSelection() {
        let app = LoopHarness(width: 60, height: 15, notes: 30)
        app.type("/")
        app.step(wheel(.wheelDown, x: 5, y: 5))
        XCTAssertTrue(app.screenText.contains("Commands 2/"), app.screenText)
        XCTAssertEqual(app.loop.state.transcriptScroll, 0)
        app.step(wheel(.wheelUp, x: 5, y: 0))
        XCTAssertEqual(app.loop.state.transcriptScroll, 3, "above the menu the transcript scrolls")
    }

    func testAltMSwitchesTheMouseOffForTheTerminalsSelectionAndBackOn() {
        let app = LoopHarness(width: 120, height: 40, notes: 60)
        app.key(.alt("m"))
        XCTAssertFalse(app.backend.mouseReporting)
        XCTAssertTrue(app.screen[39].contains("│ Mouse off: the terminal selects text (Alt-M turns the wheel on again)"), app.screen[39])
        app.step(wheel(.wheelUp, x: 10, y: 5))
        XCTAssertEqual(app.loop.state.transcriptScroll, 0, "a report already on its way when it went off is ignored")
        guard case .expireToast(let showing, let after)? = app.effects.last else { return XCTFail("\(app.effects)") }
        XCTAssertEqual(after, Toast.duration)
        app.step(.toastExpired(showing: showing))
        XCTAssertTrue(app.screen[39].contains("Ctrl-T servers"), "the notice went, the hints are back: \(app.screen[39])")
        app.key(.alt("m"))
        XCTAssertTrue(app.backend.mouseReporting)
        XCTAssertTrue(app.loop.state.mouseEnabled)
        // The help lists the key with the chat's keys.
        let help = HelpOverlay.lines(theme: .builtinDefault).map { $0.runs.map(\.text).joined() }
        XCTAssertTrue(help.contains { $0.contains("Alt-M") && $0.contains("terminal selects text") }, help.joined(separator: "\n"))
    }

    // MARK: Copy

    /// A loop whose model replied `reply` to "hi".
    private func replied(_ reply: String, width: Int = 120, height: Int = 40) -> LoopHarness {
        let app = LoopHarness(width: width, height: height)
        app.type("hi")
        app.key(.enter)
        guard let turn = app.runner.streamTurn else {
            XCTFail("no stream: \(app.effects)")
            return app
        }
        app.step(.stream(turn: turn, .text(reply)))
        app.step(.streamEnded(turn: turn, error: nil))
        return app
    }

    private let reply = """
        Two ways:

        ```swift
        let a = "東京"
        ```

        - or in a list:

          ```sh
          echo 1
          echo 2
          ```

        Done.
        """

    private func copied(_ app: LoopHarness) -> [String] {
        app.backend.clipboardWrites.map { ClipboardSequence.payload(of: $0) ?? "not OSC 52: \($0)" }
    }

    func testCopyPutsTheLastReplyOrItsCodeBlockNOnTheClipboardThroughOSC52() {
        let app = replied(reply)
        app.type("/copy")
        app.key(.enter)
        XCTAssertEqual(copied(app), [reply])
        XCTAssertEqual(app.backend.clipboardWrites.first,
                       "\u{1B}]52;c;" + Data(reply.utf8).base64EncodedString() + "\u{07}", "OSC 52, base64 of the UTF-8")
        XCTAssertTrue(app.screen[39].contains("│ Copied the last reply to the clipboard (14 lines, \(reply.count) characters)"),
                      app.screen[39])
        XCTAssertFalse(app.loop.state.agent.transcript.contains { if case .notice(let text) = $0 { text.contains("Copied") } else { false } },
                       "the notice is brief: not a line of the conversation")

        app.type("/copy 2")
        app.key(.enter)
        XCTAssertEqual(copied(app).last, "echo 1\necho 2", "the second block, inside a list, without its indent")
        XCTAssertTrue(app.screen[39].contains("Copied code block 2 (sh) to the clipboard (2 lines, 13 characters)"), app.screen[39])
        app.type("/copy 1")
        app.key(.enter)
        XCTAssertEqual(copied(app).last, "let a = \"東京\"")

        app.type("/copy 3")
        app.key(.enter)
        XCTAssertEqual(app.loop.state.agent.transcript.last, .error("/copy 3: the last reply has 2 code blocks."))
        app.type("/copy x")
        app.key(.enter)
        XCTAssertEqual(app.loop.state.agent.transcript.last,
                       .error("/copy: \"x\" is not a code block number. \(CopyCommand.usage)"))
        XCTAssertEqual(app.backend.clipboardWrites.count, 3, "a mistake copies nothing")

        app.key(.alt("c"))
        XCTAssertEqual(copied(app).last, reply, "Alt-C copies the whole reply")
    }

    func testCopyAt60x15SaysWhatItCopiedInTheStatusBar() {
        let app = replied("Only text, no code.", width: 60, height: 15)
        app.type("/copy 1")
        app.key(.enter)
        XCTAssertEqual(app.loop.state.agent.transcript.last, .error("/copy 1: the last reply has no code blocks."))
        app.key(.alt("c"))
        XCTAssertEqual(copied(app), ["Only text, no code."])
        XCTAssertEqual(app.screen[14], " mcpterm  openai/m │ servers 0/0 ready │ idle │ Copied the l", app.screenText)
    }
}
