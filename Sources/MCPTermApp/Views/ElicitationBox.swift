import ChatCore
import TUI

/// The box of a server's form: which server asks, its message, then one field per property
/// (title, `*` when required, type and limits, description, the value), a problem next to each
/// field the last check refused, and a footer of keys from `KeyMap.elicitation`. The body
/// scrolls; the reducer keeps the focused field in view (`clampedScroll`).
enum ElicitationBox {
    /// Spaces before a field's value, description and problem.
    static let indent = "    "

    /// The body laid out at one width, and where each field is in it.
    struct Layout {
        var lines: [StyledLine] = []
        /// The rows of each field, its title to its last row.
        var fieldRows: [Range<Int>] = []
        /// The row of each field's editor, switch or highlighted option.
        var cursorRows: [Int] = []
        /// The row of each text field's editor, by field index (the editor is drawn over it).
        var editorRows: [Int: Int] = [:]
    }

    static func layout(_ form: ElicitationFormState, width: Int, theme: Theme) -> Layout {
        let text = theme.style("modal.text")
        let label = theme.style("modal.label")
        let warning = theme.style("modal.warning")
        let value = theme.style("modal.field")
        var out = Layout()
        out.lines += StyledLine.wrapped(form.message, width: width, style: theme.style("modal.emphasis"))
        out.lines.append(StyledLine("", text))
        for (index, field) in form.fields.enumerated() {
            let start = out.lines.count
            let focused = index == form.focus
            out.lines += titleLines(field, focused: focused, width: width, theme: theme)
            if let problem = form.problems[index] {
                out.lines += StyledLine.wrapped(problem, width: width, style: warning,
                                                firstPrefix: (indent + "⚠ ", warning), indent: indent + "  ")
            }
            if let description = field.description, !description.isEmpty {
                out.lines += StyledLine.wrapped(description, width: width, style: label, indent: indent)
            }
            var cursorRow = out.lines.count
            switch form.inputs[safe: index] ?? .unsupported {
            case .text:
                out.editorRows[index] = out.lines.count
                out.lines.append(StyledLine([(indent, text), (String(repeating: " ", count: max(1, width - indent.count)), value)]))
            case .flag(let on):
                out.lines.append(StyledLine([(indent, text), (on ? "[x] yes" : "[ ] no", focused ? value : text)]))
            case .picked(let picked, let highlight):
                let single: Bool
                if case .choice = field.kind { single = true } else { single = false }
                for (option, choice) in field.options.enumerated() {
                    let mark = picked.contains(option) ? (single ? "(•)" : "[x]") : (single ? "( )" : "[ ]")
                    if option == highlight { cursorRow = out.lines.count }
                    let title = (mark + " " + choice.title.sanitizedForTerminal()).truncated(toWidth: max(1, width - indent.count))
                    out.lines.append(StyledLine([(indent, text), (String(title), focused && option == highlight ? value : text)]))
                }
                if field.options.isEmpty {
                    out.lines.append(StyledLine(indent + "(the server offers no choices)", label))
                }
            case .unsupported:
                var reason = "unsupported field"
                if case .unsupported(let why) = field.kind { reason = why }
                let later = KeyMap.label(of: .answerLater, in: KeyMap.elicitation)
                let advice = field.isRequired
                    ? "decline, or put the form aside (\(later)) and answer with /accept \(form.requestID) JSON"
                    : "it is left out"
                out.lines += StyledLine.wrapped("mcpterm cannot fill this in (\(reason)): \(advice)", width: width,
                                                style: label, indent: indent)
            }
            out.fieldRows.append(start..<out.lines.count)
            out.cursorRows.append(cursorRow)
        }
        if form.fields.isEmpty {
            out.lines.append(StyledLine("The form has no fields: sending answers with nothing.", label))
        }
        return out
    }

    /// "› Name *  text, 2–40 characters": the focus mark, the title, the required mark and what
    /// the field takes; the summary goes to a row of its own when the title leaves no room.
    private static func titleLines(_ field: ElicitationField, focused: Bool, width: Int, theme: Theme) -> [StyledLine] {
        let mark = (focused ? "› " : "  ", theme.style("modal.title"))
        let star = field.isRequired ? " *" : ""
        let summary = typeSummary(field)
        let title = field.label.sanitizedForTerminal()
        let titleStyle = theme.style(focused ? "modal.emphasis" : "modal.text")
        let used = 2 + title.displayWidth + star.count
        if used + 2 + summary.displayWidth <= width {
            return [StyledLine([mark, (title, titleStyle), (star, theme.style("modal.warning")),
                                ("  " + summary, theme.style("modal.label"))])]
        }
        let shown = String(title.truncated(toWidth: max(1, width - 2 - star.count)))
        return [StyledLine([mark, (shown, titleStyle), (star, theme.style("modal.warning"))]),
                StyledLine(String((indent + summary).truncated(toWidth: width)), theme.style("modal.label"))]
    }

    /// What a field takes, in a few words: "email", "whole number, 0–150", "pick 1–3".
    static func typeSummary(_ field: ElicitationField) -> String {
        func range(_ low: String?, _ high: String?) -> String? {
            switch (low, high) {
            case (let low?, let high?): return low == high ? low : "\(low)–\(high)"
            case (let low?, nil): return "≥ \(low)"
            case (nil, let high?): return "≤ \(high)"
            case (nil, nil): return nil
            }
        }
        switch field.kind {
        case .text(let format, let other, let minLength, let maxLength):
            var kind: String
            switch format {
            case .email?: kind = "email"
            case .uri?: kind = "URI"
            case .date?: kind = "date YYYY-MM-DD"
            case .dateTime?: kind = "date-time"
            case nil: kind = other.map { "text (\($0.sanitizedForTerminal()))" } ?? "text"
            }
            if let length = range(minLength.map(String.init), maxLength.map(String.init)) {
                kind += ", \(length) characters"
            }
            return kind
        case .number(let integer, let minimum, let maximum):
            let kind = integer ? "whole number" : "number"
            let bounds = range(minimum.map(ElicitationValidation.numberText), maximum.map(ElicitationValidation.numberText))
            return bounds.map { "\(kind), \($0)" } ?? kind
        case .boolean:
            return "yes/no"
        case .choice:
            return "pick one"
        case .choices(_, let minItems, let maxItems):
            return range(minItems.map(String.init), maxItems.map(String.init)).map { "pick \($0)" } ?? "pick any"
        case .unsupported:
            return "not supported"
        }
    }

    /// Where the box goes and how many body rows it shows at once.
    struct Geometry {
        var rect: Rect
        /// Body rows on screen; one less than the room when a row says what is hidden.
        var window: Int
        var scrolls: Bool
    }

    static func geometry(area: Rect, bodyCount: Int) -> Geometry {
        // Border (2) and the footer around the body.
        let rect = ApprovalBox.frame(in: area, contentRows: bodyCount + 1)
        let room = max(0, rect.height - 3)
        let scrolls = bodyCount > room
        return Geometry(rect: rect, window: scrolls && room >= 2 ? room - 1 : min(room, bodyCount), scrolls: scrolls)
    }

    /// Text is laid out for the box's inner width: border and one space each side.
    static func textWidth(_ area: Rect) -> Int {
        max(10, ApprovalBox.frame(in: area, contentRows: 0).width - 4)
    }

    /// Body rows on screen in `area`.
    static func window(_ form: ElicitationFormState, area: Rect) -> Int {
        let count = layout(form, width: textWidth(area), theme: .builtinDefault).lines.count
        return geometry(area: area, bodyCount: count).window
    }

    /// The form's scroll kept within its body; with `follow`, moved as little as it takes to show
    /// the focused field (with the message above the first field when both fit). A field taller
    /// than the box shows its highlighted option with as many rows above it as fit.
    static func clampedScroll(_ form: ElicitationFormState, area: Rect, follow: Bool) -> Int {
        let layout = layout(form, width: textWidth(area), theme: .builtinDefault)
        let window = geometry(area: area, bodyCount: layout.lines.count).window
        var scroll = form.scroll
        if follow, layout.fieldRows.indices.contains(form.focus), window > 0 {
            var rows = layout.fieldRows[form.focus]
            if form.focus == 0, rows.upperBound <= window { rows = 0..<rows.upperBound }
            if rows.count > window {
                let cursor = layout.cursorRows[form.focus]
                rows = max(rows.lowerBound, cursor - window + 1)..<(cursor + 1)
            }
            if rows.lowerBound < scroll { scroll = rows.lowerBound }
            if rows.upperBound > scroll + window { scroll = rows.upperBound - window }
        }
        return min(max(0, scroll), max(0, layout.lines.count - window))
    }

    /// Draws the box; returns where the cursor goes (in the focused text field when it shows).
    static func draw(_ form: ElicitationFormState, box: ElicitationState, queued: Int, theme: Theme,
                     into buffer: inout CellBuffer, area: Rect) -> (x: Int, y: Int)? {
        let layout = layout(form, width: textWidth(area), theme: theme)
        let geometry = geometry(area: area, bodyCount: layout.lines.count)
        let rect = geometry.rect
        buffer.fill(rect, style: theme.style("modal.text"))
        let server = form.server.sanitizedForTerminal()
        let title = queued > 1 ? "\(server) asks (1 of \(queued))" : "\(server) asks"
        let inner = Box.draw(into: &buffer, rect: rect, title: title, style: theme.style("modal.border"),
                             titleStyle: theme.style("modal.title"))
        guard inner.height > 0, inner.width > 2 else { return nil }
        let maxScroll = max(0, layout.lines.count - geometry.window)
        let scroll = min(max(0, form.scroll), maxScroll)
        let shown = scroll..<(scroll + geometry.window)
        for row in shown {
            layout.lines[row].draw(into: &buffer, x: inner.x + 1, y: inner.y + row - scroll, width: inner.width - 2)
        }
        var cursor: (x: Int, y: Int)?
        for (field, row) in layout.editorRows where shown.contains(row) {
            guard case .text(let editor) = form.inputs[safe: field] else { continue }
            let x = inner.x + 1 + indent.count
            let area = Rect(x: x, y: inner.y + row - scroll, width: max(1, inner.width - 2 - indent.count), height: 1)
            let style = theme.style("modal.field")
            let at = editor.draw(into: &buffer, rect: area, prompt: "", style: style, promptStyle: style)
            if field == form.focus { cursor = at }
        }
        if geometry.scrolls, inner.height >= 3 {
            let below = layout.lines.count - shown.upperBound
            var parts: [String] = []
            if scroll > 0 { parts.append("↑ \(scroll) above") }
            if below > 0 { parts.append("↓ \(below) below") }
            let keys = KeyMap.label(of: .movePageUp, in: KeyMap.elicitation) + "/"
                + KeyMap.label(of: .movePageDown, in: KeyMap.elicitation)
            StyledLine((parts + [keys]).joined(separator: " · "), theme.style("modal.label"))
                .draw(into: &buffer, x: inner.x + 1, y: inner.y + geometry.window, width: inner.width - 2)
        }
        footer(form, box: box, width: inner.width - 2, theme: theme)
            .draw(into: &buffer, x: inner.x + 1, y: inner.y + inner.height - 1, width: inner.width - 2)
        return cursor
    }

    /// The footer: why the last key did nothing, else the keys with a hint in `KeyMap.elicitation`
    /// as far as they fit (Space only where it picks), the answer keys dimmed until they work.
    static func footer(_ form: ElicitationFormState, box: ElicitationState, width: Int, theme: Theme) -> StyledLine {
        if let notice = box.notice {
            return StyledLine(notice, theme.style("modal.warning"))
        }
        let key = theme.style("modal.key")
        let text = theme.style("modal.text")
        let off = theme.style("modal.label")
        var textField = false
        if case .text? = form.inputs[safe: form.focus] { textField = true }
        var runs: [(text: String, style: Style)] = []
        var used = 0
        if !box.armed {
            runs.append(("arming…  ", off))
            used += 9
        }
        for binding in KeyMap.elicitation {
            guard let hint = binding.hint else { continue }
            if binding.command == .toggleChoice && (textField || form.fields.isEmpty) { continue }
            let cost = binding.label.displayWidth + 1 + hint.displayWidth + 2
            if used + cost - 2 > width { break }
            let works = box.armed || binding.command == .answerLater
            runs.append((binding.label, works ? key : off))
            runs.append((" \(hint)  ", works ? text : off))
            used += cost
        }
        return StyledLine(runs)
    }
}
