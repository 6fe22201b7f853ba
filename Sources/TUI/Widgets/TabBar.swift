/// A one-row bar of tab titles (" Chat │ Tools │ Log "), the selected one highlighted.
public enum TabBar {
    /// Draws the titles left to right in the first row of `rect`; titles that do not fit are
    /// cut with "…". Returns the column range of each tab that was drawn (for mouse-free hints
    /// and tests), in order.
    @discardableResult
    public static func draw(titles: [String], selected: Int, into buffer: inout CellBuffer, rect: Rect,
                            style: Style, selectedStyle: Style, separator: String = "│") -> [Range<Int>] {
        guard !rect.isEmpty else { return [] }
        buffer.fill(Rect(x: rect.x, y: rect.y, width: rect.width, height: 1), style: style)
        var x = rect.x
        var ranges: [Range<Int>] = []
        for (index, title) in titles.enumerated() {
            if index > 0 {
                // A separator only when a tab (at least " … ") fits after it.
                guard rect.maxX - (x + separator.displayWidth) >= 3 else { break }
                x += buffer.put(separator, x: x, y: rect.y, style: style, maxWidth: rect.maxX - x)
            }
            let room = rect.maxX - x
            guard room >= 3 else { break }
            let label = " " + title.truncated(toWidth: room - 2) + " "
            let used = buffer.put(label, x: x, y: rect.y, style: index == selected ? selectedStyle : style,
                                  maxWidth: room)
            ranges.append(x..<(x + used))
            x += used
        }
        return ranges
    }
}
