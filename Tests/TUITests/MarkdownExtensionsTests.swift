@testable import TUI
import XCTest

/// GitHub-flavoured Markdown as the transcript shows it: tables, code blocks, task lists,
/// strikethrough and headings, each at a wide and a narrow width, as text lines and styles.
final class MarkdownExtensionsTests: XCTestCase {
    private let theme = Theme.builtinDefault

    private func rows(_ markdown: String, width: Int) -> [[Span]] {
        MarkdownView.lines(markdown, width: width, theme: theme, base: .plain)
    }

    private func text(_ markdown: String, width: Int) -> [String] {
        rows(markdown, width: width).map(\.plainText)
    }

    /// The rows as text without the spaces that pad them to the width.
    private func trimmed(_ markdown: String, width: Int) -> [String] {
        text(markdown, width: width).map { String($0.reversed().drop { $0 == " " }.reversed()) }
    }

    static let table = """
        | 都市 | Population | Note |
        |:-----|-----------:|:----:|
        | 東京 | 14,000,000 | capital of Japan |
        | Ōsaka | 2,700,000 | 関西 |
        """

    func testTableIsDrawnWithBoxCharactersAndColumnsSizedToContent() {
        XCTAssertEqual(text(Self.table, width: 60), [
            "┌───────┬────────────┬──────────────────┐",
            "│ 都市  │ Population │       Note       │",
            "├───────┼────────────┼──────────────────┤",
            "│ 東京  │ 14,000,000 │ capital of Japan │",
            "│ Ōsaka │  2,700,000 │       関西       │",
            "└───────┴────────────┴──────────────────┘",
        ])
    }

    func testNarrowTableWrapsWideCellsAndKeepsCJKColumnsAligned() {
        // Words stay whole while they can (Note); then the widest column gives way.
        let lines = text(Self.table, width: 30)
        XCTAssertEqual(lines, [
            "┌───────┬──────────┬─────────┐",
            "│ 都市  │ Populati │  Note   │",
            "│       │       on │         │",
            "├───────┼──────────┼─────────┤",
            "│ 東京  │ 14,000,0 │ capital │",
            "│       │       00 │   of    │",
            "│       │          │  Japan  │",
            "│ Ōsaka │ 2,700,00 │  関西   │",
            "│       │        0 │         │",
            "└───────┴──────────┴─────────┘",
        ])
        XCTAssertTrue(lines.allSatisfy { $0.displayWidth <= 30 })
    }

    func testTableHeaderIsBoldAndBordersUseTheTableRole() throws {
        let rows = rows(Self.table, width: 60)
        let header = try XCTUnwrap(rows[1].first { $0.text.contains("都市") })
        XCTAssertTrue(header.style.bold)
        XCTAssertEqual(rows[0].first?.style.fg, theme.style("markdown.table").fg)
    }

    static let code = """
        ```swift
        // greet someone
        let name = "東京"
        func greet() -> String { return "hi \\(name)" + String(42) }
        ```
        """

    func testCodeBlockHasALabelABackgroundAndWrapsLongLinesWithAMarker() {
        XCTAssertEqual(trimmed(Self.code, width: 70), [
            " swift",
            " // greet someone",
            " let name = \"東京\"",
            " func greet() -> String { return \"hi \\(name)\" + String(42) }",
        ])
        XCTAssertEqual(trimmed(Self.code, width: 24), [
            " swift",
            " // greet someone",
            " let name = \"東京\"",
            " func greet() -> String",
            "↪ { return \"hi \\(name)\"",
            "↪ + String(42) }",
        ])
        for row in rows(Self.code, width: 24) {
            XCTAssertEqual(row.displayWidth, 24, "every row fills the block")
            XCTAssertTrue(row.allSatisfy { $0.style.bg == theme.style("code.block").bg }, "the block's background")
        }
    }

    func testCodeBlockKeywordsStringsCommentsAndNumbersTakeTheirRoles() throws {
        let rows = rows(Self.code, width: 70)
        func style(of text: String) throws -> Style {
            try XCTUnwrap(rows.joined().first { $0.text == text }?.style, "no span \"\(text)\"")
        }
        XCTAssertEqual(try style(of: "let").fg, theme.style("code.keyword").fg)
        XCTAssertEqual(try style(of: "func").fg, theme.style("code.keyword").fg)
        XCTAssertEqual(try style(of: "\"東京\"").fg, theme.style("code.string").fg)
        XCTAssertEqual(try style(of: "// greet someone").fg, theme.style("code.comment").fg)
        XCTAssertEqual(try style(of: "42").fg, theme.style("code.number").fg)
        XCTAssertEqual(try style(of: "String").fg, theme.style("code.type").fg)
        XCTAssertEqual(try style(of: "let").bg, theme.style("code.block").bg, "tokens keep the block's background")
        XCTAssertEqual(try style(of: " swift").fg, theme.style("code.label").fg)
    }

    func testTaskListItemsShowTheirBoxes() {
        let markdown = "- [ ] write the parser\n- [x] ship 東京 build\n- plain item"
        XCTAssertEqual(text(markdown, width: 40), ["☐ write the parser", "☑ ship 東京 build", "• plain item"])
        XCTAssertEqual(text(markdown, width: 14), ["☐ write the", "  parser", "☑ ship 東京", "  build", "• plain item"])
        let done = rows(markdown, width: 40)[1][0]
        XCTAssertEqual(done.style.fg, theme.style("markdown.task.done").fg)
    }

    func testStrikethroughOverlaysAStrokeAndTakesItsRole() throws {
        let rows = rows("keep ~~drop 東~~ keep", width: 40)
        XCTAssertEqual(rows.map(\.plainText), ["keep d\u{336}r\u{336}o\u{336}p\u{336} 東\u{336} keep"])
        let struck = try XCTUnwrap(rows[0].first { $0.text.unicodeScalars.first == "d" })
        XCTAssertEqual(struck.style.fg, theme.style("markdown.strikethrough").fg)
        XCTAssertEqual(rows[0].displayWidth, "keep drop 東 keep".displayWidth, "the stroke takes no column")
    }

    func testHeadingLevelsLookDifferent() {
        let rows = rows("# One\n\n## Two\n\n### Three\n\n#### Four", width: 30)
        XCTAssertEqual(rows.map(\.plainText), ["One", "", "Two", "", "Three", "", "Four"])
        let styles = [rows[0], rows[2], rows[4], rows[6]].map { $0[0].style }
        XCTAssertEqual(Set(styles).count, 4, "each level has its own look: \(styles)")
        XCTAssertTrue(styles[0].bold && styles[0].underline, "H1 bold and underlined")
        XCTAssertTrue(styles[1].bold && !styles[1].underline, "H2 bold")
    }

    func testAutolinksBecomeLinksWithoutRepeatingTheAddress() {
        XCTAssertEqual(text("see www.example.com and https://x.test/a.", width: 60),
                       ["see www.example.com and https://x.test/a."])
        let link = rows("see www.example.com", width: 60)[0].first { $0.text == "www.example.com" }
        XCTAssertEqual(link?.style.underline, true)
    }
}
