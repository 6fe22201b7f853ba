import ChatCore
import MCPHost
import TUI

/// The part of `reduce` for the side pane's tabs: focus, tab cycling, moving in a list, and
/// what Enter and `a` do on a resource, a template or a prompt. Pure.
enum SidePaneReducer {
    /// Rows a page key moves; the pane's list is about this tall on a usual terminal.
    static let pageRows = 10

    /// A key while the pane has the keyboard. Nil when the pane does not use it: the chat
    /// handles it then (Ctrl-T, F1, Ctrl-D … keep working).
    static func handleFocusedKey(_ key: Key, _ state: inout AppState) -> [Effect]? {
        if TraceReducer.owns(state), let effects = TraceReducer.handle(key, &state) { return effects }
        // `a` attaches only where there is something to attach; elsewhere it is typing.
        if let command = KeyMap.command(for: key, in: KeyMap.pane), command != .attach || state.sidePane == .resources,
           command != .login || state.sidePane == .servers {
            return run(command, &state)
        }
        if case .char = key {
            // Typing goes to the message: the input takes the keyboard back with the first letter.
            state.sidePaneState.focused = false
            return nil
        }
        if case .paste = key {
            state.sidePaneState.focused = false
            return nil
        }
        return nil
    }

    static func run(_ command: KeyCommand, _ state: inout AppState) -> [Effect] {
        switch command {
        case .focusPane:
            toggleFocus(&state)
        case .focusInput:
            state.sidePaneState.focused = false
        case .nextTab:
            show(state.sidePane.cycled(by: 1), &state)
        case .previousTab:
            show(state.sidePane.cycled(by: -1), &state)
        case .detach:
            AttachmentReducer.detachLast(&state)
        case .moveUp: move(by: -1, &state)
        case .moveDown: move(by: 1, &state)
        case .movePageUp: move(by: -pageRows, &state)
        case .movePageDown: move(by: pageRows, &state)
        case .moveFirst: move(by: Int.min / 2, &state)
        case .moveLast: move(by: Int.max / 2, &state)
        case .activate:
            return activate(&state)
        case .attach:
            return attach(&state)
        case .login:
            return LoginCommands.loginFromPane(&state)
        default:
            break
        }
        return []
    }

    /// Ctrl-O: the pane takes the keyboard (shown if hidden), or gives it back to the input.
    static func toggleFocus(_ state: inout AppState) {
        if state.sidePaneState.focused {
            state.sidePaneState.focused = false
            return
        }
        guard state.width >= AppView.sidePaneMinWidth else {
            state.agent.note("The side pane needs a terminal at least \(AppView.sidePaneMinWidth) columns wide.")
            return
        }
        state.sidePaneVisible = true
        state.sidePaneState.focused = true
    }

    /// Shows `tab`, making the pane visible; the focus stays where it is.
    static func show(_ tab: SidePane, _ state: inout AppState) {
        state.sidePane = tab
        state.sidePaneVisible = true
    }

    /// The mouse wheel over the pane: the Servers tab scrolls, a list moves its selection; the
    /// log always shows its newest lines.
    static func wheel(_ rows: Int, _ state: inout AppState) {
        if state.sidePane == .log, state.traceView.shown { return TraceReducer.move(rows, &state) }
        move(by: rows, &state)
    }

    /// Rows of the list tab shown now (resources then templates; prompts); 0 for other tabs.
    static func rowCount(_ state: AppState) -> Int {
        switch state.sidePane {
        case .resources: return state.resources.count + state.resourceTemplates.count
        case .prompts: return state.prompts.count
        case .servers, .log: return 0
        }
    }

    private static func move(by offset: Int, _ state: inout AppState) {
        if state.sidePane == .servers {
            // The tab's rows at the pane's width (as AppView lays it out) less about one screen;
            // the view clamps to the exact end, this keeps Up after End from moving in the dark.
            let rows = ServersPane.lines(servers: state.servers, tools: state.catalog.tools,
                                         width: AppView.sidePaneWidth(state) - 3, theme: .builtinDefault,
                                         trace: state.trace, timeZone: state.timeZone, now: state.wallClock).count
            let bound = max(0, rows - max(1, state.height - 6))
            let next = Int64(state.sidePaneState.serversScroll) + Int64(offset)
            state.sidePaneState.serversScroll = Int(min(max(0, next), Int64(bound)))
            return
        }
        let count = rowCount(state)
        guard let current = state.sidePaneState.selected(state.sidePane, count: count) else { return }
        state.sidePaneState.selection[state.sidePane] = min(max(0, current + offset), count - 1)
    }

    /// What the selected row is in the Resources tab.
    enum ResourceRow {
        case resource(ServerResource)
        case template(ServerResourceTemplate)
    }

    static func selectedResourceRow(_ state: AppState) -> ResourceRow? {
        let count = state.resources.count + state.resourceTemplates.count
        guard let index = state.sidePaneState.selected(.resources, count: count) else { return nil }
        if index < state.resources.count { return .resource(state.resources[index]) }
        return .template(state.resourceTemplates[index - state.resources.count])
    }

    static func selectedPrompt(_ state: AppState) -> ServerPrompt? {
        guard let index = state.sidePaneState.selected(.prompts, count: state.prompts.count) else { return nil }
        return state.prompts[index]
    }

    /// Enter: read a resource into the preview; put a template's `/read` in the input to fill
    /// in; use a prompt (fetched at once without arguments, else `/prompt` in the input).
    private static func activate(_ state: inout AppState) -> [Effect] {
        switch state.sidePane {
        case .resources:
            switch selectedResourceRow(state) {
            case .resource(let entry):
                let key = ResourceKey(server: entry.server, uri: entry.item.uri)
                state.sidePaneState.preview = ResourcePreview(key: key, name: entry.item.name)
                return AttachmentReducer.read(key, &state)
            case .template(let entry):
                state.input.setText("/read \(entry.server) \(entry.item.uriTemplate)")
                state.sidePaneState.focused = false
            case nil:
                break
            }
        case .prompts:
            guard let prompt = selectedPrompt(state) else { return [] }
            if (prompt.item.arguments ?? []).isEmpty {
                return [.getPrompt(server: prompt.server, name: prompt.item.name, arguments: nil)]
            }
            state.input.setText(PromptCommand.template(for: prompt))
            state.sidePaneState.focused = false
        case .servers, .log:
            break
        }
        return []
    }

    /// `a`: attach or detach the selected resource.
    private static func attach(_ state: inout AppState) -> [Effect] {
        guard state.sidePane == .resources else { return [] }
        switch selectedResourceRow(state) {
        case .resource(let entry):
            return AttachmentReducer.toggle(entry, &state)
        case .template:
            state.agent.note("A template needs its values first: Enter puts /read with the template in the input.")
        case nil:
            break
        }
        return []
    }

    /// `prompts/get` finished: its text goes into the input as the next message, for the user
    /// to read, edit and send; the transcript says what was inserted.
    static func promptFetched(server: String, name: String, text: String, isError: Bool, _ state: inout AppState) {
        guard !isError else {
            state.agent.noteError("Prompt \(server):\(name): \(text)")
            return
        }
        state.input.setText(text)
        state.sidePaneState.focused = false
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
        state.agent.note("Prompt \(server):\(name) is in the input (\(lines) line\(lines == 1 ? "" : "s"), "
                         + "\(text.count) characters): edit it or press Enter to send it.")
    }
}
