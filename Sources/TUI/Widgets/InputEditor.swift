/// The chat input line: a multi-line text editor with readline-style editing and history,
/// measured in graphemes (the cursor never lands inside one) and drawn by display width.
public struct InputEditor: Equatable, Sendable {
    private var characters: [Character]
    /// The columns of each grapheme (`InputColumns.lineBreak` for "\n"), kept in step with
    /// `characters`: layout reads only these, a byte per grapheme, never the graphemes.
    private var columns: [UInt8]
    /// Cursor position as a grapheme index into `text` (0...count).
    public private(set) var cursor: Int
    private var history: [String] = []
    private var historyIndex: Int?
    private var draft: String = ""

    /// The whole input; may contain "\n" from a paste or Alt-Enter.
    public var text: String { String(characters) }
    public var isEmpty: Bool { characters.isEmpty }

    public init(text: String = "") {
        characters = Array(text.sanitizedForTerminal(keepNewlines: true))
        columns = InputColumns.of(characters)
        cursor = characters.count
    }

    // MARK: Editing

    /// Inserts text at the cursor (sanitised: controls become visible, "\r\n" becomes "\n").
    /// Costs the inserted text, not the whole input: only the graphemes either side are
    /// re-segmented with it (an inserted combining mark joins the grapheme before it).
    public mutating func insert(_ s: String) {
        let safe = s.sanitizedForTerminal(keepNewlines: true)
        guard !safe.isEmpty else { return }
        let from = max(0, cursor - 1)
        let to = min(characters.count, cursor + 1)
        let head = String(characters[from..<cursor]) + safe
        let joined = Array(head + String(characters[cursor..<to]))
        replace(from..<to, with: joined)
        cursor = from + min(head.count, joined.count)
    }

    public mutating func deleteBackward() {
        guard cursor > 0 else { return }
        replace((cursor - 1)..<cursor, with: [])
        cursor -= 1
    }

    public mutating func deleteForward() {
        guard cursor < characters.count else { return }
        replace(cursor..<(cursor + 1), with: [])
    }

    public mutating func deleteWordBackward() {
        let start = wordStart(before: cursor)
        replace(start..<cursor, with: [])
        cursor = start
    }

    /// Deletes to the end of the current line, or the line break when already there (Ctrl-K).
    public mutating func killToEnd() {
        let end = lineEnd(from: cursor)
        if end == cursor {
            if cursor < characters.count { replace(cursor..<(cursor + 1), with: []) }
        } else {
            replace(cursor..<end, with: [])
        }
    }

    /// Deletes from the start of the current line to the cursor (Ctrl-U).
    public mutating func killToStart() {
        let start = lineStart(from: cursor)
        replace(start..<cursor, with: [])
        cursor = start
    }

    public mutating func clear() {
        characters = []
        columns = []
        cursor = 0
    }

    /// Replaces the text and puts the cursor at its end.
    public mutating func setText(_ s: String) {
        characters = Array(s.sanitizedForTerminal(keepNewlines: true))
        columns = InputColumns.of(characters)
        cursor = characters.count
    }

    /// The run of non-blank graphemes that ends at the cursor (what a completion replaces), and
    /// the grapheme index where it starts; empty at the start of a word.
    public var tokenBeforeCursor: (start: Int, text: String) {
        var i = cursor
        while i > 0 && !characters[i - 1].isWhitespace { i -= 1 }
        return (i, String(characters[i..<cursor]))
    }

    /// Replaces the graphemes from `start` up to the cursor with `s` (a chosen completion); the
    /// cursor ends after it. A `start` past the cursor inserts at the cursor.
    public mutating func replaceBeforeCursor(from start: Int, with s: String) {
        let from = min(max(0, start), cursor)
        replace(from..<cursor, with: [])
        cursor = from
        insert(s)
    }

    // MARK: Movement

    public mutating func moveLeft() { cursor = max(0, cursor - 1) }
    public mutating func moveRight() { cursor = min(characters.count, cursor + 1) }
    /// To the start of the current line.
    public mutating func moveHome() { cursor = lineStart(from: cursor) }
    /// To the end of the current line.
    public mutating func moveEnd() { cursor = lineEnd(from: cursor) }
    public mutating func moveWordLeft() { cursor = wordStart(before: cursor) }

    public mutating func moveWordRight() {
        var i = cursor
        while i < characters.count && characters[i].isWhitespace { i += 1 }
        guard i < characters.count else { cursor = i; return }
        let kind = WordKind(characters[i])
        while i < characters.count && !characters[i].isWhitespace && WordKind(characters[i]) == kind { i += 1 }
        cursor = i
    }

    /// Moves to the same column of the previous line; false (and no move) on the first line,
    /// so the caller can recall history instead.
    public mutating func moveUp() -> Bool {
        let start = lineStart(from: cursor)
        guard start > 0 else { return false }
        let column = columnWidth(from: start, to: cursor)
        let previousStart = lineStart(from: start - 1)
        cursor = index(atColumn: column, from: previousStart)
        return true
    }

    /// Moves to the same column of the next line; false (and no move) on the last line.
    public mutating func moveDown() -> Bool {
        let end = lineEnd(from: cursor)
        guard end < characters.count else { return false }
        let column = columnWidth(from: lineStart(from: cursor), to: cursor)
        cursor = index(atColumn: column, from: end + 1)
        return true
    }

    // MARK: History

    /// Returns the text, records it in history (unless empty or a repeat of the last entry), clears.
    public mutating func submit() -> String {
        let submitted = text
        if !submitted.isEmpty && history.last != submitted {
            history.append(submitted)
        }
        historyIndex = nil
        draft = ""
        clear()
        return submitted
    }

    /// Recalls the previous history entry; the unsent text is kept to come back to.
    public mutating func historyPrevious() {
        guard !history.isEmpty else { return }
        if let index = historyIndex {
            guard index > 0 else { return }
            historyIndex = index - 1
        } else {
            draft = text
            historyIndex = history.count - 1
        }
        setText(history[historyIndex!])
    }

    /// Recalls the next history entry, or the unsent text after the newest entry.
    public mutating func historyNext() {
        guard let index = historyIndex else { return }
        if index + 1 < history.count {
            historyIndex = index + 1
            setText(history[index + 1])
        } else {
            historyIndex = nil
            setText(draft)
        }
    }

    // MARK: Drawing

    /// Draws with a prompt prefix, wrapping over up to rect.height rows (scrolls to keep the
    /// cursor visible); returns the cursor's screen position. Continuation rows are indented to
    /// line up with the first. Only the lines around the cursor are laid out, so a frame costs
    /// the rows it shows (and the line the cursor is in), not the length of a huge paste.
    public func draw(into buffer: inout CellBuffer, rect: Rect, prompt: String, style: Style,
                     promptStyle: Style) -> (x: Int, y: Int) {
        guard !rect.isEmpty else { return (rect.x, rect.y) }
        let promptWidth = min(prompt.sanitizedForTerminal().displayWidth, max(0, rect.width - 1))
        let window = InputWindow(columns, cursor: cursor, textWidth: rect.width - promptWidth, height: rect.height)
        buffer.fill(rect, style: style)
        if window.showsFirstRow {
            buffer.put(prompt, x: rect.x, y: rect.y, style: promptStyle, maxWidth: promptWidth)
        }
        let textX = rect.x + promptWidth
        for row in window.rows {
            var column = 0
            for i in row.range {
                buffer.put(String(characters[i]), x: textX + column, y: rect.y + row.screenRow, style: style,
                           maxWidth: rect.maxX - (textX + column))
                column += Int(columns[i])
            }
        }
        return (textX + window.cursorColumn, rect.y + window.cursorRow)
    }

    /// Rows needed to show the whole text (and the cursor) at this width, at least 1; counting
    /// stops at `atMost` (a caller that shows no more rows need not lay out a huge text).
    public func rowsNeeded(width: Int, prompt: String, atMost: Int = .max) -> Int {
        let promptWidth = min(prompt.sanitizedForTerminal().displayWidth, max(0, width - 1))
        let textWidth = max(1, width - promptWidth)
        var rows = 0
        var start = 0
        while rows < atMost {
            let line = LineRows(columns, from: start, textWidth: textWidth, atMost: atMost - rows)
            rows += line.count
            guard line.end < characters.count else { break }
            start = line.end + 1
        }
        return min(rows, atMost)
    }

    // MARK: Private

    /// The one way the text changes, so `columns` stays in step with `characters`.
    private mutating func replace(_ range: Range<Int>, with new: [Character]) {
        characters.replaceSubrange(range, with: new)
        columns.replaceSubrange(range, with: InputColumns.of(new))
    }

    private func lineStart(from index: Int) -> Int {
        var i = index
        while i > 0 && columns[i - 1] != InputColumns.lineBreak { i -= 1 }
        return i
    }

    private func lineEnd(from index: Int) -> Int {
        var i = index
        while i < columns.count && columns[i] != InputColumns.lineBreak { i += 1 }
        return i
    }

    private func wordStart(before index: Int) -> Int {
        var i = index
        while i > 0 && characters[i - 1].isWhitespace { i -= 1 }
        guard i > 0 else { return 0 }
        let kind = WordKind(characters[i - 1])
        while i > 0 && !characters[i - 1].isWhitespace && WordKind(characters[i - 1]) == kind { i -= 1 }
        return i
    }

    private func columnWidth(from start: Int, to end: Int) -> Int {
        characters[start..<end].reduce(0) { $0 + DisplayWidth.of($1) }
    }

    private func index(atColumn column: Int, from start: Int) -> Int {
        var i = start, used = 0
        while i < characters.count && characters[i] != "\n" {
            let w = DisplayWidth.of(characters[i])
            if used + w > column { break }
            used += w
            i += 1
        }
        return i
    }
}

/// What a word is for word-wise movement: a run of letters and digits, a run of wide (CJK)
/// characters, or a run of punctuation.
private enum WordKind: Equatable {
    case word, wide, punctuation

    init(_ c: Character) {
        if DisplayWidth.of(c) >= 2 {
            self = .wide
        } else if c.isLetter || c.isNumber || c == "_" {
            self = .word
        } else {
            self = .punctuation
        }
    }
}
