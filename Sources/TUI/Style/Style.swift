/// How a cell looks: colours and attributes. Themes map role names to styles.
public struct Style: Equatable, Hashable, Sendable {
    public var fg: Color
    public var bg: Color
    public var bold: Bool
    public var dim: Bool
    public var italic: Bool
    public var underline: Bool
    public var reverse: Bool

    public init(fg: Color = .default, bg: Color = .default, bold: Bool = false, dim: Bool = false,
                italic: Bool = false, underline: Bool = false, reverse: Bool = false) {
        self.fg = fg
        self.bg = bg
        self.bold = bold
        self.dim = dim
        self.italic = italic
        self.underline = underline
        self.reverse = reverse
    }

    public static let plain = Style()

    /// `extra`'s colours (where it sets them) and attributes on top of this style: a role laid
    /// over the style of what surrounds it (a keyword inside a code block keeps its background).
    public func overlaid(with extra: Style) -> Style {
        var out = self
        if extra.fg != .default { out.fg = extra.fg }
        if extra.bg != .default { out.bg = extra.bg }
        out.bold = out.bold || extra.bold
        out.dim = out.dim || extra.dim
        out.italic = out.italic || extra.italic
        out.underline = out.underline || extra.underline
        out.reverse = out.reverse || extra.reverse
        return out
    }

    /// This style as the terminal can show it. On a monochrome terminal a style that relied on a
    /// background colour (a selection, a status bar) turns to reverse video so it stays visible.
    public func downgraded(to capability: ColorCapability) -> Style {
        var out = self
        out.fg = downgrade(fg, to: capability)
        out.bg = downgrade(bg, to: capability)
        if capability == .mono && bg != .default {
            out.reverse = true
        }
        return out
    }
}
