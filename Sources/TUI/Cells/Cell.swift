/// One terminal cell: a grapheme with its display width and style. The right half of a wide
/// character is a continuation cell (grapheme "", width 0).
public struct Cell: Equatable, Sendable {
    public var grapheme: String
    public var width: Int
    public var style: Style

    public init(grapheme: String, width: Int, style: Style) {
        self.grapheme = grapheme
        self.width = width
        self.style = style
    }

    /// A space in the given style.
    public static func blank(_ style: Style = .plain) -> Cell {
        Cell(grapheme: " ", width: 1, style: style)
    }

    /// The right half of a wide character.
    public static func continuation(_ style: Style) -> Cell {
        Cell(grapheme: "", width: 0, style: style)
    }

    public var isContinuation: Bool { width == 0 }
}
