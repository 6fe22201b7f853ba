import ChatCore
import TUI

/// The approval box as a layer: the keys it takes, its arming, its scrolling. The box answers
/// only what the user can have seen: keys typed before it was armed are dropped, a paste never
/// answers it, and the approve keys wait until the whole body has been on screen.
enum ApprovalReducer {
    /// Keeps `state.approval` in step with the call waiting for the user; called after every
    /// event. A new call, or the same call whose tool changed while it waited, starts a new
    /// showing: disarmed, scrolled to the top, with a timer that arms it. The body is measured
    /// again only when its size can have changed (a new showing, a key, a resize), not for
    /// every log line or stream chunk.
    static func sync(_ state: inout AppState, after event: AppEvent) -> [Effect] {
        guard let pending = state.agent.pendingApproval else {
            if state.approval.callID != nil {
                let showing = state.approval.showing
                state.approval = ApprovalState()
                state.approval.showing = showing
            }
            return []
        }
        if pending.id != state.approval.callID || pending.fingerprint != state.approval.fingerprint {
            let showing = state.approval.showing + 1
            state.approval = ApprovalState()
            state.approval.showing = showing
            state.approval.callID = pending.id
            state.approval.fingerprint = pending.fingerprint
            clampScroll(pending, &state)
            return [.armApproval(showing: showing, after: ApprovalState.armDelay)]
        }
        switch event {
        case .key, .resize: clampScroll(pending, &state)
        default: break
        }
        return []
    }

    /// The arming timer of showing `showing` ran out.
    static func arm(showing: Int, _ state: inout AppState) {
        guard state.approval.callID != nil, state.approval.showing == showing else { return }
        state.approval.armed = true
    }

    /// A key while the box is open. The box is the top layer: it takes the keys it knows and
    /// swallows the rest, so nothing typed for the chat reaches a decision.
    static func handleKey(_ key: Key, pending: ToolCallRecord, _ state: inout AppState) -> [Effect] {
        state.approval.refusal = nil
        if case .paste = key {
            state.approval.refusal = "A paste does not answer this box: press a key."
            return []
        }
        let command = KeyMap.command(for: key, in: KeyMap.approval)
        // A page is the rows on screen less one, so the last row of a page is the first of the next.
        var page: Int { max(1, ApprovalBox.bodyWindow(pending, state) - 1) }
        switch command {
        case .cancel:
            // Stopping is always safe, armed or not.
            return AppReducer.effects(for: state.agent.cancel(), state)
        case .moveUp: scroll(by: -1, pending, &state)
        case .moveDown: scroll(by: 1, pending, &state)
        case .movePageUp: scroll(by: -page, pending, &state)
        case .movePageDown: scroll(by: page, pending, &state)
        case .moveFirst: scroll(by: Int.min / 2, pending, &state)
        case .moveLast:
            scroll(by: Int.max / 2, pending, &state)
            state.approval.seenAll = true
        case .toggleDescription:
            state.approval.fullDescription.toggle()
            clampScroll(pending, &state)
        case .approveOnce, .approveAlways, .deny:
            guard state.approval.armed else { return [] }  // typed ahead: dropped, not queued
            if command != .deny, !state.approval.seenAll {
                state.approval.refusal = "Read to the end first (\(KeyMap.label(of: .movePageDown, in: KeyMap.approval)), "
                    + "or \(KeyMap.label(of: .moveLast, in: KeyMap.approval)) to jump)"
                return []
            }
            let decision: ApprovalDecision = command == .approveOnce ? .once : command == .approveAlways ? .always : .deny
            return AppReducer.effects(for: state.agent.decide(decision, callID: pending.id), state)
        default:
            break
        }
        return []
    }

    /// Scrolls the box's body by `delta` rows (the keys, and the mouse wheel over the box).
    static func scroll(by delta: Int, _ pending: ToolCallRecord, _ state: inout AppState) {
        state.approval.scroll = state.approval.scroll &+ delta
        clampScroll(pending, &state)
    }

    /// Clamps the scroll to the body's length at the current size, and notes when the last row
    /// has been on screen (a body that fits is seen at once).
    private static func clampScroll(_ pending: ToolCallRecord, _ state: inout AppState) {
        let maxScroll = ApprovalBox.maxScroll(pending, state)
        state.approval.scroll = min(max(0, state.approval.scroll), maxScroll)
        if state.approval.scroll >= maxScroll { state.approval.seenAll = true }
    }
}
