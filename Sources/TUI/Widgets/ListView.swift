/// A scrolling list of one-line items with an optional highlighted selection.
public struct ListView {
    /// Draws the items from `scroll` on, one per row of `rect`; the selected row is filled
    /// across the whole width with `selectedStyle`. Text too wide for a row ends in "…".
    /// Rows after the last item are left as they were.
    public static func draw(items: [(text: String, style: Style)], selected: Int?, scroll: Int,
                            into buffer: inout CellBuffer, rect: Rect, selectedStyle: Style) {
        guard !rect.isEmpty else { return }
        let first = max(0, scroll)
        for row in 0..<rect.height {
            let index = first + row
            guard index < items.count else { break }
            let style = index == selected ? selectedStyle : items[index].style
            let line = Rect(x: rect.x, y: rect.y + row, width: rect.width, height: 1)
            buffer.fill(line, style: style)
            buffer.put(items[index].text.truncated(toWidth: rect.width), x: rect.x, y: line.y,
                       style: style, maxWidth: rect.width)
        }
    }

    /// The scroll offset that keeps `selected` visible in `height` rows, moving as little as
    /// possible from `scroll`.
    public static func scrollToShow(selected: Int, scroll: Int, height: Int, count: Int) -> Int {
        guard height > 0, count > 0 else { return 0 }
        var s = scroll
        if selected < s { s = selected }
        if selected >= s + height { s = selected - height + 1 }
        return max(0, min(s, max(0, count - height)))
    }
}
