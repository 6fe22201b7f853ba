import TUI

/// The part of `reduce` for the mouse: the wheel scrolls what is under the pointer (a box, the
/// `/` menu, the side pane, the transcript), offered to the layers from the top like a key.
/// Alt-M switches the terminal's reporting off so that the terminal selects text again.
enum MouseReducer {
    /// Rows one notch of the wheel moves.
    static let wheelRows = 3

    static func handle(_ event: MouseEvent, _ state: inout AppState) -> [Effect] {
        // A report that was on its way when reporting went off: the user no longer wants them.
        guard state.mouseEnabled else { return [] }
        let rows: Int
        switch event.action {
        case .wheelUp: rows = -wheelRows
        case .wheelDown: rows = wheelRows
        case .press, .release, .other: return []
        }
        return Layers.wheel(rows, at: (event.x, event.y), &state)
    }

    /// Alt-M: reporting off (the terminal selects text) or on again; the status bar says which.
    static func toggle(_ state: inout AppState) -> [Effect] {
        state.mouseEnabled.toggle()
        let key = KeyMap.label(of: .toggleMouse)
        let text = state.mouseEnabled
            ? "Mouse on: the wheel scrolls what is under the pointer (\(key) turns it off)"
            : "Mouse off: the terminal selects text (\(key) turns the wheel on again)"
        return [.setMouseReporting(state.mouseEnabled)] + Toast.show(text, &state)
    }

    /// The wheel over the chat's own parts: the side pane's tab or the transcript; nothing over
    /// the input and the status bar.
    static func chatWheel(_ rows: Int, at point: (x: Int, y: Int), _ state: inout AppState) -> [Effect] {
        let regions = AppView.regions(state)
        guard point.y >= 0, point.y < regions.mainHeight else { return [] }
        if regions.paneWidth > 0, point.x >= state.width - regions.paneWidth {
            SidePaneReducer.wheel(rows, &state)
            return []
        }
        // Up the wheel is up the text: more rows scrolled back. The frame clamps at the top.
        state.transcriptScroll = max(0, state.transcriptScroll - rows)
        state.transcriptAnchor = nil
        return []
    }
}
