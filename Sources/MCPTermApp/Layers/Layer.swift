import TUI

/// One layer of the screen: it may take keys, and it may draw over the layers below it.
/// `Layers.stack` orders them top first; the reducer offers a key to each active layer from the
/// top until one takes it, and the view draws the active layers' overlays from the bottom up,
/// so what takes the keys is always what is drawn on top. (Helix's compositor works this way.)
protocol Layer: Sendable {
    /// Whether the layer is on screen in `state`.
    static func isActive(_ state: AppState) -> Bool
    /// The key's effects when this layer takes it; nil hands the key to the layer below.
    static func handle(_ key: Key, _ state: inout AppState) -> [Effect]?
    /// Draws what the layer puts over the screen (nothing for layers drawn as part of the base);
    /// returns where the cursor goes when the layer has a text field of its own.
    static func draw(_ state: AppState, theme: Theme, into buffer: inout CellBuffer, area: Rect) -> (x: Int, y: Int)?
    /// The wheel turned `rows` (negative: up) with the pointer at `point`: the effects when this
    /// layer scrolls, nil to leave it to the layer below. A layer that covers the input takes
    /// every turn over the area it is drawn in (`Layers.wheel`).
    static func wheel(_ rows: Int, at point: (x: Int, y: Int), _ state: inout AppState) -> [Effect]?
    /// True when the layer covers the input, so no input cursor is shown.
    static var coversInput: Bool { get }
    /// True when the layer draws over the whole screen but the status bar, not only the transcript.
    static var coversScreen: Bool { get }
}

extension Layer {
    static func draw(_ state: AppState, theme: Theme, into buffer: inout CellBuffer, area: Rect) -> (x: Int, y: Int)? { nil }
    static func wheel(_ rows: Int, at point: (x: Int, y: Int), _ state: inout AppState) -> [Effect]? { nil }
    static var coversInput: Bool { false }
    static var coversScreen: Bool { false }
}

/// The layers, top first: help, the approval box, a server's form, a server's sampling request,
/// a page to open, a resource template's values, the `/` menu or `@` picker, the focused side
/// pane, the chat input. The form and the sampling box are never active at once: the oldest
/// waiting server request has the box (`RequestBoxOrder`).
enum Layers {
    static let stack: [any Layer.Type] = [
        HelpLayer.self, ApprovalLayer.self, ElicitationLayer.self, SamplingLayer.self, URLConsentLayer.self,
        RoundLimitLayer.self, TemplateFillLayer.self, InputPopupLayer.self, PaneLayer.self, ChatLayer.self,
    ]

    /// Offers `key` to the active layers from the top; the first that takes it decides.
    static func handle(_ key: Key, _ state: inout AppState) -> [Effect] {
        for layer in stack where layer.isActive(state) {
            if let effects = layer.handle(key, &state) { return effects }
        }
        return []
    }

    /// Whether a box (a layer that covers the input) above `layer` is on screen.
    static func boxAbove(_ layer: any Layer.Type, _ state: AppState) -> Bool {
        for above in stack {
            if ObjectIdentifier(above) == ObjectIdentifier(layer) { return false }
            if above.coversInput && above.isActive(state) { return true }
        }
        return false
    }

    /// Offers a turn of the wheel at `point` to the active layers from the top. A box (a layer
    /// that covers the input) takes every turn over the area it is drawn in, so the text hidden
    /// under it never scrolls; elsewhere the turn goes on down (to the side pane, say).
    static func wheel(_ rows: Int, at point: (x: Int, y: Int), _ state: inout AppState) -> [Effect] {
        let regions = AppView.regions(state)
        for layer in stack where layer.isActive(state) {
            if layer.coversInput {
                let area = layer.coversScreen ? regions.screen : regions.overlay
                guard area.contains(x: point.x, y: point.y) else { continue }
                return layer.wheel(rows, at: point, &state) ?? []
            }
            if let effects = layer.wheel(rows, at: point, &state) { return effects }
        }
        return []
    }

    /// Draws the active layers' overlays from the bottom up over the screen's `regions`;
    /// returns whether one of them covers the input, and then where the cursor goes (the top
    /// covering layer's text field, or nowhere).
    static func drawOverlays(_ state: AppState, theme: Theme, into buffer: inout CellBuffer,
                             regions: AppView.Regions) -> (coversInput: Bool, cursor: (x: Int, y: Int)?) {
        var covered = false
        var cursor: (x: Int, y: Int)?
        for layer in stack.reversed() where layer.isActive(state) {
            let at = layer.draw(state, theme: theme, into: &buffer, area: layer.coversScreen ? regions.screen : regions.overlay)
            if layer.coversInput {
                covered = true
                cursor = at
            }
        }
        return (covered, cursor)
    }
}

/// F1 or /help: the list of keys and commands. The movement keys scroll it; any other key closes it.
enum HelpLayer: Layer {
    static func isActive(_ state: AppState) -> Bool { state.helpVisible }

    static func handle(_ key: Key, _ state: inout AppState) -> [Effect]? {
        let page = max(1, AppView.regions(state).screen.height - 4)
        switch KeyMap.command(for: key, in: KeyMap.pane) {
        case .moveUp: state.helpScroll -= 1
        case .moveDown: state.helpScroll += 1
        case .movePageUp: state.helpScroll -= page
        case .movePageDown: state.helpScroll += page
        case .moveFirst: state.helpScroll = 0
        case .moveLast: state.helpScroll = Int.max / 2
        default:
            state.helpVisible = false
            return []
        }
        state.helpScroll = min(max(0, state.helpScroll), HelpOverlay.maxScroll(area: AppView.regions(state).screen))
        return []
    }

    static func wheel(_ rows: Int, at point: (x: Int, y: Int), _ state: inout AppState) -> [Effect]? {
        state.helpScroll = min(max(0, state.helpScroll + rows), HelpOverlay.maxScroll(area: AppView.regions(state).screen))
        return []
    }

    static func draw(_ state: AppState, theme: Theme, into buffer: inout CellBuffer, area: Rect) -> (x: Int, y: Int)? {
        HelpOverlay.draw(theme: theme, scroll: state.helpScroll, into: &buffer, area: area)
        return nil
    }

    static var coversInput: Bool { true }
    static var coversScreen: Bool { true }
}

/// The box asking whether a tool call may run (`ApprovalReducer`, `ApprovalBox`). It takes every
/// key but the side pane toggles, so nothing typed for the chat reaches a decision.
enum ApprovalLayer: Layer {
    static func isActive(_ state: AppState) -> Bool { state.agent.pendingApproval != nil }

    static func handle(_ key: Key, _ state: inout AppState) -> [Effect]? {
        guard let pending = state.agent.pendingApproval else { return nil }
        if let command = KeyMap.command(for: key, in: KeyMap.chat), command == .toggleServers || command == .toggleLog {
            return nil  // the chat layer shows or hides the pane; the box stays
        }
        return ApprovalReducer.handleKey(key, pending: pending, &state)
    }

    static func wheel(_ rows: Int, at point: (x: Int, y: Int), _ state: inout AppState) -> [Effect]? {
        guard let pending = state.agent.pendingApproval else { return nil }
        ApprovalReducer.scroll(by: rows, pending, &state)
        return []
    }

    static func draw(_ state: AppState, theme: Theme, into buffer: inout CellBuffer, area: Rect) -> (x: Int, y: Int)? {
        guard let pending = state.agent.pendingApproval else { return nil }
        let queued = state.agent.transcript.reduce(0) { count, item in
            if case .toolCall(let r) = item, r.state == .awaitingApproval { return count + 1 }
            return count
        }
        ApprovalBox.draw(pending, approval: state.approval, queued: queued, theme: theme, into: &buffer, area: area)
        return nil
    }

    static var coversInput: Bool { true }
}

/// The box of a server's form (`ElicitationReducer`, `ElicitationBox`), while a form elicitation
/// waits and is not put aside. It takes every key but the side pane toggles and help: typing
/// goes into its focused text field, never to the chat.
enum ElicitationLayer: Layer {
    static func isActive(_ state: AppState) -> Bool { state.elicitation.form != nil }

    static func handle(_ key: Key, _ state: inout AppState) -> [Effect]? {
        ElicitationReducer.handleKey(key, &state)
    }

    static func wheel(_ rows: Int, at point: (x: Int, y: Int), _ state: inout AppState) -> [Effect]? {
        ElicitationReducer.scroll(by: rows, &state)
        return []
    }

    static func draw(_ state: AppState, theme: Theme, into buffer: inout CellBuffer, area: Rect) -> (x: Int, y: Int)? {
        // Under the approval box the form is not drawn at all: one box at a time.
        guard let form = state.elicitation.form, state.agent.pendingApproval == nil else { return nil }
        let queued = state.requestBoxes.candidates(state.serverRequests.waiting).count
        return ElicitationBox.draw(form, box: state.elicitation, queued: queued, theme: theme, into: &buffer, area: area)
    }

    static var coversInput: Bool { true }
}

/// The box asking to open a page a server named (`URLConsentReducer`, `URLConsentBox`), under
/// the approval box and a form: one box at a time.
enum URLConsentLayer: Layer {
    static func isActive(_ state: AppState) -> Bool {
        state.urlConsent.current != nil && state.agent.pendingApproval == nil && state.elicitation.form == nil
            && state.sampling.review == nil
    }

    static func handle(_ key: Key, _ state: inout AppState) -> [Effect]? {
        URLConsentReducer.handleKey(key, &state)
    }

    static func draw(_ state: AppState, theme: Theme, into buffer: inout CellBuffer, area: Rect) -> (x: Int, y: Int)? {
        URLConsentBox.draw(state.urlConsent, theme: theme, into: &buffer, area: area)
        return nil
    }

    static var coversInput: Bool { true }
}

/// The box of a server's sampling request (`SamplingReducer`, `SamplingBox`), while one is the
/// front of the server requests. It takes every key but the side pane toggles and help.
enum SamplingLayer: Layer {
    static func isActive(_ state: AppState) -> Bool { state.sampling.review != nil }

    static func handle(_ key: Key, _ state: inout AppState) -> [Effect]? {
        SamplingReducer.handleKey(key, &state)
    }

    static func wheel(_ rows: Int, at point: (x: Int, y: Int), _ state: inout AppState) -> [Effect]? {
        guard let review = state.sampling.review else { return nil }
        return SamplingReducer.scroll(by: rows, review, &state)
    }

    static func draw(_ state: AppState, theme: Theme, into buffer: inout CellBuffer, area: Rect) -> (x: Int, y: Int)? {
        // Under the approval box it is not drawn at all: one box at a time.
        guard let review = state.sampling.review, state.agent.pendingApproval == nil else { return nil }
        let queued = state.requestBoxes.candidates(state.serverRequests.waiting).count
        return SamplingBox.draw(review, sampling: state.sampling, model: state.model, models: state.providerModels, queued: queued, theme: theme,
                                into: &buffer, area: area)
    }

    static var coversInput: Bool { true }
}

/// The side pane while it has the keyboard (Ctrl-O): its list keys; typing goes back to the input.
enum PaneLayer: Layer {
    static func isActive(_ state: AppState) -> Bool { state.sidePaneState.focused }

    static func handle(_ key: Key, _ state: inout AppState) -> [Effect]? {
        SidePaneReducer.handleFocusedKey(key, &state)
    }
}

/// The chat: its key map's commands, then editing the input. Takes every key that reaches it.
enum ChatLayer: Layer {
    static func isActive(_ state: AppState) -> Bool { true }

    static func handle(_ key: Key, _ state: inout AppState) -> [Effect]? {
        AppReducer.chatKey(key, &state)
    }

    static func wheel(_ rows: Int, at point: (x: Int, y: Int), _ state: inout AppState) -> [Effect]? {
        MouseReducer.chatWheel(rows, at: point, &state)
    }
}

/// A resource template's values, asked for when the `@` picker chose a template
/// (`TemplateFillReducer`, `Views/TemplateFillBox`). Its text field takes the typing.
enum TemplateFillLayer: Layer {
    static func isActive(_ state: AppState) -> Bool { state.templateFill != nil && !state.sidePaneState.focused }

    static func handle(_ key: Key, _ state: inout AppState) -> [Effect]? {
        TemplateFillReducer.handleKey(key, &state)
    }

    static func draw(_ state: AppState, theme: Theme, into buffer: inout CellBuffer, area: Rect) -> (x: Int, y: Int)? {
        guard let fill = state.templateFill else { return nil }
        return TemplateFillBox.draw(fill, theme: theme, into: &buffer, area: area)
    }

    static func wheel(_ rows: Int, at point: (x: Int, y: Int), _ state: inout AppState) -> [Effect]? {
        TemplateFillReducer.moveSuggestion(by: rows < 0 ? -1 : 1, &state)
        return []
    }

    static var coversInput: Bool { true }
}

/// The `/` menu and the `@` picker above the input, while the input asks for one
/// (`InputPopup`, `InputPopupReducer`, `Views/InputPopupBox`). It takes the keys that move in
/// it and choose; typing edits the input below and filters it.
enum InputPopupLayer: Layer {
    /// Not under a box: its keys are the box's, and half a menu must not show beside it.
    static func isActive(_ state: AppState) -> Bool {
        !state.sidePaneState.focused && !Layers.boxAbove(self, state) && InputPopup.current(state) != nil
    }

    static func handle(_ key: Key, _ state: inout AppState) -> [Effect]? {
        InputPopupReducer.handleKey(key, &state)
    }

    static func draw(_ state: AppState, theme: Theme, into buffer: inout CellBuffer, area: Rect) -> (x: Int, y: Int)? {
        guard let popup = InputPopup.current(state) else { return nil }
        InputPopupBox.draw(popup, entries: InputPopup.entries(popup, state), selected: InputPopupReducer.selected(popup, state),
                           theme: theme, into: &buffer, area: area)
        return nil
    }

    static func wheel(_ rows: Int, at point: (x: Int, y: Int), _ state: inout AppState) -> [Effect]? {
        guard let popup = InputPopup.current(state),
              InputPopupBox.frame(count: InputPopup.entries(popup, state).count, area: AppView.regions(state).overlay)
                .contains(x: point.x, y: point.y)
        else { return nil }
        InputPopupReducer.move(by: rows < 0 ? -1 : 1, popup, &state)
        return []
    }
}
