import Foundation
import TUI
import XCTest

/// Mouse reports decoded from terminal input, the OSC 52 clipboard sequence, code blocks found
/// as CommonMark reads them, and replacing the word before the cursor (completions).
final class MouseAndClipboardTests: XCTestCase {
    private func decode(_ text: String) -> [Key] {
        var decoder = KeyDecoder()
        return decoder.feed(Array(text.utf8))
    }

    func testSGRReportsBecomeWheelPressAndReleaseAtZeroBasedCells() {
        XCTAssertEqual(decode("\u{1B}[<64;10;5M\u{1B}[<65;1;1M"),
                       [.mouse(MouseEvent(.wheelUp, x: 9, y: 4)), .mouse(MouseEvent(.wheelDown, x: 0, y: 0))])
        XCTAssertEqual(decode("\u{1B}[<0;300;40M\u{1B}[<0;300;40m"),
                       [.mouse(MouseEvent(.press(button: 1), x: 299, y: 39)), .mouse(MouseEvent(.release, x: 299, y: 39))],
                       "SGR carries columns past 223")
        XCTAssertEqual(decode("\u{1B}[<80;3;4M"), [.mouse(MouseEvent(.wheelUp, x: 2, y: 3))], "ctrl+wheel is the wheel")
        XCTAssertEqual(decode("\u{1B}[<32;3;4M\u{1B}[<66;3;4M"),
                       [.mouse(MouseEvent(.other, x: 2, y: 3)), .mouse(MouseEvent(.other, x: 2, y: 3))],
                       "a drag and a sideways wheel are reported, not guessed at")
        XCTAssertEqual(decode("\u{1B}[<64;5Ma"), [.unknown("^[[<64;5M"), .char("a")], "a report without a row types nothing")
    }

    func testX10ReportsAndReportsSplitAcrossReads() {
        XCTAssertEqual(decode("\u{1B}[M`+%a"), [.mouse(MouseEvent(.wheelUp, x: 10, y: 4)), .char("a")],
                       "ESC [ M and three bytes, each 32 more than its number")
        var decoder = KeyDecoder()
        XCTAssertEqual(decoder.feed(Array("\u{1B}[<65;12".utf8)), [])
        XCTAssertEqual(decoder.feed(Array(";7M\u{1B}[M".utf8)), [.mouse(MouseEvent(.wheelDown, x: 11, y: 6))])
        XCTAssertEqual(decoder.feed(Array("a!!".utf8)), [.mouse(MouseEvent(.wheelDown, x: 0, y: 0))])
        // Several turns of the wheel in one read stay separate events (no paste).
        XCTAssertEqual(UnbracketedPaste.coalesce(decode("\u{1B}[<64;1;1M\u{1B}[<64;1;1M")).count, 2)
    }

    func testMemoryBackendRecordsMouseReportingAndOSC52() {
        let backend = MemoryBackend(width: 10, height: 2)
        XCTAssertFalse(backend.mouseReporting)
        backend.setMouseReporting(true)
        XCTAssertTrue(backend.mouseReporting)
        backend.copyToClipboard("東京 ✓\nline 2")
        XCTAssertEqual(backend.clipboardWrites, ["\u{1B}]52;c;5p2x5LqsIOKckwpsaW5lIDI=\u{07}"])
        XCTAssertEqual(ClipboardSequence.payload(of: backend.clipboardWrites[0]), "東京 ✓\nline 2")
        XCTAssertNil(ClipboardSequence.payload(of: "\u{1B}]8;;x\u{07}"))
        XCTAssertEqual(MouseReporting.on, "\u{1B}[?1000h\u{1B}[?1006h")
        XCTAssertEqual(MouseReporting.off, "\u{1B}[?1006l\u{1B}[?1000l")
    }

    func testCodeBlocksAreFoundAsCommonMarkReadsThem() {
        let markdown = """
            Text with `inline` code.

            ```swift extra
            let x = 1
            ```

            > ```
            > quoted
            > ```

                indented block

            ````md
            ```
            not a fence of its own
            ```
            ````
            """
        func described(_ text: String) -> [String] {
            MarkdownCodeBlocks.blocks(in: text).map { "\($0.language ?? "-"): \($0.text)" }
        }
        XCTAssertEqual(described(markdown), [
            "swift: let x = 1",
            "-: quoted",
            "-: indented block",
            "md: ```\nnot a fence of its own\n```",
        ])
        XCTAssertEqual(described("no code"), [])
        XCTAssertEqual(described("```\nstill streaming"), ["-: still streaming"],
                       "an unclosed fence runs to the end, as the reader sees it")
    }

    func testReplacingTheWordBeforeTheCursorKeepsCJKWhole() {
        var editor = InputEditor(text: "見て @東京 です")
        for _ in 0..<3 { editor.moveLeft() }
        XCTAssertEqual(editor.tokenBeforeCursor.text, "@東京")
        XCTAssertEqual(editor.tokenBeforeCursor.start, 3)
        editor.replaceBeforeCursor(from: editor.tokenBeforeCursor.start, with: "@files:file:///東京.md ")
        XCTAssertEqual(editor.text, "見て @files:file:///東京.md  です")
        XCTAssertEqual(editor.cursor, "見て @files:file:///東京.md ".count)
        editor.moveEnd()
        XCTAssertEqual(editor.tokenBeforeCursor.text, "です")
        editor.insert(" ")
        XCTAssertEqual(editor.tokenBeforeCursor.text, "", "at the start of a word there is no token")
    }
}
