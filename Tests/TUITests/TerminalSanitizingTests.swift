import XCTest
import TUI

final class TerminalSanitizingTests: XCTestCase {
    func testEscapeSequenceBecomesVisibleText() {
        let hostile = "\u{1B}[31mred\u{1B}[0m"
        let safe = hostile.sanitizedForTerminal()
        XCTAssertEqual(safe, "␛[31mred␛[0m")
        XCTAssertFalse(safe.unicodeScalars.contains { $0.value == 0x1B })
    }

    func testC1ControlsShowTheirSevenBitForm() {
        XCTAssertEqual("a\u{9B}2Jb".sanitizedForTerminal(), "a␛[2Jb")
        XCTAssertEqual("\u{9D}0;title\u{07}".sanitizedForTerminal(), "␛]0;title␇")
    }

    func testNewlinesKeptOnlyWhenAsked() {
        XCTAssertEqual("a\nb".sanitizedForTerminal(), "a␊b")
        XCTAssertEqual("a\r\nb\nc".sanitizedForTerminal(keepNewlines: true), "a\nb\nc")
        XCTAssertEqual("a\rb".sanitizedForTerminal(keepNewlines: true), "a␍b")
    }

    func testTabsExpandToTheNextTabStopByDisplayWidth() {
        XCTAssertEqual("a\tb".sanitizedForTerminal(), "a   b")
        XCTAssertEqual("日\tb".sanitizedForTerminal(), "日  b")
        XCTAssertEqual("x\n\ty".sanitizedForTerminal(keepNewlines: true), "x\n    y")
    }

    func testCleanTextIsUnchanged() {
        let text = "日本語 and e\u{301} 👨\u{200D}👩\u{200D}👧"
        XCTAssertEqual(text.sanitizedForTerminal(), text)
    }

    func testTruncationEndsInEllipsisAndNeverSplitsAWideCharacter() {
        XCTAssertEqual("日本語テキスト".truncated(toWidth: 6), "日本…")
        XCTAssertEqual("日本語テキスト".truncated(toWidth: 5), "日本…")
        XCTAssertEqual("short".truncated(toWidth: 10), "short")
    }
}
