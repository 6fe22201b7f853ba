import TUI

/// The side pane's frame: a tab bar (Servers · Resources · Prompts · Log) above the selected
/// tab's content, and the list-with-details layout the Resources and Prompts tabs share.
enum SidePaneView {
    static func draw(_ state: AppState, theme: Theme, into buffer: inout CellBuffer, rect: Rect) {
        guard rect.height >= 3 else { return }
        let full = SidePane.tabs.map(\.title)
        let fits = full.map { $0.displayWidth + 3 }.reduce(0, +) <= rect.width
        let titles = fits ? full : SidePane.tabs.map { String($0.title.prefix(3)) }
        TabBar.draw(titles: titles, selected: SidePane.tabs.firstIndex(of: state.sidePane) ?? 0, into: &buffer,
                    rect: Rect(x: rect.x, y: rect.y, width: rect.width, height: 1),
                    style: theme.style("pane.dim"), selectedStyle: theme.style("list.selected"))
        let body = Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 1)
        switch state.sidePane {
        case .servers:
            ServersPane.draw(servers: state.servers, tools: state.catalog.tools, theme: theme, into: &buffer, rect: body,
                             scroll: state.sidePaneState.serversScroll, trace: state.trace, timeZone: state.timeZone, now: state.wallClock)
        case .resources:
            ResourcesPane.draw(state, theme: theme, into: &buffer, rect: body)
        case .prompts:
            PromptsPane.draw(state, theme: theme, into: &buffer, rect: body)
        case .log:
            if state.traceView.shown {
                TracePane.draw(state, theme: theme, into: &buffer, rect: body)
            } else {
                LogPane.draw(state.log, theme: theme, into: &buffer, rect: body, timeZone: state.timeZone)
            }
        }
    }

    /// A bordered list on top and the selected item's details below, with the keys at the
    /// bottom while the pane has the keyboard. `details` is laid out for `detailWidth(rect)`.
    static func drawList(
        title: String, rows: [String], selected: Int?, details: [StyledLine], empty: String, hint: String,
        focused: Bool, theme: Theme, into buffer: inout CellBuffer, rect: Rect
    ) {
        let inner = Box.draw(into: &buffer, rect: rect, title: title,
                             style: theme.style(focused ? "border.focused" : "pane.border"),
                             titleStyle: theme.style("pane.title"))
        guard inner.width > 2, inner.height > 0 else { return }
        let text = Rect(x: inner.x + 1, y: inner.y, width: inner.width - 1, height: inner.height)
        var height = text.height
        if focused, height > 1 {
            height -= 1
            buffer.put(hint.truncated(toWidth: text.width), x: text.x, y: text.y + height,
                       style: theme.style("pane.dim"), maxWidth: text.width)
        }
        if rows.isEmpty {
            for (row, line) in StyledLine.wrapped(empty, width: text.width, style: theme.style("pane.dim"))
                .prefix(height).enumerated() {
                line.draw(into: &buffer, x: text.x, y: text.y + row, width: text.width)
            }
            return
        }
        // The list takes what it needs up to half the pane when details follow.
        let listHeight = details.isEmpty || height < 6 ? height : min(rows.count, max(3, height / 2))
        let scroll = ListView.scrollToShow(selected: selected ?? 0, scroll: 0,
                                           height: listHeight, count: rows.count)
        ListView.draw(items: rows.map { ($0, theme.style("pane.text")) }, selected: selected, scroll: scroll,
                      into: &buffer, rect: Rect(x: text.x, y: text.y, width: text.width, height: listHeight),
                      selectedStyle: theme.style(focused ? "list.selected" : "pane.emphasis"))
        let detailTop = listHeight + 1
        guard height > detailTop else { return }
        buffer.put(String(repeating: "─", count: text.width), x: text.x, y: text.y + listHeight,
                   style: theme.style("pane.border"))
        for (row, line) in details.prefix(height - detailTop).enumerated() {
            line.draw(into: &buffer, x: text.x, y: text.y + detailTop + row, width: text.width)
        }
    }

    /// Columns of text inside a pane of `rect` (border and the left margin taken).
    static func textWidth(_ rect: Rect) -> Int { max(1, rect.width - 3) }

    /// `text` cut or padded with spaces to exactly `width` columns (CJK counts two).
    static func column(_ text: String, _ width: Int) -> String {
        let cut = text.truncated(toWidth: width)
        return cut + String(repeating: " ", count: max(0, width - cut.displayWidth))
    }

    /// A width for a column holding `texts`: their widest, at most `limit`, at least 1.
    static func columnWidth(_ texts: [String], limit: Int) -> Int {
        max(1, min(limit, texts.map { $0.sanitizedForTerminal().displayWidth }.max() ?? 1))
    }
}
