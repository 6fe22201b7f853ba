import TUI
import XCTest

final class TextPreviewTests: XCTestCase {
    func testFirstLinesWithoutTheirBreaksAndTheRestCounted() {
        let preview = TextPreview("a\nbb\r\nccc\ndddd", maxLines: 2, maxBytes: 100)
        XCTAssertEqual(preview.lines.map(\.text), ["a", "bb"])
        XCTAssertEqual(preview.lines.map(\.bytes), [2, 4], "bytes include the line break, \\r\\n as well")
        XCTAssertEqual(preview.lines.map(\.isWhole), [true, true])
        XCTAssertEqual(preview.totalLines, 4)
        XCTAssertEqual(preview.totalBytes, 14)
    }

    func testAFinalLineBreakEndsTheLastLine() {
        XCTAssertEqual(TextPreview("a\nb\n", maxLines: 1, maxBytes: 100).totalLines, 2)
        XCTAssertEqual(TextPreview("a\nb\n", maxLines: 5, maxBytes: 100).totalLines, 2)
        XCTAssertEqual(TextPreview("\n\n", maxLines: 0, maxBytes: 0).totalLines, 2)
        XCTAssertEqual(TextPreview("", maxLines: 5, maxBytes: 100), TextPreview("", maxLines: 0, maxBytes: 0))
        XCTAssertEqual(TextPreview("", maxLines: 5, maxBytes: 100).totalLines, 0)
    }

    func testTheByteBudgetCutsALineAtACharacterBoundary() {
        let preview = TextPreview("日本語\nx\ny", maxLines: 5, maxBytes: 4)
        XCTAssertEqual(preview.lines.map(\.text), ["日"], "4 bytes end inside 本 (3 bytes each): back to 日; a cut line is the last")
        XCTAssertEqual(preview.lines.first?.isWhole, false)
        XCTAssertEqual(preview.lines.first?.bytes, 10)
        XCTAssertEqual(preview.totalLines, 3)
    }

    func testCountsAHugeTextWithoutKeepingIt() {
        let text = String(repeating: "line of a log 東京\n", count: 100_000)
        let preview = TextPreview(text, maxLines: 3, maxBytes: 1_000)
        XCTAssertEqual(preview.lines.map(\.text), Array(repeating: "line of a log 東京", count: 3))
        XCTAssertEqual(preview.totalLines, 100_000)
        XCTAssertEqual(preview.totalBytes, text.utf8.count)
    }
}
