import ChatCore
import MCP
import TUI

/// The box that asks the user whether a tool call may run: server, tool, description,
/// annotations, and the arguments as indented JSON. Its body scrolls and says what is below;
/// its footer shows the answer keys from `KeyMap.approval`, dimmed until they work.
enum ApprovalBox {
    /// Rows of the description shown before "…" until the user asks for all of it.
    static let descriptionRows = 3

    /// The rect the box takes inside `area` (the transcript area).
    static func frame(in area: Rect, contentRows: Int) -> Rect {
        let width = min(area.width, max(40, min(100, area.width - 4)))
        let height = min(area.height, contentRows + 2)
        return Rect(x: area.x + (area.width - width) / 2, y: area.y + area.height - height, width: width, height: height)
    }

    /// Annotation hints as short words ("read-only", "destructive", …), read as the MCP spec
    /// says to read a missing one: not read-only, destructive unless read-only, not idempotent,
    /// open-world. What the server did not say is marked "(assumed)"; hints never approve a call.
    static func badges(_ annotations: Tool.Annotations) -> [(word: String, warn: Bool)] {
        var out: [(String, Bool)] = []
        let readOnly = annotations.readOnlyHint ?? false
        if readOnly {
            out.append(("read-only", false))
        } else {
            let destructive = annotations.destructiveHint ?? true
            if destructive { out.append(("destructive" + (annotations.destructiveHint == nil ? " (assumed)" : ""), true)) }
            if annotations.idempotentHint == true { out.append(("idempotent", false)) }
        }
        if annotations.openWorldHint ?? true {
            out.append(("open-world" + (annotations.openWorldHint == nil ? " (assumed)" : ""), true))
        }
        return out.map { (word: $0.0, warn: $0.1) }
    }

    /// The scrollable body: what changed, server, tool, description, hints, arguments.
    static func bodyLines(_ record: ToolCallRecord, width: Int, fullDescription: Bool, theme: Theme) -> [StyledLine] {
        let label = theme.style("modal.label")
        let text = theme.style("modal.text")
        var body: [StyledLine] = []
        if !record.changedWhileWaiting.isEmpty {
            body += StyledLine.wrapped(
                "The server changed this tool's \(record.changedWhileWaiting.joined(separator: ", ")) while you were deciding. Check it again.",
                width: width, style: theme.style("modal.warning"), firstPrefix: ("⚠ ", theme.style("modal.warning")), indent: "  ")
        }
        body.append(StyledLine([("Server  ", label), ((record.server ?? "?").sanitizedForTerminal(), theme.style("modal.emphasis"))]))
        body.append(StyledLine([("Tool    ", label), ((record.toolName ?? record.qualifiedName).sanitizedForTerminal(), theme.style("modal.emphasis"))]))
        if let description = record.toolDescription, !description.isEmpty {
            var rows = StyledLine.wrapped(description, width: width, style: text, firstPrefix: ("About   ", label), indent: "        ")
            if !fullDescription, rows.count > descriptionRows {
                rows = Array(rows.prefix(descriptionRows))
                let last = rows[descriptionRows - 1].runs.map(\.text).joined()
                rows[descriptionRows - 1] = StyledLine(last.truncated(toWidth: max(1, width - 1), ellipsis: "") + "…", text)
                let key = KeyMap.label(of: .toggleDescription, in: KeyMap.approval)
                rows.append(StyledLine([("        ", text), (key, theme.style("modal.key")), (" read all of it", label)]))
            }
            body += rows
        }
        let badges = badges(record.annotations)
        if !badges.isEmpty {
            var runs: [(text: String, style: Style)] = [("Hints   ", label)]
            for (index, badge) in badges.enumerated() {
                if index > 0 { runs.append((", ", text)) }
                runs.append((badge.word, theme.style(badge.warn ? "modal.warning" : "modal.text")))
            }
            body.append(StyledLine(runs))
        }
        body.append(StyledLine("Arguments", label))
        for row in record.prettyArguments.split(separator: "\n", omittingEmptySubsequences: false) {
            body += StyledLine.wrapped(String(row), width: width, style: theme.style("modal.code"), indent: "  ")
        }
        return body
    }

    /// Where the box goes and how many body rows it shows at once.
    struct Geometry {
        var rect: Rect
        /// Body rows on screen; one row less than the room when an indicator says what is hidden.
        var window: Int
        var scrolls: Bool
    }

    static func geometry(area: Rect, bodyCount: Int) -> Geometry {
        // Border (2), a blank row and the footer (2) around the body.
        let rect = frame(in: area, contentRows: bodyCount + 2)
        let room = max(0, rect.height - 4)
        let scrolls = bodyCount > room
        return Geometry(rect: rect, window: scrolls ? max(0, room - 1) : bodyCount, scrolls: scrolls)
    }

    private static func textWidth(_ area: Rect) -> Int {
        // Text is laid out for the box's real inner width: border and one space each side.
        max(10, frame(in: area, contentRows: 0).width - 4)
    }

    /// The body of `pending` as laid out at the state's size (styles do not change its length).
    private static func measured(_ pending: ToolCallRecord, _ state: AppState) -> (body: Int, geometry: Geometry) {
        let area = AppView.overlayArea(state)
        let count = bodyLines(pending, width: textWidth(area), fullDescription: state.approval.fullDescription,
                              theme: .builtinDefault).count
        return (count, geometry(area: area, bodyCount: count))
    }

    /// Body rows on screen at the state's size.
    static func bodyWindow(_ pending: ToolCallRecord, _ state: AppState) -> Int {
        measured(pending, state).geometry.window
    }

    /// How far the body can scroll at the state's size (0 when it fits).
    static func maxScroll(_ pending: ToolCallRecord, _ state: AppState) -> Int {
        let (count, geometry) = measured(pending, state)
        return max(0, count - geometry.window)
    }

    /// The footer: the refusal if a key was just refused, else the answer keys, dimmed while
    /// they do not work yet (not armed, or the approve keys before the body was all seen).
    static func footer(_ approval: ApprovalState, theme: Theme) -> StyledLine {
        if let refusal = approval.refusal {
            return StyledLine(refusal, theme.style("modal.warning"))
        }
        let key = theme.style("modal.key")
        let text = theme.style("modal.text")
        let off = theme.style("modal.label")
        var runs: [(text: String, style: Style)] = []
        for binding in KeyMap.approval {
            guard let hint = binding.hint else { continue }
            let works: Bool
            switch binding.command {
            case .approveOnce, .approveAlways: works = approval.armed && approval.seenAll
            case .deny: works = approval.armed
            default: works = true
            }
            runs.append((binding.label, works ? key : off))
            runs.append((" \(hint)  ", works ? text : off))
        }
        if !approval.armed { runs.append(("arming…", off)) }
        return StyledLine(runs)
    }

    /// The row under a body that does not fit: what is hidden and the keys that show it.
    static func indicator(below: Int, above: Int, seenAll: Bool) -> String {
        let page = KeyMap.label(of: .movePageDown, in: KeyMap.approval)
        let end = KeyMap.label(of: .moveLast, in: KeyMap.approval)
        let lines = below == 1 ? "line" : "lines"
        if below > 0 {
            return seenAll ? "↓ \(below) more \(lines) · \(page)" : "↓ \(below) more \(lines) · read on: \(page) or \(end)"
        }
        return "↑ \(above) \(above == 1 ? "line" : "lines") above · end of the call"
    }

    static func draw(_ record: ToolCallRecord, approval: ApprovalState, queued: Int, theme: Theme,
                            into buffer: inout CellBuffer, area: Rect) {
        let body = bodyLines(record, width: textWidth(area), fullDescription: approval.fullDescription, theme: theme)
        let geometry = geometry(area: area, bodyCount: body.count)
        let rect = geometry.rect
        buffer.fill(rect, style: theme.style("modal.text"))
        let title = queued > 1 ? "Allow tool call? (1 of \(queued))" : "Allow tool call?"
        let inner = Box.draw(into: &buffer, rect: rect, title: title, style: theme.style("modal.border"), titleStyle: theme.style("modal.title"))
        guard inner.height > 0 else { return }
        let maxScroll = max(0, body.count - geometry.window)
        let scroll = min(max(0, approval.scroll), maxScroll)
        let shown = body.dropFirst(scroll).prefix(geometry.window)
        for (row, line) in shown.enumerated() {
            line.draw(into: &buffer, x: inner.x + 1, y: inner.y + row, width: inner.width - 2)
        }
        if geometry.scrolls, inner.height >= 3 {
            let below = body.count - scroll - geometry.window
            StyledLine(indicator(below: below, above: scroll, seenAll: approval.seenAll),
                       theme.style(below > 0 ? "modal.warning" : "modal.label"))
                .draw(into: &buffer, x: inner.x + 1, y: inner.y + geometry.window, width: inner.width - 2)
        }
        footer(approval, theme: theme).draw(into: &buffer, x: inner.x + 1, y: inner.y + inner.height - 1, width: inner.width - 2)
    }
}
