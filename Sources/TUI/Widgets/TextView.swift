/// A scrolling view of styled lines (already wrapped, e.g. by `TextWrap.wrap(_:width:)` on spans).
public enum TextView {
    /// Draws `lines` from `scroll` on, one per row of `rect`, each clipped to the rect's width.
    /// Rows past the last line are left as they were.
    public static func draw(lines: [[Span]], scroll: Int, into buffer: inout CellBuffer, rect: Rect) {
        guard !rect.isEmpty else { return }
        let first = max(0, scroll)
        for row in 0..<rect.height {
            let index = first + row
            guard index < lines.count else { break }
            draw(line: lines[index], x: rect.x, y: rect.y + row, width: rect.width, into: &buffer)
        }
    }

    /// Draws one styled line at (x, y) within `width` columns; returns the columns used.
    @discardableResult
    public static func draw(line: [Span], x: Int, y: Int, width: Int, into buffer: inout CellBuffer) -> Int {
        var used = 0
        for span in line where used < width {
            used += buffer.put(span.text, x: x + used, y: y, style: span.style, maxWidth: width - used)
        }
        return used
    }

    /// The largest useful scroll offset: the one that shows the last line at the bottom.
    public static func maxScroll(lineCount: Int, height: Int) -> Int {
        max(0, lineCount - max(0, height))
    }
}
