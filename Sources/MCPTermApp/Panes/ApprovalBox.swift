import ChatCore
import MCP
import TUI

/// The box that asks the user whether a tool call may run: server, tool, description,
/// annotations, and the arguments as indented JSON.
public enum ApprovalBox {
    /// The rect the box takes inside `area` (the transcript area).
    public static func frame(in area: Rect, contentRows: Int) -> Rect {
        let width = min(area.width, max(40, min(100, area.width - 4)))
        let height = min(area.height, contentRows + 2)
        return Rect(x: area.x + (area.width - width) / 2, y: area.y + area.height - height, width: width, height: height)
    }

    /// Annotation hints as short words ("read-only", "destructive", …).
    public static func badges(_ annotations: Tool.Annotations) -> [String] {
        var out: [String] = []
        if annotations.readOnlyHint == true { out.append("read-only") }
        if annotations.destructiveHint == true { out.append("destructive") }
        if annotations.idempotentHint == true { out.append("idempotent") }
        if annotations.openWorldHint == true { out.append("open-world") }
        return out
    }

    static func contentLines(_ record: ToolCallRecord, width: Int, theme: Theme) -> (body: [StyledLine], footer: StyledLine) {
        let label = theme.style("modal.label")
        let text = theme.style("modal.text")
        var body: [StyledLine] = []
        body.append(StyledLine([("Server  ", label), ((record.server ?? "?").sanitizedForTerminal(), theme.style("modal.emphasis"))]))
        body.append(StyledLine([("Tool    ", label), ((record.toolName ?? record.qualifiedName).sanitizedForTerminal(), theme.style("modal.emphasis"))]))
        if let description = record.toolDescription, !description.isEmpty {
            body += StyledLine.wrapped(description, width: width, style: text, firstPrefix: ("About   ", label), indent: "        ")
                .prefix(4)
        }
        let badges = badges(record.annotations)
        if !badges.isEmpty {
            let warn = record.annotations.destructiveHint == true
            body.append(StyledLine([("Hints   ", label), (badges.joined(separator: ", "), theme.style(warn ? "modal.warning" : "modal.text"))]))
        }
        body.append(StyledLine("Arguments", label))
        for row in record.prettyArguments.split(separator: "\n", omittingEmptySubsequences: false) {
            body += StyledLine.wrapped(String(row), width: width, style: theme.style("modal.code"), indent: "  ")
        }
        let key = theme.style("modal.key")
        let footer = StyledLine([
            ("y", key), (" run once  ", text),
            ("a", key), (" always  ", text),
            ("n", key), (" deny  ", text),
            ("Esc", key), (" cancel turn", text),
        ])
        return (body, footer)
    }

    public static func draw(_ record: ToolCallRecord, queued: Int, theme: Theme, into buffer: inout CellBuffer, area: Rect) {
        // Text is laid out for the box's real inner width: border and one space each side.
        let textWidth = max(10, frame(in: area, contentRows: 0).width - 4)
        var (body, footer) = contentLines(record, width: textWidth, theme: theme)
        let rect = frame(in: area, contentRows: body.count + 2)
        buffer.fill(rect, style: theme.style("modal.text"))
        let title = queued > 1 ? "Allow tool call? (1 of \(queued))" : "Allow tool call?"
        let inner = Box.draw(into: &buffer, rect: rect, title: title, style: theme.style("modal.border"), titleStyle: theme.style("modal.title"))
        guard inner.height > 0 else { return }
        let room = inner.height - 2
        if body.count > room, room > 0 {
            let hidden = body.count - room + 1
            body = Array(body.prefix(room - 1)) + [StyledLine("  … \(hidden) more lines", theme.style("modal.label"))]
        }
        for (row, line) in body.prefix(max(0, room)).enumerated() {
            line.draw(into: &buffer, x: inner.x + 1, y: inner.y + row, width: inner.width - 2)
        }
        footer.draw(into: &buffer, x: inner.x + 1, y: inner.y + inner.height - 1, width: inner.width - 2)
    }
}
