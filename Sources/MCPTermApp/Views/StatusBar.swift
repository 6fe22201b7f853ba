import Foundation
import ChatCore
import TUI

/// The bottom row: model, server health, what the agent is doing, and key hints from the key map
/// (or, for a moment, a brief notice: `Toast`).
enum StatusBar {
    static func line(_ state: AppState, theme: Theme) -> StyledLine {
        let bar = theme.style("status.bar")
        var runs: [(String, Style)] = [(" mcpterm ", theme.style("status.title"))]
        let model = state.model.map { "\($0.provider.rawValue)/\($0.model)" } ?? "no model"
        runs.append((" \(model) ", state.model == nil ? theme.style("status.warning") : bar))
        let (ready, total) = state.readyCount
        let serverRole = total == 0 || ready == total ? "status.bar" : "status.warning"
        runs.append(("│ servers \(ready)/\(total) ready ", theme.style(serverRole)))
        var activity: String
        switch state.agent.phase {
        case .idle: activity = "idle"
        case .streaming: activity = "streaming…"
        case .tools: activity = state.agent.pendingApproval != nil ? "waiting for approval" : "running tools…"
        }
        if let now = state.times.now, let since = state.times.turnStartedAt, state.agent.phase != .idle {
            let spinner = ActivityTimes.isAnimating(state) ? ActivityTimes.spinner(at: now) + " " : ""
            activity = spinner + activity + " " + ActivityTimes.format(now - since)
        }
        runs.append(("│ \(activity) ", state.agent.phase == .idle ? bar : theme.style("status.busy")))
        // What needs the user first (waiting requests, a brief notice), then what the model costs,
        // then the key hints; a narrow bar cuts from the end.
        if let waiting = ServerFeatureCommands.waitingSummary(state) {
            runs.append(("│ \(waiting) ", theme.style("status.warning")))
        }
        if let toast = state.toast {
            // A brief notice takes the hints' place while it lasts.
            runs.append(("│ \(toast.text) ", theme.style("status.title")))
        }
        if !state.allTools.isEmpty {
            // What the model gets: how many tools, and about what their schemas cost per request.
            runs.append(("│ tools \(state.catalog.tools.count) ~\(tokens(state.toolSchemaTokens)) ", bar))
        }
        if let usage = usageText(state) { runs.append(("│ \(usage) ", bar)) }
        if state.toast != nil { return StyledLine(runs.map { (text: $0.0, style: $0.1) }) }
        let hints: [KeyCommand]
        if state.agent.pendingApproval != nil || state.elicitation.form != nil || state.sampling.review != nil {
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

    /// "↑1.2k ↓340 Σ15k ctx 9%": the turn's input and output tokens, the session's total, and
    /// how full the context window was at the latest request (when `contextWindow` is known).
    static func usageText(_ state: AppState) -> String? {
        let session = state.agent.sessionUsage
        guard session.input + session.output > 0 else { return nil }
        let turn = state.agent.turnUsage
        var text = "↑\(tokens(turn.input)) ↓\(tokens(turn.output)) Σ\(tokens(session.input + session.output))"
        if let window = state.model?.contextWindow, window > 0, let prompt = state.agent.lastPromptTokens {
            text += " ctx \(min(999, prompt * 100 / window))%"
        }
        return text
    }

    /// 950, 1.2k, 15k, 1.3M.
    static func tokens(_ n: Int) -> String {
        switch n {
        case ..<1000: return "\(n)"
        case ..<10_000: return String(format: "%.1fk", Double(n) / 1000)
        case ..<1_000_000: return "\(n / 1000)k"
        default: return String(format: "%.1fM", Double(n) / 1_000_000)
        }
    }

    static func hintWord(_ command: KeyCommand) -> String {
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
