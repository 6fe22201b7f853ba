import XCTest
@testable import TUI

/// The input editor with a huge paste: it shows the right rows at the cursor, and its windowed
/// layout draws exactly what laying out the whole text would (CJK, combining marks, emoji,
/// newlines, every cursor position).
final class InputEditorLargeTextTests: XCTestCase {
    /// ~52-byte lines: 20,000 of them make a 1 MB paste.
    private func pasteLines(_ count: Int) -> [String] {
        (1...count).map { "line \($0): " + String(repeating: "x", count: 40) }
    }

    func testOneMegabytePasteShowsTheRowsAtTheCursor() {
        let lines = pasteLines(20_000)
        var editor = InputEditor()
        editor.insert(lines.joined(separator: "\n"))
        XCTAssertGreaterThanOrEqual(editor.text.utf8.count, 1_000_000)
        editor.insert("!")

        var buffer = CellBuffer(width: 80, height: 3)
        let cursor = editor.draw(into: &buffer, rect: Rect(x: 0, y: 0, width: 80, height: 3), prompt: "> ",
                                 style: .plain, promptStyle: .plain)
        let pad = { (s: String) in s + String(repeating: " ", count: 80 - s.displayWidth) }
        XCTAssertEqual(buffer.lines(), [pad("  " + lines[19_997]), pad("  " + lines[19_998]), pad("  " + lines[19_999] + "!")])
        XCTAssertEqual(cursor.x, 2 + lines[19_999].displayWidth + 1)
        XCTAssertEqual(cursor.y, 2)

        // Up through half the paste: the cursor's line is the bottom row of the window.
        for _ in 0..<10_000 { XCTAssertTrue(editor.moveUp()) }
        editor.insert("日本")
        buffer = CellBuffer(width: 80, height: 3)
        let moved = editor.draw(into: &buffer, rect: Rect(x: 0, y: 0, width: 80, height: 3), prompt: "> ",
                                style: .plain, promptStyle: .plain)
        XCTAssertEqual(buffer.lines(), [pad("  " + lines[9_997]), pad("  " + lines[9_998]), pad("  " + lines[9_999] + "日本")])
        XCTAssertEqual(moved.x, 2 + lines[9_999].displayWidth + 4, "two wide characters after the line")
        XCTAssertEqual(moved.y, 2)
    }

    func testRowsNeededStopsCountingAtTheRowsShown() {
        let editor = InputEditor(text: pasteLines(20_000).joined(separator: "\n"))
        XCTAssertEqual(editor.rowsNeeded(width: 80, prompt: "> ", atMost: 16), 16)
        XCTAssertEqual(editor.rowsNeeded(width: 80, prompt: "> "), 20_000)
    }

    func testWindowLaysOutOnlyTheRowsItShows() {
        let characters = Array(pasteLines(20_000).joined(separator: "\n"))
        let window = InputWindow(InputColumns.of(characters), cursor: characters.count, textWidth: 78, height: 5)
        XCTAssertEqual(window.rows.map(\.screenRow), [0, 1, 2, 3, 4])
        XCTAssertFalse(window.showsFirstRow)
        let firstShown = window.rows.first?.range.lowerBound ?? 0
        XCTAssertEqual(String(characters[firstShown..<(firstShown + 12)]), "line 19996: ")
    }

    func testWindowedLayoutDrawsWhatAWholeLayoutDraws() {
        let pool: [String] = ["a", "b", " ", "日", "本", "\n", "e\u{301}", "👍🏽", "x", "。", "\n"]
        var seed: UInt64 = 0x5EED
        func next(_ bound: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(bound))
        }
        for _ in 0..<120 {
            let text = (0..<next(40)).map { _ in pool[next(pool.count)] }.joined()
            let width = 3 + next(8)
            let height = 1 + next(4)
            let characters = Array(text)
            var editor = InputEditor(text: text)
            var cursor = characters.count
            while true {
                let rect = Rect(x: 0, y: 0, width: width, height: height)
                var buffer = CellBuffer(width: width, height: height)
                let drawn = editor.draw(into: &buffer, rect: rect, prompt: "> ", style: .plain, promptStyle: .plain)
                let expected = ReferenceInputDraw(characters, cursor: cursor, rect: rect, prompt: "> ")
                let context = "text \(text.debugDescription), cursor \(cursor), \(width)×\(height)"
                XCTAssertEqual(buffer.lines(), expected.lines, context)
                XCTAssertEqual(drawn.x, expected.cursor.x, context)
                XCTAssertEqual(drawn.y, expected.cursor.y, context)
                XCTAssertEqual(editor.rowsNeeded(width: width, prompt: "> "), expected.rowCount, context)
                XCTAssertEqual(editor.rowsNeeded(width: width, prompt: "> ", atMost: 2), min(2, expected.rowCount), context)
                guard cursor > 0 else { break }
                editor.moveLeft()
                cursor -= 1
            }
        }
    }

    func testColumnsFollowEveryEdit() {
        let pool: [String] = ["a", "b", " ", "日", "\n", "👍🏽", "x", "。", "word ", "\n\n"]
        var seed: UInt64 = 0xED17
        func next(_ bound: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(bound))
        }
        for _ in 0..<60 {
            var editor = InputEditor()
            for step in 0..<60 {
                switch next(10) {
                case 0, 1, 2, 3: editor.insert(pool[next(pool.count)])
                case 4: editor.deleteBackward()
                case 5: editor.deleteForward()
                case 6: editor.moveLeft(); editor.moveLeft()
                case 7: _ = next(2) == 0 ? editor.moveUp() : editor.moveDown()
                case 8: next(2) == 0 ? editor.killToEnd() : editor.killToStart()
                default: editor.deleteWordBackward()
                }
                let width = 3 + next(6)
                let height = 1 + next(3)
                let rect = Rect(x: 0, y: 0, width: width, height: height)
                var buffer = CellBuffer(width: width, height: height)
                let drawn = editor.draw(into: &buffer, rect: rect, prompt: "> ", style: .plain, promptStyle: .plain)
                let expected = ReferenceInputDraw(Array(editor.text), cursor: editor.cursor, rect: rect, prompt: "> ")
                let context = "step \(step): \(editor.text.debugDescription), cursor \(editor.cursor), \(width)×\(height)"
                XCTAssertEqual(buffer.lines(), expected.lines, context)
                XCTAssertEqual(drawn.x, expected.cursor.x, context)
                XCTAssertEqual(drawn.y, expected.cursor.y, context)
            }
        }
    }
}

/// The editor's drawing as it was before the windowed layout: every grapheme laid out from the
/// start, then the rows around the cursor drawn. The reference the windowed layout must match.
private struct ReferenceInputDraw {
    var lines: [String]
    var cursor: (x: Int, y: Int)
    var rowCount: Int

    init(_ characters: [Character], cursor: Int, rect: Rect, prompt: String) {
        let promptWidth = min(prompt.displayWidth, max(0, rect.width - 1))
        let textWidth = max(1, rect.width - promptWidth)
        var positions: [(row: Int, column: Int)] = []
        var row = 0, column = 0
        for c in characters {
            if c == "\n" {
                positions.append((row, column))
                row += 1
                column = 0
                continue
            }
            let w = DisplayWidth.of(c)
            if column + w > textWidth && column > 0 {
                row += 1
                column = 0
            }
            positions.append((row, column))
            column += w
        }
        if column >= textWidth {
            row += 1
            column = 0
        }
        positions.append((row, column))
        rowCount = row + 1

        var buffer = CellBuffer(width: rect.width, height: rect.height)
        let cursorPosition = positions[cursor]
        let top = max(0, cursorPosition.row - (rect.height - 1))
        if top == 0 { buffer.put(prompt, x: rect.x, y: rect.y, style: .plain, maxWidth: promptWidth) }
        let textX = rect.x + promptWidth
        for (i, c) in characters.enumerated() where c != "\n" {
            let p = positions[i]
            guard p.row >= top, p.row < top + rect.height else { continue }
            buffer.put(String(c), x: textX + p.column, y: rect.y + p.row - top, style: .plain,
                       maxWidth: rect.maxX - (textX + p.column))
        }
        lines = buffer.lines()
        self.cursor = (textX + cursorPosition.column, rect.y + cursorPosition.row - top)
    }
}
