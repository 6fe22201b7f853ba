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

final class StyledTextTests: XCTestCase {
    private let bold = Style(bold: true)

    func testStyledWrapKeepsStylesAcrossBreaksAndMergesRuns() {
        let lines = TextWrap.wrap([Span("hello "), Span("日本語の", style: bold), Span("text")], width: 8)
        XCTAssertEqual(lines, [
            [Span("hello "), Span("日", style: bold)],
            [Span("本語の", style: bold)],
            [Span("text")],
        ], "CJK breaks anywhere, so 日 still fits on the first line")
        let joined = TextWrap.wrap([Span("ab"), Span("cd")], width: 10)
        XCTAssertEqual(joined, [[Span("abcd")]], "equal styles merge into one span")
    }

    func testTextViewDrawsStyledLinesFromTheScrollOffset() {
        var buffer = CellBuffer(width: 6, height: 2)
        let lines: [[Span]] = [[Span("zero")], [Span("一"), Span("two", style: bold)], [Span("three!!")]]
        TextView.draw(lines: lines, scroll: 1, into: &buffer, rect: buffer.bounds)
        XCTAssertEqual(buffer.lines(), ["一two ", "three!"])
        XCTAssertEqual(buffer[2, 0].style, bold)
        XCTAssertEqual(buffer[0, 0].style, .plain)
        XCTAssertEqual(TextView.maxScroll(lineCount: 3, height: 2), 1)
    }
}
