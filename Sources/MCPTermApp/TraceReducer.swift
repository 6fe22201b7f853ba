import MCPHost
import TUI

/// The part of `reduce` for the trace view: Alt-T, and the keys of the focused log tab while it
/// shows the trace (move, open a message, filters, `/` search). Pure.
enum TraceReducer {
    /// Alt-T: the log tab in trace view with the keyboard, or back to the log.
    static func toggle(_ state: inout AppState) {
        if state.sidePaneVisible, state.sidePane == .log, state.traceView.shown {
            state.traceView.shown = false
            state.sidePaneState.focused = false
            return
        }
        SidePaneReducer.show(.log, &state)
        state.traceView.shown = true
        if state.width >= AppView.sidePaneMinWidth { state.sidePaneState.focused = true }
    }

    /// Whether the focused pane's keys are the trace view's.
    static func owns(_ state: AppState) -> Bool {
        state.sidePaneState.focused && state.sidePane == .log && state.traceView.shown
    }

    static func handle(_ key: Key, _ state: inout AppState) -> [Effect]? {
        if state.traceView.searching { return search(key, &state) }
        guard let command = KeyMap.command(for: key, in: KeyMap.trace) else {
            // Tabs and focus keys stay the pane's; typing goes back to the input.
            return nil
        }
        var view = state.traceView
        let records = view.visible(state.trace)
        switch command {
        case .moveUp, .moveDown, .movePageUp, .movePageDown, .moveFirst, .moveLast:
            let step: Int
            switch command {
            case .moveUp: step = -1
            case .moveDown: step = 1
            case .movePageUp: step = -SidePaneReducer.pageRows
            case .movePageDown: step = SidePaneReducer.pageRows
            case .moveFirst: step = Int.min / 2
            default: step = Int.max / 2
            }
            state.traceView = view
            move(step, &state)
            return []
        case .activate:
            if view.open != nil {
                view.open = nil
            } else if let index = view.selectedIndex(in: records) {
                view.selected = records[index].seq
                view.open = records[index].seq
                view.openScroll = 0
            }
        case .cancel:
            if view.open != nil {
                view.open = nil
            } else if !view.search.isEmpty {
                view.search = ""
            } else {
                state.sidePaneState.focused = false
            }
        case .traceServer:
            view.server = next(after: view.server, in: state.trace.servers.keys.sorted())
            view.selected = nil
        case .traceMethod:
            let methods = Set(state.trace.records(server: view.server).compactMap(\.method))
            view.method = next(after: view.method, in: methods.sorted())
            view.selected = nil
        case .traceErrors:
            view.errorsOnly.toggle()
            view.selected = nil
        case .traceSearch:
            view.searching = true
            view.open = nil
        case .toggleTrace:
            toggle(&state)
            return []
        default:
            return nil
        }
        state.traceView = view
        return []
    }

    /// Moves the selection `step` rows (the newest again follows new messages), or scrolls the
    /// opened message. Keys and the mouse wheel.
    static func move(_ step: Int, _ state: inout AppState) {
        if let open = state.traceView.open {
            // Bounded by the rows before wrapping, so Up after End moves at once; the view clamps
            // to the exact end.
            let record = state.trace.records().first { $0.seq == open }
            let rows = [record, record.flatMap { TracePane.pair(of: $0, in: state.trace) }]
                .compactMap { $0.map { PrettyJSON.lines($0.message).count + 2 } }.reduce(0, +)
            let next = Int64(state.traceView.openScroll) + Int64(step)
            state.traceView.openScroll = Int(min(max(0, next), Int64(rows)))
            return
        }
        let records = state.traceView.visible(state.trace)
        guard let index = state.traceView.selectedIndex(in: records) else { return }
        let next = min(max(0, index + step), records.count - 1)
        state.traceView.selected = next == records.count - 1 ? nil : records[next].seq
    }

    /// Typing the `/` query: Enter keeps it, Esc drops it.
    private static func search(_ key: Key, _ state: inout AppState) -> [Effect]? {
        switch key {
        case .enter:
            state.traceView.searching = false
        case .escape:
            state.traceView.searching = false
            state.traceView.search = ""
        case .backspace, .ctrl("h"):
            if !state.traceView.search.isEmpty { state.traceView.search.removeLast() }
        case .char(let c):
            state.traceView.search.append(c)
        case .paste(let text):
            state.traceView.search += text.filter { !$0.isNewline }
        default:
            return []
        }
        state.traceView.selected = nil
        return []
    }

    /// The value after `current` in `values`, then none (all) again.
    private static func next(after current: String?, in values: [String]) -> String? {
        guard let current, let index = values.firstIndex(of: current) else { return values.first }
        return index + 1 < values.count ? values[index + 1] : nil
    }
}
