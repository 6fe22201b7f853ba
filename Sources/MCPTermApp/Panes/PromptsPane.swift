import MCPHost
import TUI

/// The Prompts tab: every prompt with its server, name and arguments (required ones marked
/// `*`); below, the selected one's description and each argument's meaning.
enum PromptsPane {
    static func draw(_ state: AppState, theme: Theme, into buffer: inout CellBuffer, rect: Rect) {
        let width = SidePaneView.textWidth(rect)
        SidePaneView.drawList(
            title: "Prompts \(state.prompts.count)", rows: rows(state.prompts, width: width),
            selected: state.sidePaneState.selected(.prompts, count: state.prompts.count),
            details: details(state, width: width, theme: theme),
            empty: "No prompts. Prompts of ready servers show here.",
            hint: "Enter use · ←→ tabs · Esc back", focused: state.sidePaneState.focused,
            theme: theme, into: &buffer, rect: rect)
    }

    /// "text*, style": argument names, required ones with a star.
    static func argumentList(_ prompt: ServerPrompt) -> String {
        (prompt.item.arguments ?? []).map { ($0.required ?? false) ? $0.name + "*" : $0.name }.joined(separator: ", ")
    }

    static func rows(_ prompts: [ServerPrompt], width: Int) -> [String] {
        let serverWidth = SidePaneView.columnWidth(prompts.map(\.server), limit: max(4, width / 4))
        let nameWidth = SidePaneView.columnWidth(prompts.map(\.item.name), limit: max(4, (width - serverWidth - 2) / 2))
        return prompts.map { prompt in
            SidePaneView.column(prompt.server, serverWidth) + " " + SidePaneView.column(prompt.item.name, nameWidth)
                + " " + argumentList(prompt)
        }
    }

    static func details(_ state: AppState, width: Int, theme: Theme) -> [StyledLine] {
        guard let prompt = SidePaneReducer.selectedPrompt(state) else { return [] }
        let text = theme.style("pane.text")
        var out: [StyledLine] = []
        if let title = prompt.item.title, !title.isEmpty {
            out += StyledLine.wrapped(title, width: width, style: theme.style("pane.emphasis"))
        }
        if let description = prompt.item.description, !description.isEmpty {
            out += StyledLine.wrapped(description, width: width, style: text)
        }
        let arguments = prompt.item.arguments ?? []
        if arguments.isEmpty {
            out += StyledLine.wrapped("No arguments: Enter puts it in the input.", width: width, style: theme.style("pane.dim"))
            return out
        }
        out.append(StyledLine("Arguments (* required)", theme.style("pane.dim")))
        for argument in arguments {
            let name = argument.name + ((argument.required ?? false) ? "*" : "")
            out += StyledLine.wrapped(argument.description ?? "", width: width, style: text,
                                      firstPrefix: ("  \(name) ", theme.style("pane.emphasis")), indent: "    ")
        }
        out += StyledLine.wrapped("Enter puts /prompt in the input: fill in the values, Tab suggests.",
                                  width: width, style: theme.style("pane.dim"))
        return out
    }
}
