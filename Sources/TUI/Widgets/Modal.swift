/// A dialog drawn over the screen: a cleared, bordered, titled rectangle centred in an area.
public enum Modal {
    /// Clears a `width` x `height` rectangle centred in `area` (clipped to it) with `style`,
    /// draws its border and title, and returns the inner rect for the content.
    @discardableResult
    public static func draw(into buffer: inout CellBuffer, area: Rect, width: Int, height: Int,
                            title: String, style: Style, borderStyle: Style, titleStyle: Style,
                            ascii: Bool = false) -> Rect {
        let frame = area.centered(width: width, height: height)
        buffer.fill(frame, style: style)
        return Box.draw(into: &buffer, rect: frame, title: title, style: borderStyle,
                        titleStyle: titleStyle, ascii: ascii)
    }
}
