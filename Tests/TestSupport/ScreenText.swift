import TUI

extension CellBuffer {
    /// The screen as text lines without their trailing blanks: how screen tests state what the
    /// user sees (as ratatui's `Buffer::with_lines`), CJK rows included.
    public func trimmedLines() -> [String] {
        lines().map { String($0.reversed().drop { $0 == " " }.reversed()) }
    }
}
