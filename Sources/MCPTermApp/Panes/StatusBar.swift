import Foundation
import ChatCore
import TUI

/// The bottom row: model, server health, what the agent is doing, and key hints from the key map.
public enum StatusBar {
    public static func line(_ state: AppState, theme: Theme) -> StyledLine {
        let bar = theme.style("status.bar")
        var runs: [(String, Style)] = [(" mcpterm ", theme.style("status.title"))]
        let model = state.model.map { "\($0.provider)/\($0.model)" } ?? "no model"
        runs.append((" \(model) ", state.model == nil ? theme.style("status.warning") : bar))
        let (ready, total) = state.readyCount
        let serverRole = total == 0 || ready == total ? "status.bar" : "status.warning"
        runs.append(("│ servers \(ready)/\(total) ready ", theme.style(serverRole)))
        let activity: String
        switch state.agent.phase {
        case .idle: activity = "idle"
        case .streaming: activity = "streaming…"
        case .tools: activity = state.agent.pendingApproval != nil ? "waiting for approval" : "running tools…"
        }
        runs.append(("│ \(activity) ", state.agent.phase == .idle ? bar : theme.style("status.busy")))
        if let waiting = ServerFeatureCommands.waitingSummary(state) {
            runs.append(("│ \(waiting) ", theme.style("status.warning")))
        }
        let hints: [Command]
        if state.agent.pendingApproval != nil {
            hints = []
        } else if state.sidePaneState.focused {
            hints = [.focusPane, .nextTab, .help, .quit]
        } else {
            hints = [.toggleServers, .focusPane, .toggleLog, .help, .cancel, .quit]
        }
        for command in hints {
            runs.append(("│ ", bar))
            runs.append((KeyMap.label(of: command), theme.style("status.key")))
            let word = command == .focusPane && state.sidePaneState.focused ? "input" : hintWord(command)
            runs.append((" \(word) ", bar))
        }
        return StyledLine(runs.map { (text: $0.0, style: $0.1) })
    }

    static func hintWord(_ command: Command) -> String {
        switch command {
        case .toggleServers: return "servers"
        case .toggleLog: return "log"
        case .help: return "help"
        case .cancel: return "cancel"
        case .quit: return "quit"
        case .focusPane: return "pane"
        case .nextTab: return "tab"
        default: return command.rawValue
        }
    }
}

/// The overlay listing every key binding and slash command.
public enum HelpOverlay {
    public static func lines(theme: Theme) -> [StyledLine] {
        var out: [StyledLine] = [StyledLine("Chat", theme.style("modal.label"))]
        for binding in KeyMap.chat {
            out.append(StyledLine([("  \(binding.label.padding(toLength: 12, withPad: " ", startingAt: 0))", theme.style("modal.key")), (binding.help, theme.style("modal.text"))]))
        }
        out.append(StyledLine("Tool approval", theme.style("modal.label")))
        for binding in KeyMap.approval {
            out.append(StyledLine([("  \(binding.label.padding(toLength: 12, withPad: " ", startingAt: 0))", theme.style("modal.key")), (binding.help, theme.style("modal.text"))]))
        }
        out.append(StyledLine("Side pane (Ctrl-O gives it the keyboard)", theme.style("modal.label")))
        // The six movement keys share one line: the overlay must still fit the commands below.
        let movement: Set<Command> = [.moveUp, .moveDown, .movePageUp, .movePageDown, .moveFirst, .moveLast]
        let movementLabels = KeyMap.pane.filter { movement.contains($0.command) }.map(\.label).joined(separator: " ")
        out.append(StyledLine([("  \(movementLabels)", theme.style("modal.key")), ("  move in the list", theme.style("modal.text"))]))
        for binding in KeyMap.pane where !movement.contains(binding.command) {
            out.append(StyledLine([("  \(binding.label.padding(toLength: 12, withPad: " ", startingAt: 0))", theme.style("modal.key")), (binding.help, theme.style("modal.text"))]))
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

    public static func draw(theme: Theme, into buffer: inout CellBuffer, area: Rect) {
        let rows = lines(theme: theme)
        let width = min(area.width, 72)
        let height = min(area.height, rows.count + 2)
        let rect = Rect(x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width: width, height: height)
        buffer.fill(rect, style: theme.style("modal.text"))
        let inner = Box.draw(into: &buffer, rect: rect, title: "Help", style: theme.style("modal.border"), titleStyle: theme.style("modal.title"))
        for (row, line) in rows.prefix(inner.height).enumerated() {
            line.draw(into: &buffer, x: inner.x + 1, y: inner.y + row, width: inner.width - 1)
        }
    }
}
