/// An off-screen grid of cells. Views draw into it; a backend shows it, sending only what changed.
/// Wide characters take a lead cell and a continuation cell; writes keep that pair intact by
/// blanking the other half when one half is overwritten.
public struct CellBuffer: Equatable, Sendable {
    public let width: Int
    public let height: Int
    private var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank(), count: self.width * self.height)
    }

    /// The whole buffer as a rectangle.
    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// Reads a cell (a blank outside the buffer) or writes one (ignored outside the buffer).
    /// Writing a width-2 cell also writes its continuation, or a space if it would not fit.
    public subscript(x: Int, y: Int) -> Cell {
        get {
            guard x >= 0, x < width, y >= 0, y < height else { return .blank() }
            return cells[y * width + x]
        }
        set {
            guard x >= 0, x < width, y >= 0, y < height else { return }
            if newValue.width == 0 {
                cells[y * width + x] = newValue
                return
            }
            if newValue.width >= 2 && x + 1 >= width {
                place(.blank(newValue.style), x: x, y: y)
                return
            }
            place(newValue, x: x, y: y)
        }
    }

    /// Writes a sanitised cell and repairs wide characters it cuts in half.
    private mutating func place(_ cell: Cell, x: Int, y: Int) {
        let row = y * width
        let span = cell.width >= 2 ? 2 : 1
        // A wide character whose right half we overwrite loses its left half.
        if cells[row + x].width == 0 && x > 0 && cells[row + x - 1].width == 2 {
            cells[row + x - 1] = .blank(cells[row + x - 1].style)
        }
        // A wide character whose left half we overwrite at our last column loses its right half.
        let last = x + span - 1
        if cells[row + last].width == 2 && last + 1 < width {
            cells[row + last + 1] = .blank(cells[row + last + 1].style)
        }
        cells[row + x] = cell
        if span == 2 {
            cells[row + x + 1] = .continuation(cell.style)
        }
    }

    /// Writes text (sanitised, single line) at (x,y), clipped to `maxWidth` columns (default:
    /// to the right edge). A wide character that does not fit is replaced by a space; marks with
    /// nothing to combine with are dropped. Returns the columns used.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height else { return 0 }
        let limit = min(width, maxWidth.map { x + max(0, $0) } ?? width)
        var column = x
        for c in text.sanitizedForTerminal() {
            if column >= limit { break }
            let w = DisplayWidth.of(c)
            if w == 0 { continue }
            if column + w > limit {
                if column >= 0 { place(.blank(style), x: column, y: y) }
                column += 1
                break
            }
            if column >= 0 {
                place(Cell(grapheme: String(c), width: w, style: style), x: column, y: y)
            } else if column + w > 0 {
                // The left half is off the buffer: show the visible half as a space.
                place(.blank(style), x: 0, y: y)
            }
            column += w
        }
        return max(0, column - x)
    }

    /// Fills `rect` (clipped to the buffer) with a grapheme in a style.
    public mutating func fill(_ rect: Rect, style: Style, grapheme: String = " ") {
        let area = rect.intersection(bounds)
        guard !area.isEmpty else { return }
        let safe = grapheme.sanitizedForTerminal()
        let w = max(1, min(2, safe.displayWidth))
        let cell = safe.displayWidth == 0 ? Cell.blank(style) : Cell(grapheme: safe, width: w, style: style)
        for y in area.y..<area.maxY {
            var x = area.x
            while x < area.maxX {
                if x + cell.width > area.maxX {
                    place(.blank(style), x: x, y: y)
                } else {
                    place(cell, x: x, y: y)
                }
                x += cell.width
            }
        }
    }

    /// Text snapshot: one String per row (continuation cells skipped), trailing spaces kept.
    public func lines() -> [String] {
        (0..<height).map { y in
            var line = ""
            for x in 0..<width where cells[y * width + x].width > 0 {
                line += cells[y * width + x].grapheme
            }
            return line
        }
    }

    /// The cells of one row (for backends).
    public func row(_ y: Int) -> ArraySlice<Cell> {
        cells[(y * width)..<((y + 1) * width)]
    }
}
