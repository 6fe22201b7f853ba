import Foundation
import MCPHost
import TUI

/// The log tab's trace view: one row per JSON-RPC message (time, direction, server, method, id,
/// latency or error), filtered and searched; a message opened whole as pretty JSON with the
/// request or response it pairs with, scrolled with the keys.
enum TracePane {
    static func draw(_ state: AppState, theme: Theme, into buffer: inout CellBuffer, rect: Rect) {
        let view = state.traceView
        let focused = state.sidePaneState.focused
        let records = view.visible(state.trace)
        let dropped = state.trace.dropped(server: view.server)
        let title = "Trace \(records.count)" + (dropped > 0 ? " · \(dropped) older dropped" : "")
        let inner = Box.draw(into: &buffer, rect: rect, title: title,
                             style: theme.style(focused ? "border.focused" : "pane.border"), titleStyle: theme.style("pane.title"))
        guard inner.width > 2, inner.height > 1 else { return }
        let text = Rect(x: inner.x + 1, y: inner.y, width: inner.width - 1, height: inner.height)
        buffer.put(view.summary.sanitizedForTerminal().truncated(toWidth: text.width), x: text.x, y: text.y,
                   style: theme.style("pane.emphasis"), maxWidth: text.width)
        var height = text.height - 1
        if focused, height > 1 {
            height -= 1
            let hints = KeyMap.trace.compactMap { binding in binding.hint.map { "\(binding.label) \($0)" } }
            buffer.put(hints.joined(separator: " · ").truncated(toWidth: text.width), x: text.x, y: text.y + text.height - 1,
                       style: theme.style("pane.dim"), maxWidth: text.width)
        }
        let body = Rect(x: text.x, y: text.y + 1, width: text.width, height: height)
        if let open = view.open, let record = state.trace.records(server: nil).first(where: { $0.seq == open }) {
            let lines = messageLines(record, pair: pair(of: record, in: state.trace), width: body.width, theme: theme,
                                     timeZone: state.timeZone)
            let scroll = min(view.openScroll, max(0, lines.count - body.height))
            for (row, line) in lines.dropFirst(scroll).prefix(body.height).enumerated() {
                line.draw(into: &buffer, x: body.x, y: body.y + row, width: body.width)
            }
            return
        }
        if records.isEmpty {
            let empty = state.trace.records().isEmpty ? "No messages yet." : "No message matches."
            buffer.put(empty, x: body.x, y: body.y, style: theme.style("pane.dim"), maxWidth: body.width)
            return
        }
        let selected = view.selectedIndex(in: records) ?? 0
        let scroll = ListView.scrollToShow(selected: selected, scroll: max(0, records.count - body.height),
                                           height: body.height, count: records.count)
        let rows = records.map { (row($0, timeZone: state.timeZone), theme.style($0.isError ? "log.error" : "pane.text")) }
        ListView.draw(items: rows.map { (text: $0.0, style: $0.1) }, selected: selected, scroll: scroll, into: &buffer,
                      rect: body, selectedStyle: theme.style(focused ? "list.selected" : "pane.emphasis"))
    }

    /// "17:20:01 → fixture tools/call #3" and, for a response, "12 ms" or "E-32601".
    static func row(_ record: TraceRecord, timeZone: TimeZone) -> String {
        var parts = [ServerHealthText.clockTime(record.time, timeZone: timeZone), record.direction == .out ? "→" : "←",
                     record.server, record.method ?? record.kind.rawValue]
        if let id = record.id { parts.append("#" + id) }
        if record.kind == .serverRequest { parts.append("(server asks)") }
        if let code = record.errorCode { parts.append("E\(code)") } else if record.toolError { parts.append("isError") }
        if let latency = record.latencyMs { parts.append(MetricsText.duration(latency)) }
        return parts.joined(separator: " ").sanitizedForTerminal()
    }

    /// The request a response answers, or the response to a request (same server and id, going
    /// the other way).
    static func pair(of record: TraceRecord, in trace: TraceLog) -> TraceRecord? {
        guard let id = record.id else { return nil }
        let others = trace.records(server: record.server).filter { $0.id == id && $0.direction != record.direction }
        switch record.kind {
        case .response:
            return others.last { ($0.kind == .request || $0.kind == .serverRequest) && $0.seq < record.seq }
        case .request, .serverRequest:
            return others.first { $0.kind == .response && $0.seq > record.seq }
        case .notification, .batch:
            return nil
        }
    }

    /// The message and its pair, each under a heading, as wrapped rows (CJK measured once, by TUI).
    static func messageLines(_ record: TraceRecord, pair: TraceRecord?, width: Int, theme: Theme,
                             timeZone: TimeZone) -> [StyledLine] {
        var out: [StyledLine] = []
        for (index, item) in ([record] + (pair.map { [$0] } ?? [])).enumerated() {
            if index > 0 { out.append(StyledLine(String(repeating: "─", count: max(1, width)), theme.style("pane.border"))) }
            var heading = "\(item.direction == .out ? "→ to" : "← from") \(item.server) · \(item.kind.rawValue)"
            heading += " · \(MetricsText.bytes(item.bytes))"
            if let latency = item.latencyMs { heading += " · \(MetricsText.duration(latency))" }
            out += StyledLine.wrapped(heading + " · " + ServerHealthText.clockTime(item.time, timeZone: timeZone),
                                      width: width, style: theme.style(item.isError ? "log.error" : "pane.emphasis"))
            // What a server sent is text on a terminal: DEL, C1 and other controls made visible.
            for line in PrettyJSON.lines(item.message).map({ $0.sanitizedForTerminal() }) {
                // Indentation kept on wrapped rows: a wrapped row starts under its first character.
                let indent = String(line.prefix { $0 == " " })
                out += StyledLine.wrapped(String(line.dropFirst(indent.count)), width: width, style: theme.style("pane.text"),
                                          firstPrefix: (indent, theme.style("pane.text")), indent: indent)
            }
        }
        if pair == nil, record.id != nil {
            out.append(StyledLine(record.kind == .response ? "(its request is no longer in the trace)" : "(no answer yet)",
                                  theme.style("pane.dim")))
        }
        return out
    }
}
