import TUI
import XCTest

final class MarkdownViewTests: XCTestCase {
    private let theme = Theme(name: "t", styles: [
        "markdown.code": Style(fg: .ansi(2)),
        "markdown.heading": Style(bold: true),
    ])

    private func text(_ markdown: String, width: Int = 30) -> [String] {
        MarkdownView.lines(markdown, width: width, theme: theme, base: .plain).map(\.plainText)
    }

    func testBlocksListsQuotesAndRules() {
        let markdown = """
            # 標題

            Some **bold** and `code`.

            - 一つ目
            - second item that is long enough to wrap

            1. first
            2. second

            > quoted

            ---
            """
        XCTAssertEqual(text(markdown, width: 24), [
            "標題",
            "",
            "Some bold and code.",
            "",
            "• 一つ目",
            "• second item that is",
            "  long enough to wrap",
            "",
            "1. first",
            "2. second",
            "",
            "│ quoted",
            "",
            "────────────────────────",
        ])
    }

    func testStylesFollowTheMarkup() throws {
        let rows = MarkdownView.lines("# Title\n\nplain **strong** `x`", width: 40, theme: theme, base: .plain)
        XCTAssertEqual(rows[0].first?.style.bold, true, "headings use markdown.heading")
        let spans = rows[2]
        XCTAssertEqual(spans.first { $0.text.contains("strong") }?.style.bold, true)
        XCTAssertEqual(spans.first { $0.text == "x" }?.style.fg, .ansi(2))
    }

    func testCodeBlockKeepsItsLinesAndAPartialFenceStillShows() {
        let trimmed = { (rows: [String]) in rows.map { String($0.reversed().drop { $0 == " " }.reversed()) } }
        XCTAssertEqual(trimmed(text("```swift\nlet a = 1\nlet b = 2\n```")), [" swift", " let a = 1", " let b = 2"])
        XCTAssertEqual(trimmed(text("```\nstreaming so far")), [" streaming so far"],
                       "an unclosed fence (mid-stream) still draws")
    }

    func testLinkShowsItsAddressUnlessTheTextIsTheAddress() {
        XCTAssertEqual(text("[docs](https://x.test/a)", width: 60), ["docs (https://x.test/a)"])
        XCTAssertEqual(text("<https://x.test/a>", width: 60), ["https://x.test/a"])
    }

    func testEscapeSequencesInMarkdownAreShownNotInterpreted() {
        let rows = text("danger \u{1B}[31mred", width: 60)
        XCTAssertFalse(rows.joined().contains("\u{1B}"))
    }
}
