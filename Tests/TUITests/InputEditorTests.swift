import XCTest
import TUI

final class InputEditorTests: XCTestCase {
    func testEditingCJKMovesByGraphemeAndDrawsTheCursorByWidth() {
        var editor = InputEditor()
        editor.insert("日本語")
        XCTAssertEqual(editor.cursor, 3)
        editor.moveLeft()
        editor.insert("の")
        XCTAssertEqual(editor.text, "日本の語")
        XCTAssertEqual(editor.cursor, 3)
        editor.deleteBackward()
        editor.deleteBackward()
        XCTAssertEqual(editor.text, "日語")
        XCTAssertEqual(editor.cursor, 1)

        var buffer = CellBuffer(width: 10, height: 1)
        let cursor = editor.draw(into: &buffer, rect: Rect(x: 0, y: 0, width: 10, height: 1),
                                 prompt: "> ", style: .plain, promptStyle: Style(bold: true))
        XCTAssertEqual(buffer.lines(), ["> 日語    "])
        XCTAssertEqual(cursor.x, 4, "prompt (2) + one wide character (2)")
        XCTAssertEqual(cursor.y, 0)
    }

    func testCombiningMarkJoinsThePreviousCharacter() {
        var editor = InputEditor(text: "e")
        editor.insert("\u{301}")
        XCTAssertEqual(editor.text, "é".decomposedStringWithCanonicalMapping)
        XCTAssertEqual(editor.cursor, 1)
        editor.deleteBackward()
        XCTAssertEqual(editor.text, "")
    }

    func testWideCharacterThatDoesNotFitWrapsToTheNextRow() {
        let editor = InputEditor(text: "abc日本")
        var buffer = CellBuffer(width: 6, height: 3)
        let cursor = editor.draw(into: &buffer, rect: Rect(x: 0, y: 0, width: 6, height: 3),
                                 prompt: "> ", style: .plain, promptStyle: .plain)
        XCTAssertEqual(buffer.lines(), ["> abc ", "  日本", "      "])
        XCTAssertEqual(editor.rowsNeeded(width: 6, prompt: "> "), 3, "the cursor after a full row needs a row")
        XCTAssertEqual(cursor.x, 2)
        XCTAssertEqual(cursor.y, 2)
    }

    func testScrollsToKeepTheCursorVisible() {
        let editor = InputEditor(text: "one\ntwo\nthree")
        var buffer = CellBuffer(width: 8, height: 2)
        let cursor = editor.draw(into: &buffer, rect: Rect(x: 0, y: 0, width: 8, height: 2),
                                 prompt: "> ", style: .plain, promptStyle: .plain)
        XCTAssertEqual(buffer.lines(), ["  two   ", "  three "])
        XCTAssertEqual(cursor.y, 1)
        XCTAssertEqual(cursor.x, 7)
    }

    func testWordMovementAndKills() {
        var editor = InputEditor(text: "call tool_name now")
        editor.moveWordLeft()
        XCTAssertEqual(editor.cursor, 15)
        editor.moveWordLeft()
        XCTAssertEqual(editor.cursor, 5)
        editor.deleteWordBackward()
        XCTAssertEqual(editor.text, "tool_name now")
        editor.moveWordRight()
        XCTAssertEqual(editor.cursor, 9)
        editor.killToEnd()
        XCTAssertEqual(editor.text, "tool_name")
        editor.moveLeft()
        editor.killToStart()
        XCTAssertEqual(editor.text, "e")
        XCTAssertEqual(editor.cursor, 0)
    }

    func testHomeEndAndUpDownWorkOnLogicalLines() {
        var editor = InputEditor(text: "日本語\nab")
        editor.moveHome()
        XCTAssertEqual(editor.cursor, 4)
        editor.moveRight()
        XCTAssertTrue(editor.moveUp())
        XCTAssertEqual(editor.cursor, 0, "column 1 falls inside 日, so the cursor goes before it")
        XCTAssertFalse(editor.moveUp())
        editor.moveEnd()
        XCTAssertEqual(editor.cursor, 3)
        XCTAssertTrue(editor.moveDown())
        XCTAssertEqual(editor.cursor, 6)
    }

    func testHistoryRecallKeepsTheDraft() {
        var editor = InputEditor()
        editor.insert("first")
        XCTAssertEqual(editor.submit(), "first")
        editor.insert("second")
        _ = editor.submit()
        editor.insert("draft")
        editor.historyPrevious()
        XCTAssertEqual(editor.text, "second")
        editor.historyPrevious()
        XCTAssertEqual(editor.text, "first")
        editor.historyPrevious()
        XCTAssertEqual(editor.text, "first")
        editor.historyNext()
        XCTAssertEqual(editor.text, "second")
        editor.historyNext()
        XCTAssertEqual(editor.text, "draft")
        XCTAssertEqual(editor.cursor, 5)
    }

    func testPasteKeepsNewlinesAndNeutralisesEscapes() {
        var editor = InputEditor()
        editor.insert("line1\r\nline2\u{1B}[31m")
        XCTAssertEqual(editor.text, "line1\nline2␛[31m")
    }
}
