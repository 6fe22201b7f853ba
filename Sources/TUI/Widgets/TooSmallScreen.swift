/// What to show instead of the app when the terminal is smaller than the layout needs.
public enum TooSmallScreen {
    /// Clears the buffer and draws a centred "Terminal too small (need WxH)" message, wrapped
    /// when even that does not fit on one row.
    public static func draw(into buffer: inout CellBuffer, minWidth: Int, minHeight: Int) {
        buffer.fill(buffer.bounds, style: .plain)
        let message = "Terminal too small (need \(minWidth)x\(minHeight))"
        let lines = TextWrap.wrap(message, width: max(1, buffer.width))
        let top = max(0, (buffer.height - lines.count) / 2)
        for (i, line) in lines.enumerated() where top + i < buffer.height {
            let x = max(0, (buffer.width - line.displayWidth) / 2)
            buffer.put(line, x: x, y: top + i, style: Style(bold: true))
        }
    }
}
