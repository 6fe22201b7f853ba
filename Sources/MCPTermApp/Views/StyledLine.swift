import TUI

/// One screen row of styled text runs, laid out before drawing.
struct StyledLine: Equatable, Sendable {
    var runs: [Span]

    init(_ runs: [(text: String, style: Style)]) {
        self.runs = runs.map { Span($0.text, style: $0.style) }
    }

    init(spans: [Span]) {
        self.runs = spans
    }

    init(_ text: String, _ style: Style) {
        self.runs = [Span(text, style: style)]
    }

    /// Draws the runs left to right from (x, y), clipped to `width` columns.
    func draw(into buffer: inout CellBuffer, x: Int, y: Int, width: Int) {
        var column = x
        for run in runs {
            let room = x + width - column
            guard room > 0 else { return }
            column += buffer.put(run.text, x: column, y: y, style: run.style, maxWidth: room)
        }
    }

    /// Wraps `text` to `width` columns; every row starts with `indent` (styled like the text)
    /// except the first, which starts with `firstPrefix`. Prefixes are padded to `prefixWidth`
    /// (default: the wider of the two), so lines wrapped one by one line up with the first.
    static func wrapped(
        _ text: String, width: Int, style: Style, firstPrefix: (String, Style)? = nil, indent: String = "",
        prefixWidth: Int? = nil
    ) -> [StyledLine] {
        let prefixWidth = prefixWidth ?? max(firstPrefix?.0.displayWidth ?? 0, indent.displayWidth)
        let rows = TextWrap.wrap(text.sanitizedForTerminal(keepNewlines: true), width: max(1, width - prefixWidth))
        return rows.enumerated().map { index, row in
            if index == 0, let firstPrefix {
                let pad = String(repeating: " ", count: max(0, prefixWidth - firstPrefix.0.displayWidth))
                return StyledLine([(firstPrefix.0 + pad, firstPrefix.1), (row, style)])
            }
            let pad = String(repeating: " ", count: max(0, prefixWidth - indent.displayWidth))
            return StyledLine([(indent + pad, style), (row, style)])
        }
    }
}
