import TUI

/// The box that asks for a resource template's values (the `@` picker chose a template): the
/// variable's text field, the URI as it will be, the server's suggestions, and the keys in its
/// bottom edge from `KeyMap.templateFill`. It sits where the picker was, above the input.
enum TemplateFillBox {
    static let maxSuggestions = 6
    static let maxWidth = 80

    /// Draws the box in `area` (the transcript's part of the screen); returns where the cursor goes.
    static func draw(_ fill: TemplateFill, theme: Theme, into buffer: inout CellBuffer, area: Rect) -> (x: Int, y: Int)? {
        let base = theme.style("modal")
        let problemRows = fill.problem == nil ? 0 : 1
        let wanted = 2 + min(fill.suggestions.count, maxSuggestions) + problemRows
        let height = min(area.height, wanted + 2)
        let rect = Rect(x: area.x, y: area.maxY - height, width: min(area.width, maxWidth), height: height)
        guard rect.height >= 3, rect.width >= 12 else { return nil }
        buffer.fill(rect, style: base)
        let position = fill.variables.count > 1 ? " · \(fill.index + 1) of \(fill.variables.count)" : ""
        let inner = Box.draw(into: &buffer, rect: rect, title: "\(fill.template.server):\(fill.template.item.name)\(position)",
                             style: theme.style("modal.border"), titleStyle: theme.style("modal.title"))
        let text = Rect(x: inner.x + 1, y: inner.y, width: inner.width - 1, height: inner.height)
        let cursor = fill.editor.draw(into: &buffer, rect: Rect(x: text.x, y: text.y, width: text.width, height: 1),
                                      prompt: "\(fill.variable): ", style: theme.style("modal.field"),
                                      promptStyle: theme.style("modal.label"))
        var row = 1
        if row < text.height {
            var values = fill.values
            values[fill.variable] = fill.chosenValue
            let uri = URITemplate.expand(fill.template.item.uriTemplate, values: values)
            StyledLine("→ " + uri, theme.style("modal.label")).draw(into: &buffer, x: text.x, y: text.y + row, width: text.width)
            row += 1
        }
        if let problem = fill.problem, row < text.height {
            StyledLine(problem, theme.style("modal.warning")).draw(into: &buffer, x: text.x, y: text.y + row, width: text.width)
            row += 1
        }
        let window = max(0, min(maxSuggestions, text.height - row))
        let scroll = ListView.scrollToShow(selected: fill.selected ?? 0, scroll: 0, height: window, count: fill.suggestions.count)
        ListView.draw(items: fill.suggestions.map { ($0, base) }, selected: fill.selected, scroll: scroll, into: &buffer,
                      rect: Rect(x: text.x, y: text.y + row, width: text.width, height: window),
                      selectedStyle: theme.style("list.selected"))
        InputPopupBox.footer(KeyMap.templateFill, theme: theme, into: &buffer, rect: rect)
        return cursor
    }
}
