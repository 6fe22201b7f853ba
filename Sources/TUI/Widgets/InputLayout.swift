/// The columns of each grapheme of the input, one byte each, so that layout scans bytes instead
/// of graphemes (a megabyte-long line is laid out in about a millisecond).
enum InputColumns {
    /// The value for "\n": it ends a line and takes no columns.
    static let lineBreak: UInt8 = 0xFF

    static func of(_ characters: [Character]) -> [UInt8] {
        characters.map { $0 == "\n" ? lineBreak : UInt8(min(2, max(0, DisplayWidth.of($0)))) }
    }
}

/// How one line of the input (up to its "\n" or the end) wraps at a width: editor-style wrapping
/// at any grapheme (so the cursor maps exactly), a wide character that does not fit moves down a
/// row. Lines wrap independently, so the rows near the cursor can be found without the rest.
struct LineRows {
    /// Index of the line's first grapheme.
    var start: Int
    /// Index of its "\n", or the input's length for the last line.
    var end: Int
    /// Index of the first grapheme of each row; a row may begin at `end` (the cursor after a
    /// last line that fills its row goes to a row of its own).
    var starts: [Int]
    var count: Int { starts.count }

    /// Lays out the line that begins at `start`, stopping after `atMost` rows (then `end` is where
    /// it stopped, not the line's end).
    init(_ columns: [UInt8], from start: Int, textWidth rawWidth: Int, atMost: Int = .max) {
        let textWidth = max(1, rawWidth)
        self.start = start
        var starts = [start]
        var column = 0
        var i = start
        while i < columns.count, columns[i] != InputColumns.lineBreak {
            let w = Int(columns[i])
            if column + w > textWidth && column > 0 {
                if starts.count >= atMost { break }
                starts.append(i)
                column = 0
            }
            column += w
            i += 1
        }
        if i == columns.count, column >= textWidth, starts.count < atMost {
            starts.append(i)
        }
        end = i
        self.starts = starts
    }

    /// The row (within the line) of the grapheme at `index`, start...end.
    func row(of index: Int) -> Int {
        var low = 0, high = starts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if starts[mid] <= index { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// The graphemes of row `row` (the line's "\n" is not in any).
    func range(ofRow row: Int) -> Range<Int> {
        starts[row]..<(row + 1 < starts.count ? starts[row + 1] : end)
    }
}

/// The rows of the input a draw shows: the cursor's row and the rows above it up to the height,
/// or from the first row when the cursor is near the top; laid out from the cursor's line outwards.
struct InputWindow {
    struct Row {
        var screenRow: Int
        var range: Range<Int>
    }

    var rows: [Row] = []
    var cursorRow: Int
    var cursorColumn: Int
    /// The window begins at the input's first row (where the prompt is drawn).
    var showsFirstRow: Bool

    init(_ columns: [UInt8], cursor: Int, textWidth: Int, height: Int) {
        var lineStart = cursor
        while lineStart > 0 && columns[lineStart - 1] != InputColumns.lineBreak { lineStart -= 1 }
        let cursorLine = LineRows(columns, from: lineStart, textWidth: textWidth)
        let rowInLine = cursorLine.row(of: cursor)
        cursorColumn = columns[cursorLine.starts[rowInLine]..<cursor].reduce(0) { $0 + Int($1) }

        // Lines above the cursor's, newest first, until the window's rows above the cursor are full.
        var above: [LineRows] = []
        var rowsAbove = rowInLine
        var first = lineStart
        while rowsAbove < height - 1, first > 0 {
            var previousStart = first - 1
            while previousStart > 0 && columns[previousStart - 1] != InputColumns.lineBreak { previousStart -= 1 }
            let line = LineRows(columns, from: previousStart, textWidth: textWidth)
            above.append(line)
            rowsAbove += line.count
            first = previousStart
        }
        // Rows are numbered from the first row of the cursor's line; the window ends at the
        // cursor's row unless the input begins less than a window above it.
        let topRow = max(rowInLine - (height - 1), -(rowsAbove - rowInLine))
        showsFirstRow = first == 0 && topRow == -(rowsAbove - rowInLine)
        cursorRow = rowInLine - topRow

        var lineFirstRow = -(rowsAbove - rowInLine)
        for line in above.reversed() {
            add(line, firstRow: lineFirstRow, topRow: topRow, height: height)
            lineFirstRow += line.count
        }
        add(cursorLine, firstRow: 0, topRow: topRow, height: height)
        var next = cursorLine
        lineFirstRow = cursorLine.count
        while lineFirstRow < topRow + height, next.end < columns.count {
            next = LineRows(columns, from: next.end + 1, textWidth: textWidth, atMost: topRow + height - lineFirstRow)
            add(next, firstRow: lineFirstRow, topRow: topRow, height: height)
            lineFirstRow += next.count
        }
    }

    private mutating func add(_ line: LineRows, firstRow: Int, topRow: Int, height: Int) {
        for row in 0..<line.count where firstRow + row >= topRow && firstRow + row < topRow + height {
            rows.append(Row(screenRow: firstRow + row - topRow, range: line.range(ofRow: row)))
        }
    }
}
