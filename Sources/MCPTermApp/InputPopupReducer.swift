import MCPHost
import TUI

/// The part of `reduce` for the `/` menu and the `@` picker: moving in it, completing and
/// choosing. Keys it does not take edit the input below (and so filter the popup). Pure.
enum InputPopupReducer {
    /// Rows a page key moves (the popup shows at most this many).
    static let pageRows = 8

    /// After every event: a popup closed with Esc opens again once the input stops asking for it.
    static func sync(_ state: inout AppState) {
        guard let dismissed = state.popup.dismissed else { return }
        if InputPopup.requested(by: state.input)?.identity != dismissed { state.popup.dismissed = nil }
    }

    /// The selected row of `popup` (the first for a query not moved in yet).
    static func selected(_ popup: InputPopup, _ state: AppState) -> Int {
        let count = InputPopup.entries(popup, state).count
        guard state.popup.selectedIn == popup else { return 0 }
        return min(max(0, state.popup.selected), max(0, count - 1))
    }

    static func handleKey(_ key: Key, _ state: inout AppState) -> [Effect]? {
        guard let popup = InputPopup.current(state) else { return nil }
        switch KeyMap.command(for: key, in: KeyMap.popup) {
        case .moveUp: move(by: -1, popup, &state)
        case .moveDown: move(by: 1, popup, &state)
        case .movePageUp: move(by: -pageRows, popup, &state, wrap: false)
        case .movePageDown: move(by: pageRows, popup, &state, wrap: false)
        case .cancel:
            state.popup.dismissed = popup.identity
        case .complete:
            return choose(popup, running: false, &state)
        case .submit:
            return choose(popup, running: true, &state)
        default:
            return nil  // typing: the input takes it, and the popup filters by it
        }
        return []
    }

    /// Moves the selection; Up on the first row goes to the last and Down on the last to the
    /// first (not for page keys, which stop at the ends).
    static func move(by offset: Int, _ popup: InputPopup, _ state: inout AppState, wrap: Bool = true) {
        let count = InputPopup.entries(popup, state).count
        guard count > 0 else { return }
        let next = selected(popup, state) + offset
        state.popup.selectedIn = popup
        if wrap {
            state.popup.selected = (next % count + count) % count
        } else {
            state.popup.selected = min(max(0, next), count - 1)
        }
    }

    /// Tab (`running` false) completes the selected entry in the input; Enter runs a command or
    /// a prompt that needs nothing more, and otherwise completes it too. A resource becomes a
    /// reference in the input; a template first asks for its values.
    private static func choose(_ popup: InputPopup, running: Bool, _ state: inout AppState) -> [Effect] {
        let entries = InputPopup.entries(popup, state)
        guard !entries.isEmpty else { return [] }
        let entry = entries[selected(popup, state)]
        state.popup = InputPopupState()
        switch entry.target {
        case .command(let name, let arguments):
            // "[N]": the argument may be left out, so Enter runs the command as it is.
            if running, arguments.isEmpty || arguments.hasPrefix("[") {
                state.input.setText(name)
                return AppReducer.submit(&state)
            }
            state.input.setText(arguments.isEmpty ? name : name + " ")
        case .prompt(let prompt):
            let arguments = prompt.item.arguments ?? []
            if arguments.isEmpty {
                state.input.setText(entry.label)
                return running ? AppReducer.submit(&state) : []
            }
            state.input.setText(PromptCommand.template(for: prompt, command: entry.label))
        case .resource(let resource):
            guard case .resources(_, let start) = popup else { return [] }
            state.input.replaceBeforeCursor(
                from: start, with: ResourceReferences.text(server: resource.server, uri: resource.item.uri) + " ")
        case .template(let template):
            guard case .resources(_, let start) = popup else { return [] }
            return TemplateFillReducer.start(template, replacingFrom: start, &state)
        }
        return []
    }
}
