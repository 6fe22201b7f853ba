/// A bordered frame with a title, for panes and modals.
public enum Box {
    /// Draws a border (Unicode box drawing, or +-| when `ascii`) with the title in the top edge;
    /// returns the inner rect. The inside is not cleared: fill it first for a modal.
    @discardableResult
    public static func draw(into buffer: inout CellBuffer, rect: Rect, title: String, style: Style,
                            titleStyle: Style, ascii: Bool = false) -> Rect {
        guard rect.width >= 2, rect.height >= 2 else { return Rect(x: rect.x, y: rect.y, width: 0, height: 0) }
        let glyphs = ascii
            ? (tl: "+", tr: "+", bl: "+", br: "+", h: "-", v: "|")
            : (tl: "┌", tr: "┐", bl: "└", br: "┘", h: "─", v: "│")
        let right = rect.maxX - 1, bottom = rect.maxY - 1
        buffer.fill(Rect(x: rect.x + 1, y: rect.y, width: rect.width - 2, height: 1), style: style, grapheme: glyphs.h)
        buffer.fill(Rect(x: rect.x + 1, y: bottom, width: rect.width - 2, height: 1), style: style, grapheme: glyphs.h)
        buffer.fill(Rect(x: rect.x, y: rect.y + 1, width: 1, height: rect.height - 2), style: style, grapheme: glyphs.v)
        buffer.fill(Rect(x: right, y: rect.y + 1, width: 1, height: rect.height - 2), style: style, grapheme: glyphs.v)
        buffer.put(glyphs.tl, x: rect.x, y: rect.y, style: style)
        buffer.put(glyphs.tr, x: right, y: rect.y, style: style)
        buffer.put(glyphs.bl, x: rect.x, y: bottom, style: style)
        buffer.put(glyphs.br, x: right, y: bottom, style: style)
        // " title " starting two columns in, leaving at least one border cell before the corner.
        let room = rect.width - 4
        if !title.isEmpty && room >= 3 {
            let shown = " " + title.truncated(toWidth: room - 2) + " "
            buffer.put(shown, x: rect.x + 2, y: rect.y, style: titleStyle, maxWidth: room)
        }
        return Rect(x: rect.x + 1, y: rect.y + 1, width: rect.width - 2, height: rect.height - 2)
    }
}
