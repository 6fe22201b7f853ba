import XCTest
import TUI

final class CellBufferTests: XCTestCase {
    func testPutCJKClippedAtOddColumnLeavesASpace() {
        var buffer = CellBuffer(width: 8, height: 1)
        buffer.fill(buffer.bounds, style: .plain, grapheme: ".")
        let used = buffer.put("日本語", x: 0, y: 0, style: .plain, maxWidth: 5)
        XCTAssertEqual(used, 5)
        XCTAssertEqual(buffer.lines(), ["日本 ..."])
        XCTAssertEqual(buffer[4, 0].grapheme, " ")
        XCTAssertEqual(buffer[3, 0].width, 0, "right half of 本 is a continuation cell")
    }

    func testPutAtTheRightEdgeNeverLeavesHalfACharacter() {
        var buffer = CellBuffer(width: 5, height: 1)
        buffer.put("ab日本", x: 0, y: 0, style: .plain)
        XCTAssertEqual(buffer.lines(), ["ab日 "])
    }

    func testOverwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var buffer = CellBuffer(width: 6, height: 1)
        buffer.put("日本語", x: 0, y: 0, style: .plain)
        buffer.put("x", x: 3, y: 0, style: .plain)  // right half of 本
        XCTAssertEqual(buffer.lines(), ["日 x語"])
        buffer.put("y", x: 4, y: 0, style: .plain)  // left half of 語
        XCTAssertEqual(buffer.lines(), ["日 xy "])
    }

    func testPutSanitisesControlSequences() {
        var buffer = CellBuffer(width: 12, height: 1)
        buffer.put("\u{1B}[2Jhi", x: 0, y: 0, style: .plain)
        XCTAssertEqual(buffer.lines(), ["␛[2Jhi      "])
    }

    func testScreenSnapshotWithCJKRowAndTitledBox() {
        var buffer = CellBuffer(width: 12, height: 5)
        let inner = Box.draw(into: &buffer, rect: Rect(x: 0, y: 0, width: 12, height: 5),
                             title: "ログ", style: .plain, titleStyle: Style(bold: true))
        XCTAssertEqual(inner, Rect(x: 1, y: 1, width: 10, height: 3))
        buffer.put("コンピュータ", x: inner.x, y: inner.y, style: .plain, maxWidth: inner.width)
        buffer.put("ok", x: inner.x, y: inner.y + 1, style: .plain)
        XCTAssertEqual(buffer.lines(), [
            "┌─ ログ ───┐",
            "│コンピュー│",
            "│ok        │",
            "│          │",
            "└──────────┘",
        ])
        XCTAssertEqual(buffer[3, 0].style, Style(bold: true), "the title uses the title style")
    }

    func testASCIIBoxFallback() {
        var buffer = CellBuffer(width: 9, height: 3)
        _ = Box.draw(into: &buffer, rect: buffer.bounds, title: "Tools", style: .plain,
                     titleStyle: .plain, ascii: true)
        XCTAssertEqual(buffer.lines(), ["+- To… -+", "|       |", "+-------+"])
    }

    func testListViewHighlightsSelectionAcrossTheRow() {
        var buffer = CellBuffer(width: 8, height: 3)
        let selected = Style(reverse: true)
        ListView.draw(items: [("一番目", .plain), ("two", .plain), ("three", .plain), ("four", .plain)],
                      selected: 2, scroll: 1, into: &buffer, rect: Rect(x: 0, y: 0, width: 8, height: 2),
                      selectedStyle: selected)
        XCTAssertEqual(buffer.lines(), ["two     ", "three   ", "        "])
        XCTAssertEqual(buffer[7, 1].style, selected)
        XCTAssertEqual(buffer[7, 0].style, .plain)
        XCTAssertEqual(ListView.scrollToShow(selected: 5, scroll: 0, height: 3, count: 10), 3)
        XCTAssertEqual(ListView.scrollToShow(selected: 1, scroll: 3, height: 3, count: 10), 1)
    }

    func testTooSmallScreenIsCentred() {
        var buffer = CellBuffer(width: 34, height: 3)
        TooSmallScreen.draw(into: &buffer, minWidth: 80, minHeight: 24)
        XCTAssertEqual(buffer.lines()[1], " Terminal too small (need 80x24)  ")
        XCTAssertEqual(buffer.lines()[0].trimmingCharacters(in: .whitespaces), "")
    }

    func testFrameDiffSendsOnlyChangedCellsAndWholeWideCharacters() {
        let backend = MemoryBackend(width: 6, height: 2)
        var frame = CellBuffer(width: 6, height: 2)
        frame.put("日本", x: 0, y: 0, style: .plain)
        backend.draw(frame, cursor: nil)
        XCTAssertEqual(backend.cellsWrittenLastFrame, 10, "first frame writes every lead cell")
        frame.put("語", x: 2, y: 0, style: .plain)
        backend.draw(frame, cursor: (1, 1))
        XCTAssertEqual(backend.cellsWrittenLastFrame, 1)
        XCTAssertEqual(backend.lastFrame?.lines(), ["日語  ", "      "])
        XCTAssertEqual(backend.frames, 2)
        XCTAssertEqual(backend.cursor?.x, 1)
        backend.draw(frame, cursor: nil)
        XCTAssertEqual(backend.cellsWrittenLastFrame, 0)
        backend.refreshSize()
        backend.draw(frame, cursor: nil)
        XCTAssertEqual(backend.cellsWrittenLastFrame, 10, "refreshSize forces a full redraw")
    }

    func testDiffOfAChangedContinuationRewritesItsLeadCell() {
        var old = CellBuffer(width: 4, height: 1)
        old.put("日", x: 0, y: 0, style: .plain)
        var new = old
        new[1, 0] = Cell(grapheme: "", width: 0, style: Style(bold: true))
        let changes = FrameDiff.changes(from: old, to: new)
        XCTAssertEqual(changes.map { $0.x }, [0])
    }
}

final class ModalAndTabBarTests: XCTestCase {
    func testModalClearsItsAreaAndReturnsTheInnerRect() {
        var buffer = CellBuffer(width: 12, height: 5)
        buffer.fill(buffer.bounds, style: .plain, grapheme: "x")
        let inner = Modal.draw(into: &buffer, area: buffer.bounds, width: 10, height: 3, title: "確認",
                               style: .plain, borderStyle: .plain, titleStyle: .plain)
        XCTAssertEqual(inner, Rect(x: 2, y: 2, width: 8, height: 1))
        XCTAssertEqual(buffer.lines(), [
            "xxxxxxxxxxxx",
            "x┌─ 確認 ─┐x",
            "x│        │x",
            "x└────────┘x",
            "xxxxxxxxxxxx",
        ])
    }

    func testTabBarHighlightsTheSelectedTabAndCutsWhatDoesNotFit() {
        var buffer = CellBuffer(width: 16, height: 1)
        let selected = Style(reverse: true)
        let ranges = TabBar.draw(titles: ["Chat", "ツール", "Log"], selected: 1, into: &buffer,
                                 rect: buffer.bounds, style: .plain, selectedStyle: selected)
        XCTAssertEqual(buffer.lines(), [" Chat │ ツール  "], "no separator without a tab after it")
        XCTAssertEqual(ranges, [0..<6, 7..<15])
        XCTAssertEqual(buffer[8, 0].style, selected)
        XCTAssertEqual(buffer[0, 0].style, .plain)
    }
}
