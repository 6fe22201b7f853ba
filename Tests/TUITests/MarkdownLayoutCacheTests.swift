@testable import TUI
import XCTest

/// The streaming layout: at every prefix of a reply, the cached layout equals a whole layout of
/// the same text, and it parses only the tail.
final class MarkdownLayoutCacheTests: XCTestCase {
    /// A reply that exercises the places where a later line changes an earlier one: a setext
    /// underline, a table header taken from a paragraph's last line, a lone "#" that becomes text,
    /// a list that a blank line does not end, an unclosed fence, a lazy quote line.
    static let reply = """
        # Plan for 東京

        Intro paragraph with **bold**, ~~old~~ and a link to www.example.com.
        Setext heading below
        ---
        - [ ] first task
        - [x] second task

          still the second item
        - third
        #
        #x is text, not a heading
        Before the table
        | 名前 | Value | Note |
        |:-----|------:|:----:|
        | 東京 | 1 | a long cell that has to wrap |
        | Ōsaka | 22 | |

        > quoted line
        lazy continuation
        ```swift
        let x = 1 // one
        func f() -> String { "日本語" }
        ```
        1. one
        2. two

        Closing words.
        """

    private let theme = Theme.builtinDefault

    private func assertEveryPrefixMatches(_ text: String, width: Int, file: StaticString = #filePath,
                                          line: UInt = #line) -> MarkdownLayoutCache {
        let cache = MarkdownLayoutCache()
        var prefix = ""
        for c in text {
            prefix.append(c)
            let cached = cache.lines(prefix, width: width, theme: theme, base: .plain)
            let whole = MarkdownView.lines(prefix, width: width, theme: theme, base: .plain)
            if cached != whole {
                XCTFail("prefix of \(prefix.count) characters differs at width \(width):\n"
                        + "cached:\n\(cached.map(\.plainText).joined(separator: "\n"))\n"
                        + "whole:\n\(whole.map(\.plainText).joined(separator: "\n"))", file: file, line: line)
                break
            }
        }
        return cache
    }

    func testCachedStreamingLayoutEqualsWholeLayoutAtEveryPrefix() {
        for width in [72, 24] {
            _ = assertEveryPrefixMatches(Self.reply, width: width)
        }
    }

    func testStreamingParsesTheTailNotTheWholeReply() {
        let reply = (1...4).map { "## Part \($0)\n\n" + Self.reply }.joined(separator: "\n\n")
        let cache = MarkdownLayoutCache()
        var prefix = ""
        var wholeBytes = 0
        for c in reply {
            prefix.append(c)
            _ = cache.lines(prefix, width: 60, theme: theme, base: .plain)
            wholeBytes += prefix.utf8.count
        }
        XCTAssertLessThan(cache.parsedBytes * 5, wholeBytes,
                          "parsed \(cache.parsedBytes) bytes where whole layouts parse \(wholeBytes)")
    }

    func testCarriageReturnLineEndsAndReferenceDefinitionsStillMatch() {
        _ = assertEveryPrefixMatches("Para one\r\n\r\n# Head\r\n\r\ntext\rmore\r\n\r\n- a\r\n- b\r\n\r\nend", width: 30)
        // A definition at the end turns an earlier [label] into a link: laid out whole.
        let cache = assertEveryPrefixMatches("See [docs].\n\nMore text.\n\nAnd more.\n\n[docs]: https://x.test\n", width: 40)
        let rows = cache.lines("See [docs].\n\nMore text.\n\nAnd more.\n\n[docs]: https://x.test\n", width: 40,
                               theme: theme, base: .plain)
        XCTAssertEqual(rows.first?.plainText, "See docs (https://x.test).")
    }

    func testAFinishedBlockIsNotParsedAgain() {
        let cache = MarkdownLayoutCache()
        let head = "First paragraph.\n\nSecond paragraph.\n\n"
        _ = cache.lines(head + "Third", width: 40, theme: theme, base: .plain)
        let before = cache.parsedBytes
        _ = cache.lines(head + "Third and", width: 40, theme: theme, base: .plain)
        XCTAssertLessThan(cache.parsedBytes - before, "Second paragraph.\n\nThird and".utf8.count + 1,
                          "only the open block (and the one before it, until two lines follow) is parsed again")
    }

    func testAnotherWidthOrAnEditedTextStartsOver() {
        let cache = MarkdownLayoutCache()
        let text = "One.\n\nTwo.\n\nThree.\n\nFour"
        _ = cache.lines(text, width: 40, theme: theme, base: .plain)
        XCTAssertEqual(cache.lines(text, width: 3, theme: theme, base: .plain),
                       MarkdownView.lines(text, width: 3, theme: theme, base: .plain))
        let edited = "Uno.\n\nTwo.\n\nThree.\n\nFour"
        XCTAssertEqual(cache.lines(edited, width: 3, theme: theme, base: .plain),
                       MarkdownView.lines(edited, width: 3, theme: theme, base: .plain))
    }
}
