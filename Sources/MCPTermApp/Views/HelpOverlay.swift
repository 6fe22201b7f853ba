import ChatCore
import TUI

/// The overlay listing every key binding and slash command.
public enum HelpOverlay {
    public static func lines(theme: Theme) -> [StyledLine] {
        /// A key's label in a column of 13, never cut ("Right/Ctrl-F" needs 12), then its help.
        func bindingLine(_ binding: KeyBinding) -> StyledLine {
            let label = binding.label.count < 13 ? binding.label.padding(toLength: 13, withPad: " ", startingAt: 0) : binding.label + " "
            return StyledLine([("  \(label)", theme.style("modal.key")), (binding.help, theme.style("modal.text"))])
        }
        var out: [StyledLine] = [StyledLine("Chat", theme.style("modal.label"))]
        for binding in KeyMap.chat {
            out.append(bindingLine(binding))
        }
        out.append(StyledLine("Editing the message", theme.style("modal.label")))
        for binding in KeyMap.editing {
            out.append(bindingLine(binding))
        }
        // The six movement keys of a list or box share one line: the overlay must still fit the commands below.
        let movement: Set<KeyCommand> = [.moveUp, .moveDown, .movePageUp, .movePageDown, .moveFirst, .moveLast]
        func movementLine(_ bindings: [KeyBinding], _ help: String) -> StyledLine {
            let labels = bindings.filter { movement.contains($0.command) }.map(\.label).joined(separator: " ")
            return StyledLine([("  \(labels)", theme.style("modal.key")), ("  \(help)", theme.style("modal.text"))])
        }
        out.append(StyledLine("Tool approval (keys work a moment after the box opens)", theme.style("modal.label")))
        for binding in KeyMap.approval where !movement.contains(binding.command) {
            out.append(bindingLine(binding))
        }
        out.append(movementLine(KeyMap.approval, "scroll the call; y and a work once its end was on screen (End)"))
        out.append(StyledLine("Side pane (Ctrl-O gives it the keyboard)", theme.style("modal.label")))
        out.append(movementLine(KeyMap.pane, "move in the list"))
        for binding in KeyMap.pane where !movement.contains(binding.command) {
            out.append(bindingLine(binding))
        }
        out.append(StyledLine("Commands", theme.style("modal.label")))
        for command in SlashCommand.all {
            // Padded to a column, never cut: "/prompt SERVER NAME k=v…" must read whole.
            let full = command.name + (command.args.isEmpty ? "" : " " + command.args)
            let name = full.count < 16 ? full.padding(toLength: 16, withPad: " ", startingAt: 0) : full + " "
            out.append(StyledLine([("  \(name)", theme.style("modal.key")), (command.help, theme.style("modal.text"))]))
        }
        out.append(StyledLine("Press any key to close.", theme.style("modal.label")))
        return out
    }

    /// The box the help takes in `area`, and the rows of text it shows at once.
    private static func frame(rows: Int, area: Rect) -> (rect: Rect, window: Int) {
        let width = min(area.width, 72)
        let height = min(area.height, rows + 2)
        let rect = Rect(x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width: width, height: height)
        return (rect, max(0, height - 2))
    }

    /// How far the help scrolls in `area` (0 when it fits).
    static func maxScroll(area: Rect) -> Int {
        let count = lines(theme: .builtinDefault).count
        let window = frame(rows: count, area: area).window
        // When cut, the last row says what is below, so one row less of text shows.
        return count > window ? count - max(0, window - 1) : 0
    }

    public static func draw(theme: Theme, scroll: Int = 0, into buffer: inout CellBuffer, area: Rect) {
        let rows = lines(theme: theme)
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
