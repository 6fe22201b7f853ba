import TUI

/// The `/` menu and the `@` picker: a box over the bottom of the transcript, just above the
/// input, with a row per entry (its name, then its help or URI dimmed), the selected row
/// highlighted, and the keys in its bottom edge from `KeyMap.popup`.
enum InputPopupBox {
    /// Rows of entries shown at once, at most.
    static let maxRows = InputPopupReducer.pageRows
    /// The box is never wider than this: a long URI is cut rather than the box spanning a wide screen.
    static let maxWidth = 100

    /// Where the box of `count` entries goes in `area` (the transcript's part of the screen):
    /// along its bottom edge, from its left.
    static func frame(count: Int, area: Rect) -> Rect {
        let rows = min(count, maxRows, max(0, area.height - 2))
        let height = rows + 2
        let width = min(area.width, maxWidth)
        return Rect(x: area.x, y: area.maxY - height, width: width, height: height)
    }

    static func draw(_ popup: InputPopup, entries: [InputPopup.Entry], selected: Int, theme: Theme,
                     into buffer: inout CellBuffer, area: Rect) {
        let rect = frame(count: entries.count, area: area)
        guard rect.height >= 3, rect.width >= 12 else { return }
        let base = theme.style("modal")
        buffer.fill(rect, style: base)
        let title = "\(popup.title) \(selected + 1)/\(entries.count)"
        let inner = Box.draw(into: &buffer, rect: rect, title: title, style: theme.style("modal.border"),
                             titleStyle: theme.style("modal.title"))
        let scroll = ListView.scrollToShow(selected: selected, scroll: 0, height: inner.height, count: entries.count)
        let labels = entries.map { $0.label.sanitizedForTerminal() }
        let labelWidth = SidePaneView.columnWidth(labels, limit: max(1, (inner.width - 2) * 2 / 5))
        for row in 0..<inner.height {
            let index = scroll + row
            guard index < entries.count else { break }
            let chosen = index == selected
            let style = chosen ? theme.style("list.selected") : base
            let y = inner.y + row
            buffer.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), style: style)
            let room = inner.width - labelWidth - 4
            let detail = entries[index].detail.split(whereSeparator: \.isNewline).joined(separator: " ")
            StyledLine([(" " + SidePaneView.column(labels[index], labelWidth) + "  ", chosen ? style : theme.style("modal.emphasis")),
                        (detail.truncated(toWidth: max(0, room)), chosen ? style : theme.style("modal.label"))])
                .draw(into: &buffer, x: inner.x, y: y, width: inner.width)
        }
        footer(KeyMap.popup, theme: theme, into: &buffer, rect: rect)
    }

    /// The keys with a hint ("Tab complete · Enter choose · Esc close") in the box's bottom
    /// edge, as many as fit whole.
    static func footer(_ bindings: [KeyBinding], theme: Theme, into buffer: inout CellBuffer, rect: Rect) {
        let room = rect.width - 4
        var text = ""
        for binding in bindings {
            guard let hint = binding.hint else { continue }
            let part = (text.isEmpty ? " " : " · ") + "\(binding.label) \(hint)"
            guard (text + part + " ").displayWidth <= room else { break }
            text += part
        }
        guard !text.isEmpty else { return }
        buffer.put(text + " ", x: rect.x + 2, y: rect.maxY - 1, style: theme.style("modal.key"), maxWidth: room)
    }
}
