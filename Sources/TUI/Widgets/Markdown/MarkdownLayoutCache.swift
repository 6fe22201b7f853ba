import Foundation

/// Lays out Markdown that grows at its end (a reply streaming in) so that each call parses and
/// lays out only the tail: the top-level blocks that can no longer change are kept, per width,
/// theme and base style, and the text from the first open block on is parsed alone. The rows
/// equal `MarkdownView.lines` of the whole text (a test checks every prefix of a reply), so rows
/// above the changing block never move.
///
/// A block is finished once the line that starts the next block and the line after it are
/// complete (end in "\n"): cmark decides where a block ends line by line, and a table can take
/// the last line of a paragraph before it only when its delimiter row (the next line) arrives.
/// Link reference definitions (`[x]: /url`) reach back to any earlier block, so a text that may
/// hold one is laid out whole.
public final class MarkdownLayoutCache {
    private struct Key: Equatable {
        var width: Int
        var theme: Theme
        var base: Style
    }

    private var key: Key?
    /// The text the finished blocks were parsed from; its first `headBytes` bytes are theirs.
    private var text = ""
    private var headBytes = 0
    /// The finished blocks' rows, joined (`MarkdownView.joined`).
    private var headRows: [[Span]] = []
    /// Bytes parsed since the cache was made: what the calls cost (tests read it).
    private(set) var parsedBytes = 0

    public init() {}

    public func lines(_ markdown: String, width: Int, theme: Theme, base: Style) -> [[Span]] {
        let width = max(1, width)
        let key = Key(width: width, theme: theme, base: base)
        if key != self.key || !Self.sharesPrefix(markdown, text, bytes: headBytes) {
            self.key = key
            reset()
        }
        text = markdown
        var markdown = markdown
        return markdown.withUTF8 { bytes in layOut(bytes, width: width, theme: theme, base: base) }
    }

    private func reset() {
        headBytes = 0
        headRows = []
    }

    private func layOut(_ bytes: UnsafeBufferPointer<UInt8>, width: Int, theme: Theme, base: Style) -> [[Span]] {
        let tail = UnsafeBufferPointer(rebasing: bytes[headBytes...])
        if Self.mayHoldReferenceDefinition(tail), headBytes > 0 {
            // A definition would change links in the kept blocks: start over with the whole text.
            reset()
            return layOut(bytes, width: width, theme: theme, base: base)
        }
        parsedBytes += tail.count
        guard let document = MarkdownDocument(tail) else {
            return TextWrap.wrap([Span(String(decoding: bytes, as: UTF8.self), style: base)], width: width)
        }
        var layout = MarkdownView.Layout(theme: theme, base: base)
        let blocks = document.topLevelBlocks
        let finished = Self.mayHoldReferenceDefinition(tail) ? 0 : Self.finishedCount(blocks, in: tail)
        if finished > 0 {
            let finishedRows = blocks[..<finished].map { layout.block($0.node, width: width) }
            headRows = MarkdownView.joined([headRows] + finishedRows)
            headBytes += Self.offset(ofLine: blocks[finished].startLine, in: tail)
        }
        let tailRows = MarkdownView.joined(blocks[finished...].map { layout.block($0.node, width: width) })
        return MarkdownView.joined([headRows, tailRows])
    }

    /// How many of the leading blocks are finished: those before the last block that starts on a
    /// complete line followed by another complete line, with trusted line numbers on both sides
    /// of the boundary.
    static func finishedCount(_ blocks: [MarkdownDocument.Block], in tail: UnsafeBufferPointer<UInt8>) -> Int {
        guard blocks.count > 1 else { return 0 }
        let complete = completeLines(in: tail)
        for index in stride(from: blocks.count - 1, through: 1, by: -1) {
            let previous = blocks[index - 1], next = blocks[index]
            guard previous.hasTrustedLines, next.hasTrustedLines else { continue }
            if next.startLine > previous.endLine, next.startLine + 1 <= complete { return index }
        }
        return 0
    }

    /// Lines that end in a line break ("\n" or "\r\n"; a final "\r" may still become "\r\n").
    static func completeLines(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A {
                count += 1
            } else if byte == 0x0D {
                if index + 1 < bytes.count {
                    count += 1
                    if bytes[index + 1] == 0x0A { index += 1 }
                }
            }
            index += 1
        }
        return count
    }

    /// The byte offset where line `line` (1-based) starts, counting line ends as cmark does
    /// ("\n", "\r\n", "\r").
    static func offset(ofLine line: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var current = 1
        var index = 0
        while current < line, index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte == 0x0A {
                current += 1
            } else if byte == 0x0D {
                if index < bytes.count, bytes[index] == 0x0A { index += 1 }
                current += 1
            }
        }
        return index
    }

    /// Whether the bytes hold "]:", which every link reference definition does (a rare false
    /// alarm costs a whole layout, never a wrong one).
    static func mayHoldReferenceDefinition(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count >= 2, let base = bytes.baseAddress else { return false }
        var start = base
        var remaining = bytes.count
        while remaining >= 2, let found = memchr(start, 0x5D, remaining - 1) {
            let bracket = UnsafePointer(found.assumingMemoryBound(to: UInt8.self))
            if bracket[1] == 0x3A { return true }
            let consumed = bracket - start + 1
            start = bracket + 1
            remaining -= consumed
        }
        return false
    }

    /// Whether `a` and `b` have the same first `count` bytes.
    static func sharesPrefix(_ a: String, _ b: String, bytes count: Int) -> Bool {
        guard count > 0 else { return true }
        guard a.utf8.count >= count, b.utf8.count >= count else { return false }
        var a = a, b = b
        return a.withUTF8 { x in b.withUTF8 { y in memcmp(x.baseAddress!, y.baseAddress!, count) == 0 } }
    }
}
