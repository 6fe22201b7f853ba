/// A GFM table laid out with box-drawing characters: columns as wide as their content when the
/// table fits, otherwise narrowed (widest first, words kept whole while possible) and the cells
/// word-wrapped inside their column. Widths are display columns, so CJK cells line up.
struct MarkdownTable {
    enum Alignment: Sendable {
        case left, center, right
    }

    /// Cells as styled text, row by row; the first row is the header when `hasHeader`.
    var rows: [[[Span]]]
    var hasHeader: Bool
    var alignments: [Alignment]

    /// Rows at most `width` columns wide (wider only when even one column per cell does not fit).
    func lines(width: Int, border: Style, base: Style) -> [[Span]] {
        let columns = max(alignments.count, rows.map(\.count).max() ?? 0)
        guard columns > 0 else { return [] }
        let widths = columnWidths(columns: columns, available: width - (3 * columns + 1))
        var out: [[Span]] = [rule("┌", "┬", "┐", widths: widths, style: border)]
        for (index, row) in rows.enumerated() {
            let cells = (0..<columns).map { column in
                TextWrap.wrap(column < row.count ? row[column] : [], width: widths[column])
            }
            let height = cells.map(\.count).max() ?? 1
            for line in 0..<height {
                var spans = [Span("│", style: border)]
                for column in 0..<columns {
                    let text = line < cells[column].count ? cells[column][line] : []
                    spans.append(Span(" ", style: base))
                    spans += aligned(text, width: widths[column], alignment: alignment(column), style: base)
                    spans.append(Span(" ", style: base))
                    spans.append(Span("│", style: border))
                }
                out.append(spans)
            }
            if index == 0, hasHeader, rows.count > 1 {
                out.append(rule("├", "┼", "┤", widths: widths, style: border))
            }
        }
        out.append(rule("└", "┴", "┘", widths: widths, style: border))
        return out
    }

    private func alignment(_ column: Int) -> Alignment {
        column < alignments.count ? alignments[column] : .left
    }

    /// Natural widths when they fit in `available`; otherwise the widest column gives up a column
    /// at a time, first down to its longest word, then down to its widest character.
    func columnWidths(columns: Int, available: Int) -> [Int] {
        var natural = Array(repeating: 1, count: columns)
        var word = Array(repeating: 1, count: columns)
        var glyph = Array(repeating: 1, count: columns)
        for row in rows {
            for (column, cell) in row.enumerated() where column < columns {
                let text = cell.plainText.sanitizedForTerminal()
                natural[column] = max(natural[column], text.displayWidth)
                for part in text.split(separator: " ") {
                    word[column] = max(word[column], Self.longestUnbreakable(part))
                }
                for c in text { glyph[column] = max(glyph[column], DisplayWidth.of(c)) }
            }
        }
        var widths = natural
        var total = widths.reduce(0, +)
        for floor in [word, glyph] {
            while total > available {
                let candidates = widths.indices.filter { widths[$0] > floor[$0] }
                guard let widest = candidates.max(by: { widths[$0] < widths[$1] }) else { break }
                widths[widest] -= 1
                total -= 1
            }
        }
        return widths
    }

    /// The widest run the wrapper keeps on one line: narrow characters stick together, a wide
    /// (CJK) character may stand alone.
    private static func longestUnbreakable(_ word: Substring) -> Int {
        var longest = 0
        var run = 0
        for c in word {
            let w = DisplayWidth.of(c)
            if w >= 2 {
                longest = max(longest, run, w)
                run = 0
            } else {
                run += w
            }
        }
        return max(longest, run)
    }

    private func aligned(_ text: [Span], width: Int, alignment: Alignment, style: Style) -> [Span] {
        let room = max(0, width - text.displayWidth)
        let left: Int
        switch alignment {
        case .left: left = 0
        case .right: left = room
        case .center: left = room / 2
        }
        var out: [Span] = []
        if left > 0 { out.append(Span(String(repeating: " ", count: left), style: style)) }
        out += text
        if room - left > 0 { out.append(Span(String(repeating: " ", count: room - left), style: style)) }
        return out
    }

    private func rule(_ left: String, _ middle: String, _ right: String, widths: [Int], style: Style) -> [Span] {
        let inner = widths.map { String(repeating: "─", count: $0 + 2) }.joined(separator: middle)
        return [Span(left + inner + right, style: style)]
    }
}
