/// The cells a backend must write to turn the previous frame into the next one.
/// A changed half of a wide character means its lead cell is rewritten, so the terminal never
/// holds half a character.
public enum FrameDiff {
    /// Positions of lead cells to write, row by row, left to right. Everything when `old` is nil
    /// or of another size.
    public static func changes(from old: CellBuffer?, to new: CellBuffer) -> [(x: Int, y: Int)] {
        var out: [(x: Int, y: Int)] = []
        let full = old == nil || old!.width != new.width || old!.height != new.height
        for y in 0..<new.height {
            let row = new.row(y)
            let base = row.startIndex
            let oldRow = full ? nil : old!.row(y)
            var lastWritten = -1
            for x in 0..<new.width {
                let cell = row[base + x]
                if let oldRow, oldRow[oldRow.startIndex + x] == cell { continue }
                var lead = x
                if cell.width == 0 && x > 0 && row[base + x - 1].width == 2 { lead = x - 1 }
                if lead > lastWritten {
                    out.append((lead, y))
                    lastWritten = lead
                }
            }
        }
        return out
    }
}
