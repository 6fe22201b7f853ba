import ChatCore
import TUI

/// The overlay listing every key binding and slash command.
enum HelpOverlay {
    /// The help's rows for text `width` columns wide: a help text that does not fit wraps under
    /// its own column, never cut.
    static func lines(theme: Theme, width: Int = 1 << 20) -> [StyledLine] {
        /// `key` in a column (never cut), then `help` wrapped under the help column.
        func entry(_ key: String, column: Int, _ help: String) -> [StyledLine] {
            let label = "  " + (key.count < column ? key.padding(toLength: column, withPad: " ", startingAt: 0) : key + " ")
            var rows = StyledLine.wrapped(help, width: width, style: theme.style("modal.text"),
                                          firstPrefix: (label, theme.style("modal.key")),
                                          indent: String(repeating: " ", count: label.displayWidth))
            // Only the key itself takes the key style, not the blanks around it.
            if var first = rows.first, !first.runs.isEmpty {
                let text = theme.style("modal.text")
                let pad = String(repeating: " ", count: max(0, label.displayWidth - 2 - key.displayWidth))
                first.runs.replaceSubrange(0..<1, with: [Span("  ", style: text), Span(key, style: theme.style("modal.key")),
                                                         Span(pad, style: text)])
                rows[0] = first
            }
            return rows
        }
        /// A key's label in a column of 13 ("Right/Ctrl-F" needs 12), then its help.
        func bindingLines(_ binding: KeyBinding) -> [StyledLine] {
            entry(binding.label, column: 13, binding.help)
        }
        var out: [StyledLine] = [StyledLine("Chat", theme.style("modal.label"))]
        for binding in KeyMap.chat {
            out += bindingLines(binding)
        }
        out.append(StyledLine("Editing the message", theme.style("modal.label")))
        for binding in KeyMap.editing {
            out += bindingLines(binding)
        }
        out.append(StyledLine("The / menu and the @ picker (while typing a /command or @word)", theme.style("modal.label")))
        for binding in KeyMap.popup {
            out += bindingLines(binding)
        }
        out.append(StyledLine("A resource template's values (a template chosen with @)", theme.style("modal.label")))
        for binding in KeyMap.templateFill {
            out += bindingLines(binding)
        }
        out += entry("Wheel", column: 13, "scrolls what is under the pointer: the transcript, the side pane, a box, the menu ("
                     + "\(KeyMap.label(of: .toggleMouse)) switches the mouse off so the terminal can select text)")
        // The six movement keys of a list or box share one line: the overlay must still fit the commands below.
        let movement: Set<KeyCommand> = [.moveUp, .moveDown, .movePageUp, .movePageDown, .moveFirst, .moveLast]
        func movementLines(_ bindings: [KeyBinding], _ help: String) -> [StyledLine] {
            let labels = bindings.filter { movement.contains($0.command) }.map(\.label).joined(separator: " ")
            return entry(labels + " ", column: 13, help)
        }
        out.append(StyledLine("Tool approval (keys work a moment after the box opens)", theme.style("modal.label")))
        for binding in KeyMap.approval where !movement.contains(binding.command) {
            out += bindingLines(binding)
        }
        out += movementLines(KeyMap.approval, "scroll the call; y and a work once its end was on screen (End)")
        out.append(StyledLine("A server's form (answer keys work a moment after it opens)", theme.style("modal.label")))
        for binding in KeyMap.elicitation where !movement.contains(binding.command) {
            out += bindingLines(binding)
        }
        out += movementLines(KeyMap.elicitation, "previous/next option of a list, else field; scroll the form")
        out.append(StyledLine("A server's sampling request (sent to the model, then its reply back)", theme.style("modal.label")))
        for binding in KeyMap.samplingRequest where !movement.contains(binding.command) {
            out += bindingLines(binding)
        }
        out += movementLines(KeyMap.samplingRequest, "scroll the request; y works once its end was on screen (End)")
        // The other stages: only the keys that do something else there.
        let shown = Set(KeyMap.samplingRequest.map { "\($0.label) \($0.help)" })
        for (stage, bindings) in [("while the model runs", KeyMap.samplingWaiting), ("its reply", KeyMap.samplingReply),
                                  ("editing the message", KeyMap.samplingEdit)] {
            for binding in bindings where !movement.contains(binding.command) && !shown.contains("\(binding.label) \(binding.help)") {
                out += entry(binding.label, column: 13, "\(stage): \(binding.help)")
            }
        }
        out.append(StyledLine("A page a server asks you to open (keys work a moment after it opens)", theme.style("modal.label")))
        for binding in KeyMap.urlConsent {
            out += bindingLines(binding)
        }
        out.append(StyledLine("Side pane (Ctrl-O gives it the keyboard)", theme.style("modal.label")))
        out += movementLines(KeyMap.pane, "move in the list")
        for binding in KeyMap.pane where !movement.contains(binding.command) {
            out += bindingLines(binding)
        }
        out.append(StyledLine("The trace in the log tab (\(KeyMap.label(of: .toggleTrace)))", theme.style("modal.label")))
        out += movementLines(KeyMap.trace, "select a message (End follows the newest); scroll an open one")
        for binding in KeyMap.trace where !movement.contains(binding.command) {
            out += bindingLines(binding)
        }
        out.append(StyledLine("Commands", theme.style("modal.label")))
        for command in SlashCommand.all {
            // A column, never cut: "/prompt SERVER NAME k=v…" must read whole.
            out += entry(command.name + (command.args.isEmpty ? "" : " " + command.args), column: 16, command.help)
        }
        out.append(StyledLine("Press any key to close.", theme.style("modal.label")))
        return out
    }

    /// The width of the help's box in `area`, and of the text inside it (border and a space).
    private static func widths(_ area: Rect) -> (box: Int, text: Int) {
        let box = min(area.width, 72)
        return (box, max(10, box - 3))
    }

    /// The box the help takes in `area`, and the rows of text it shows at once.
    private static func frame(rows: Int, area: Rect) -> (rect: Rect, window: Int) {
        let width = widths(area).box
        let height = min(area.height, rows + 2)
        let rect = Rect(x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width: width, height: height)
        return (rect, max(0, height - 2))
    }

    /// How far the help scrolls in `area` (0 when it fits).
    static func maxScroll(area: Rect) -> Int {
        let count = lines(theme: .builtinDefault, width: widths(area).text).count
        let window = frame(rows: count, area: area).window
        // When cut, the last row says what is below, so one row less of text shows.
        return count > window ? count - max(0, window - 1) : 0
    }

    static func draw(theme: Theme, scroll: Int = 0, into buffer: inout CellBuffer, area: Rect) {
        let rows = lines(theme: theme, width: widths(area).text)
        let (rect, window) = frame(rows: rows.count, area: area)
        buffer.fill(rect, style: theme.style("modal.text"))
        let inner = Box.draw(into: &buffer, rect: rect, title: "Help", style: theme.style("modal.border"), titleStyle: theme.style("modal.title"))
        let cut = rows.count > window
        let text = cut ? max(0, window - 1) : window
        let first = min(max(0, scroll), max(0, rows.count - text))
        for (row, line) in rows.dropFirst(first).prefix(text).enumerated() {
            line.draw(into: &buffer, x: inner.x + 1, y: inner.y + row, width: inner.width - 1)
        }
        if cut, window > 0 {
            let below = rows.count - first - text
            let down = KeyMap.label(of: .moveDown, in: KeyMap.pane) + "/" + KeyMap.label(of: .movePageDown, in: KeyMap.pane)
            let up = KeyMap.label(of: .movePageUp, in: KeyMap.pane)
            let note = below > 0 ? "↓ \(below) more · \(down) scroll · any other key closes" : "↑ \(up) for the top · any other key closes"
            StyledLine(note, theme.style("modal.label")).draw(into: &buffer, x: inner.x + 1, y: inner.y + window - 1, width: inner.width - 1)
        }
    }
}
