import ChatCore
import MCPHost
import TUI

/// The box of a server's form (elicitation) as a layer: which form shows, its arming, its keys,
/// the check before sending. Typing goes into the focused text field and nowhere else; the
/// answer keys (Enter, Ctrl-D, Esc) wait until the box has been on top a moment.
enum ElicitationReducer {
    /// Keeps `state.elicitation` in step with the waiting requests; called after every event.
    /// A form whose request ended (answered, cancelled by its server, server gone) closes and
    /// the next request shows. A form shows when it is the front of the server requests
    /// (`RequestBoxOrder`, shared with sampling). A form that comes on top (new, or the approval
    /// box over it closed) starts disarmed, with a timer that arms it.
    static func sync(_ state: inout AppState, after event: AppEvent) -> [Effect] {
        var box = state.elicitation
        let ids = Set(state.serverRequests.waiting.filter(ElicitationFormState.isForm).map(\.id))
        box.drafts = box.drafts.filter { ids.contains($0.key) }
        let target = state.requestBoxes.front(state.serverRequests.waiting).flatMap {
            ElicitationFormState.isForm($0) ? $0 : nil
        }
        var changed = false
        if target?.id != box.form?.requestID {
            if let old = box.form, ids.contains(old.requestID) { box.drafts[old.requestID] = old }
            box.form = target.flatMap { box.drafts.removeValue(forKey: $0.id) ?? ElicitationFormState($0) }
            box.notice = nil
            changed = true
        }
        let onTop = box.form != nil && state.agent.pendingApproval == nil
        var effects: [Effect] = []
        if onTop && (changed || !box.onTop) {
            box.showing += 1
            box.armed = false
            effects = [.armElicitation(showing: box.showing, after: ApprovalState.armDelay)]
        } else if !onTop {
            box.armed = false
        }
        box.onTop = onTop
        state.elicitation = box
        if changed || event.isResize { follow(&state) }
        return effects
    }

    /// The arming timer of showing `showing` ran out.
    static func arm(showing: Int, _ state: inout AppState) {
        guard state.elicitation.form != nil, state.elicitation.onTop, state.elicitation.showing == showing else { return }
        state.elicitation.armed = true
    }

    // MARK: Keys

    /// A key while the form is on top. The side pane toggles and help go to the layers below;
    /// every other key is the form's, so nothing typed for the chat reaches the server.
    static func handleKey(_ key: Key, _ state: inout AppState) -> [Effect]? {
        guard var form = state.elicitation.form else { return nil }
        if let command = KeyMap.command(for: key, in: KeyMap.chat), [.toggleServers, .toggleLog, .help].contains(command) {
            return nil
        }
        state.elicitation.notice = nil
        let command = KeyMap.command(for: key, in: KeyMap.elicitation)
        if command == .answerLater {
            return setAside(form, &state)
        }
        guard state.elicitation.armed else { return [] }  // typed ahead, for something else: dropped
        let focus = form.focus
        if case .text(var editor) = form.inputs[safe: focus], let text = typedText(key) {
            editor.insert(text)
            form.set(.text(editor), at: focus)
            return update(form, &state)
        }
        switch command {
        case .submit:
            return submit(form, &state)
        case .declineForm:
            return answer(.decline, form, &state)
        case .cancel:
            return answer(.cancel, form, &state)
        case .nextField:
            form.focus = (focus + 1) % max(1, form.fields.count)
        case .previousField:
            form.focus = (focus + max(1, form.fields.count) - 1) % max(1, form.fields.count)
        case .moveUp, .moveDown:
            move(by: command == .moveUp ? -1 : 1, &form)
        case .toggleChoice:
            toggle(&form)
        case .movePageUp, .movePageDown:
            let page = max(1, ElicitationBox.window(form, area: AppView.overlayArea(state)) - 1)
            form.scroll += command == .movePageUp ? -page : page
            form.scroll = ElicitationBox.clampedScroll(form, area: AppView.overlayArea(state), follow: false)
            state.elicitation.form = form
            return []
        default:
            if case .text(var editor) = form.inputs[safe: focus], let edit = KeyMap.command(for: key, in: KeyMap.editing),
               edit != .complete {
                AppReducer.edit(edit, &editor)
                form.set(.text(editor), at: focus)
            } else if case .char = key {
                state.elicitation.notice = "This field takes \(KeyMap.label(of: .toggleChoice, in: KeyMap.elicitation)) "
                    + "and Up/Down, not typing"
            } else if case .paste = key {
                state.elicitation.notice = "A paste goes into text fields only"
            }
        }
        return update(form, &state)
    }

    /// The mouse wheel over the form: scrolls it by `rows` (answering nothing, so armed or not).
    static func scroll(by rows: Int, _ state: inout AppState) {
        guard var form = state.elicitation.form else { return }
        form.scroll += rows
        form.scroll = ElicitationBox.clampedScroll(form, area: AppView.overlayArea(state), follow: false)
        state.elicitation.form = form
    }

    /// Text a key types into a text field: a printable character, or a paste on one line.
    private static func typedText(_ key: Key) -> String? {
        switch key {
        case .char(let c): return String(c)
        case .paste(let text):
            return text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).joined(separator: " ")
        default: return nil
        }
    }

    private static func update(_ form: ElicitationFormState, _ state: inout AppState) -> [Effect] {
        state.elicitation.form = form
        follow(&state)
        return []
    }

    /// Scrolls the form so the focused field shows (the view follows the focus).
    private static func follow(_ state: inout AppState) {
        guard var form = state.elicitation.form else { return }
        form.scroll = ElicitationBox.clampedScroll(form, area: AppView.overlayArea(state), follow: true)
        state.elicitation.form = form
    }

    /// Up/Down: the highlight of a list, or the next field when past its ends (or not a list).
    private static func move(by delta: Int, _ form: inout ElicitationFormState) {
        let focus = form.focus
        if case .picked(let picked, let highlight) = form.inputs[safe: focus] {
            let next = highlight + delta
            if form.fields[focus].options.indices.contains(next) {
                form.inputs[focus] = .picked(picked, highlight: next)
                return
            }
        }
        form.focus = min(max(0, focus + delta), max(0, form.fields.count - 1))
    }

    /// Space outside text fields: a yes/no field switches; in a list the highlighted option is
    /// picked (one list: instead of the other; again: none) or unpicked.
    private static func toggle(_ form: inout ElicitationFormState) {
        let focus = form.focus
        switch (form.inputs[safe: focus], form.fields[safe: focus]?.kind) {
        case (.flag(let on)?, _):
            form.set(.flag(!on), at: focus)
        case (.picked(let picked, let highlight)?, .choice?):
            form.set(.picked(picked == [highlight] ? [] : [highlight], highlight: highlight), at: focus)
        case (.picked(let picked, let highlight)?, .choices?):
            let next = picked.contains(highlight) ? picked.filter { $0 != highlight } : (picked + [highlight]).sorted()
            form.set(.picked(next, highlight: highlight), at: focus)
        default:
            break
        }
    }

    // MARK: Answers

    /// Checks the form; a bad form shows each problem next to its field and takes the focus to
    /// the first; a good one is sent with its values typed as the schema says.
    private static func submit(_ form: ElicitationFormState, _ state: inout AppState) -> [Effect] {
        var form = form
        switch ElicitationValidation.check(form.fields, form.entries) {
        case .valid(let content):
            return answer(.elicitation(content: content), form, &state)
        case .invalid(let problems):
            form.problems = problems
            form.focus = problems.keys.min() ?? form.focus
            let count = problems.count
            state.elicitation.notice = count == 1 ? "1 field needs a fix: nothing was sent"
                : "\(count) fields need a fix: nothing was sent"
            return update(form, &state)
        }
    }

    private static func answer(_ answer: ServerRequestAnswer, _ form: ElicitationFormState,
                               _ state: inout AppState) -> [Effect] {
        let name = "\(form.server)'s form #\(form.requestID)"
        return ServerRequestDelivery.deliver(answer, to: form.requestID, name: name, &state) { delivered in
            guard case .elicitation(let content) = delivered else { return nil }
            let keys = content.keys.sorted()
            return "Sent \(name)" + (keys.isEmpty ? " (empty)." : ": \(keys.joined(separator: ", ")).")
        }
    }

    /// Alt-L: the form keeps waiting, out of the way; `/accept ID` brings it back as it was.
    private static func setAside(_ form: ElicitationFormState, _ state: inout AppState) -> [Effect] {
        let id = form.requestID
        state.requestBoxes.putAside(id)
        state.elicitation.drafts[id] = form
        state.elicitation.form = nil
        state.agent.note("Put \(form.server)'s form #\(id) aside: /accept \(id) opens it again, "
                         + "/decline \(id) or /cancel \(id) answers it.")
        return []
    }
}

extension ElicitationFormState {
    /// Changes one field's input; a problem shown for that field goes (the user is fixing it).
    mutating func set(_ input: Input, at index: Int) {
        guard inputs.indices.contains(index) else { return }
        if inputs[index] != input { problems[index] = nil }
        inputs[index] = input
    }
}

extension Array {
    subscript(safe index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}

extension AppEvent {
    var isResize: Bool {
        if case .resize = self { return true }
        return false
    }
}
