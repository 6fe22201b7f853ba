/// A fenced code block as rows of one width: a label row with the fence's language, then the code
/// on the block's background, highlighted when the language is known (`CodeHighlighter`). Code
/// is never word-wrapped: a line longer than the block breaks at the last column and its
/// continuation rows start with "↪" in the gutter, so the code's own spacing stays intact.
///
/// Roles: `code.block` (background and text), `code.label`, `code.marker`, and `code.<kind>` for
/// the tokens (`CodeHighlighter.Kind`).
enum CodeBlockView {
    static let continuationMarker = "↪"

    static func rows(code: String, info: String, width: Int, theme: Theme, base: Style) -> [[Span]] {
        let block = base.overlaid(with: theme.style("code.block"))
        let width = max(3, width)
        let contentWidth = width - 2
        var rows: [[Span]] = []

        let label = info.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) ?? ""
        if !label.isEmpty {
            let text = " " + label.sanitizedForTerminal().truncated(toWidth: contentWidth)
            rows.append(padded([Span(text, style: block.overlaid(with: theme.style("code.label")))],
                               width: width, style: block))
        }

        var text = code.sanitizedForTerminal(keepNewlines: true)
        if text.hasSuffix("\n") { text.removeLast() }
        let tokens = CodeLanguage.named(info).map { CodeHighlighter.tokens(text, language: $0) }
            ?? [CodeHighlighter.Token(text: text, kind: nil)]
        let styles = Dictionary(uniqueKeysWithValues: CodeHighlighter.Kind.allCases.map {
            ($0, block.overlaid(with: theme.style($0.role)))
        })
        let gutter = Span(" ", style: block)
        let marker = Span(continuationMarker, style: block.overlaid(with: theme.style("code.marker")))
        for line in lines(of: tokens, styles: styles, plain: block) {
            for (index, row) in hardWrap(line, width: contentWidth).enumerated() {
                rows.append(padded([index == 0 ? gutter : marker] + row, width: width, style: block))
            }
        }
        return rows
    }

    /// The tokens as styled lines (split at "\n").
    private static func lines(of tokens: [CodeHighlighter.Token], styles: [CodeHighlighter.Kind: Style],
                              plain: Style) -> [[Span]] {
        var lines: [[Span]] = [[]]
        for token in tokens {
            let style = token.kind.flatMap { styles[$0] } ?? plain
            var first = true
            for piece in token.text.split(separator: "\n", omittingEmptySubsequences: false) {
                if !first { lines.append([]) }
                first = false
                if !piece.isEmpty { lines[lines.count - 1].append(Span(String(piece), style: style)) }
            }
        }
        return lines
    }

    /// Breaks a line at exactly `width` columns (a wide character that would straddle the edge
    /// moves to the next row). Always at least one row.
    static func hardWrap(_ spans: [Span], width: Int) -> [[Span]] {
        var rows: [[Span]] = [[]]
        var column = 0
        for span in spans {
            var run = ""
            for c in span.text {
                let w = DisplayWidth.of(c)
                if column + w > width, column > 0 {
                    if !run.isEmpty { rows[rows.count - 1].append(Span(run, style: span.style)) }
                    rows.append([])
                    run = ""
                    column = 0
                }
                run.append(c)
                column += w
            }
            if !run.isEmpty { rows[rows.count - 1].append(Span(run, style: span.style)) }
        }
        return rows
    }

    /// The row filled with `style` spaces up to `width` columns.
    private static func padded(_ row: [Span], width: Int, style: Style) -> [Span] {
        let used = row.displayWidth
        guard used < width else { return row }
        return row + [Span(String(repeating: " ", count: width - used), style: style)]
    }
}
