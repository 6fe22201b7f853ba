import XCTest
import TUI

final class TextWrapTests: XCTestCase {
    func testBreaksAtSpaces() {
        XCTAssertEqual(TextWrap.wrap("the quick brown fox", width: 10), ["the quick", "brown fox"])
    }

    func testMixedCJKAndASCIIBreaksInsideCJKRuns() {
        let lines = TextWrap.wrap("MCPは日本語のテキストも折り返す", width: 10)
        XCTAssertEqual(lines, ["MCPは日本", "語のテキス", "トも折り返", "す"])
        for line in lines { XCTAssertLessThanOrEqual(line.displayWidth, 10) }
    }

    func testCJKClosingPunctuationNeverStartsALine() {
        let lines = TextWrap.wrap("日本語です。", width: 10)
        XCTAssertEqual(lines, ["日本語で", "す。"])
    }

    func testOverlongWordIsSplitBetweenGraphemes() {
        XCTAssertEqual(TextWrap.wrap("ab abcdefghij", width: 5), ["ab ab", "cdefg", "hij"])
    }

    func testHonoursNewlinesAndKeepsEmptyLines() {
        XCTAssertEqual(TextWrap.wrap("one\n\ntwo three", width: 5), ["one", "", "two", "three"])
    }

    func testNeverSplitsAGraphemeAndNeverExceedsWidth() {
        let text = "👨\u{200D}👩\u{200D}👧 e\u{301}e\u{301} 🇯🇵🇯🇵🇯🇵"
        let lines = TextWrap.wrap(text, width: 3)
        XCTAssertEqual(lines, ["👨\u{200D}👩\u{200D}👧", "e\u{301}e\u{301}", "🇯🇵", "🇯🇵", "🇯🇵"])
        for line in lines { XCTAssertLessThanOrEqual(line.displayWidth, 3) }
    }

    func testParagraphIndentationIsKept() {
        XCTAssertEqual(TextWrap.wrap("  indented text", width: 10), ["  indented", "text"])
    }
}
