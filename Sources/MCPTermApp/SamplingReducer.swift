import ChatCore
import MCP
import MCPHost
import TUI

/// The box of a server's sampling request as a layer (MCP 2025-11-25 client/sampling: a human
/// in the loop who reviews the request, may edit it, and reviews the reply). Two approvals: the
/// request goes to the configured model only when the user says so (or `"sampling": "allow"`),
/// and the model's reply goes back to the server only when the user says so. Like the approval
/// box, the answer keys arm a moment after a box or a reply shows, a paste never answers, and y
/// works only once the whole request (or reply) has been on screen.
enum SamplingReducer {
    // MARK: Requests

    /// A sampling request arrived. Without a model, or from a server whose servers.json entry
    /// says `"sampling": "deny"`, it is refused at once with a reason the server reads; with
    /// `"allow"` it goes to the model at once (its reply still waits for the user).
    static func received(_ request: PendingServerRequest, _ state: inout AppState) -> [Effect] {
        guard var review = SamplingReview(request) else { return [] }
        let name = "\(request.server)'s sampling request #\(request.id)"
        guard let model = state.model else {
            return refuse(request.id, reason: "mcpterm has no model configured, so it cannot answer sampling requests",
                          note: "Declined \(name): no model is configured. " + AppReducer.noModelHint, &state)
        }
        // The hints need the provider's model list; ask for it once, while the user reads the box.
        var effects: [Effect] = []
        if !review.hints.isEmpty, state.providerModels == .unknown {
            state.providerModels = .loading
            effects.append(.listModels)
        }
        switch request.samplingPolicy {
        case .deny:
            return refuse(request.id, reason: "mcpterm refuses sampling requests from server \"\(request.server)\" "
                          + "(\"sampling\": \"deny\" in its servers.json)",
                          note: "Refused \(name): servers.json says \"sampling\": \"deny\" for \(request.server).", &state)
        case .allow:
            let effect = send(&review, current: model.model, state.providerModels)
            state.sampling.reviews[request.id] = review
            state.agent.note("Server \(request.server) asks for a model reply: " + ServerRequestQueue.summary(request)
                             + " — sent to the model at once (\"sampling\": \"allow\"); its reply opens in a box for you")
            return effects + [effect]
        case .ask:
            state.sampling.reviews[request.id] = review
            state.agent.note("Server \(request.server) asks for a model reply: " + ServerRequestQueue.summary(request)
                             + " — it opens in a box (see /requests)")
            return effects
        }
    }

    private static func refuse(_ id: Int, reason: String, note: String, _ state: inout AppState) -> [Effect] {
        do {
            let answer = try state.serverRequests.answer(id: id, with: .refuse(reason: reason))
            state.agent.note(note)
            return [.respond(requestID: id, answer: answer)]
        } catch {
            state.agent.noteError("\(error)")
            return []
        }
    }

    /// Starts a model run for `review`: the request as the server sent it, with the user's edit,
    /// to the model its hints choose among what the provider offers (else `current`).
    private static func send(_ review: inout SamplingReview, current: String, _ models: ProviderModels) -> Effect {
        review.runs += 1
        review.phase = .waiting(run: review.runs)
        let model = SamplingModelChoice.pick(hints: review.hints, current: current, available: models.names).model
        review.model = model
        let request = SamplingConversation.chatRequest(review.parameters, model: model, editedText: review.editedText)
        return .sample(requestID: review.requestID, run: review.runs, request: request)
    }

    // MARK: Sync and arming

    /// Keeps `state.sampling` in step with the waiting requests; called after every event. A
    /// request that ended (answered, cancelled by its server, server gone) loses its review and
    /// its model run. The box shows the front of the server requests when it is a sampling one;
    /// a box that comes on top, or whose reply came, starts disarmed with a timer that arms it.
    static func sync(_ state: inout AppState, after event: AppEvent) -> [Effect] {
        var sampling = state.sampling
        let waiting = state.serverRequests.waiting.filter(SamplingReview.isSampling)
        let ids = Set(waiting.map(\.id))
        var effects: [Effect] = []
        for (id, review) in sampling.reviews where !ids.contains(id) {
            if review.isWaiting { effects.append(.cancelSample(requestID: id)) }
            sampling.reviews[id] = nil
        }
        for request in waiting where sampling.reviews[request.id] == nil {
            sampling.reviews[request.id] = SamplingReview(request)
        }
        let target = state.requestBoxes.front(state.serverRequests.waiting).flatMap {
            SamplingReview.isSampling($0) ? $0.id : nil
        }
        let stage = target.flatMap { sampling.reviews[$0]?.stage }
        let changed = target != sampling.current || stage != sampling.currentStage
        if changed { sampling.notice = nil }
        sampling.current = target
        sampling.currentStage = stage
        let onTop = target != nil && state.agent.pendingApproval == nil
        if onTop && (changed || !sampling.onTop) {
            sampling.showing += 1
            sampling.armed = false
            effects.append(.armSampling(showing: sampling.showing, after: ApprovalState.armDelay))
        } else if !onTop {
            sampling.armed = false
        }
        sampling.onTop = onTop
        state.sampling = sampling
        switch event {
        case .key, .resize, .samplingReply, .serverRequest: clampScroll(&state)
        default: if changed { clampScroll(&state) }
        }
        return effects
    }

    /// The arming timer of showing `showing` ran out.
    static func arm(showing: Int, _ state: inout AppState) {
        guard state.sampling.current != nil, state.sampling.onTop, state.sampling.showing == showing else { return }
        state.sampling.armed = true
    }

    /// The model answered run `run` of request `requestID` (or failed). A reply to a run the user
    /// stopped, or to a request that is gone, is dropped. The reply shows for the second
    /// approval, scrolled to its start.
    static func replied(requestID: Int, run: Int, _ outcome: Result<SampledReply, SamplingFailure>,
                        _ state: inout AppState) {
        guard var review = state.sampling.reviews[requestID], review.phase == .waiting(run: run) else { return }
        switch outcome {
        case .success(let reply):
            let model = review.model ?? state.model?.model ?? ""
            switch SamplingConversation.result(reply, model: model, offered: review.parameters.tools) {
            case .success(let result): review.phase = .reply(result)
            case .failure(let failure): review.phase = .failed(failure.message)
            }
        case .failure(let failure):
            review.phase = .failed(failure.message)
        }
        review.seenAll = false
        review.scroll = SamplingBox.measured(review, state).layout.replyRow ?? review.scroll
        state.sampling.reviews[requestID] = review
    }

    // MARK: Keys

    /// A key while the box is on top. The side pane toggles and help go to the layers below;
    /// every other key is the box's, so nothing typed for the chat reaches the server or the model.
    static func handleKey(_ key: Key, _ state: inout AppState) -> [Effect]? {
        guard var review = state.sampling.review else { return nil }
        if let command = KeyMap.command(for: key, in: KeyMap.chat), [.toggleServers, .toggleLog, .help].contains(command) {
            return nil
        }
        state.sampling.notice = nil
        if case .editing(let editor) = review.phase {
            return editKey(key, editor, review, &state)
        }
        if case .paste = key {
            state.sampling.notice = "A paste does not answer this box: press a key."
            return []
        }
        let bindings = SamplingBox.bindings(review)
        let command = KeyMap.command(for: key, in: bindings)
        var page: Int { max(1, SamplingBox.measured(review, state).geometry.window - 1) }
        switch command {
        case .answerLater:
            return putAside(review, &state)
        case .moveUp: return scroll(by: -1, review, &state)
        case .moveDown: return scroll(by: 1, review, &state)
        case .movePageUp: return scroll(by: -page, review, &state)
        case .movePageDown: return scroll(by: page, review, &state)
        case .moveFirst: return scroll(by: Int.min / 2, review, &state)
        case .moveLast:
            review.seenAll = true
            return scroll(by: Int.max / 2, review, &state)
        case .cancel where review.isWaiting:
            // Stopping the model is always safe; the request stays for the user to answer.
            review.phase = .request
            state.sampling.reviews[review.requestID] = review
            state.sampling.notice = "Stopped the model: \(KeyMap.label(of: .approveSampling, in: KeyMap.samplingRequest)) "
                + "sends the request again"
            return [.cancelSample(requestID: review.requestID)]
        default:
            break
        }
        guard state.sampling.armed else { return [] }  // typed ahead, for something else: dropped
        let readFirst = "Read to the end first (\(KeyMap.label(of: .movePageDown, in: bindings)), "
            + "or \(KeyMap.label(of: .moveLast, in: bindings)) to jump)"
        switch command {
        case .approveSampling:
            guard review.seenAll else {
                state.sampling.notice = readFirst
                return []
            }
            guard let model = state.model else { return [] }  // refused on arrival
            let effect = send(&review, current: model.model, state.providerModels)
            state.sampling.reviews[review.requestID] = review
            return [effect]
        case .returnReply:
            guard let reply = review.reply else { return [] }
            guard review.seenAll else {
                state.sampling.notice = readFirst
                return []
            }
            return answer(.sampling(reply), review, &state)
        case .editMessage:
            guard let editable = SamplingConversation.editableMessage(review.parameters) else {
                state.sampling.notice = "The last user message has no text to edit"
                return []
            }
            var editor = InputEditor(text: review.editedText ?? editable.text)
            editor.moveEnd()
            review.phase = .editing(editor)
            state.sampling.reviews[review.requestID] = review
            return []
        case .deny:
            return answer(.decline, review, &state)
        case .cancel:
            return answer(.cancel, review, &state)
        default:
            return []
        }
    }

    /// A key in the edit field: typing and the input's editing keys edit; Enter keeps the edit,
    /// Esc drops it. A paste is text here, line breaks included.
    private static func editKey(_ key: Key, _ editor: InputEditor, _ review: SamplingReview,
                                _ state: inout AppState) -> [Effect] {
        var editor = editor
        var review = review
        switch KeyMap.command(for: key, in: KeyMap.samplingEdit) {
        case .submit:
            let original = SamplingConversation.editableMessage(review.parameters)?.text
            review.editedText = editor.text == original ? nil : editor.text
            review.phase = .request
        case .cancel:
            review.phase = .request
        case .newline:
            editor.insert("\n")
            review.phase = .editing(editor)
        default:
            switch key {
            case .char(let c): editor.insert(String(c))
            case .paste(let text): editor.insert(text)
            case .up: _ = editor.moveUp()
            case .down: _ = editor.moveDown()
            default:
                if let edit = KeyMap.command(for: key, in: KeyMap.editing), edit != .complete {
                    AppReducer.edit(edit, &editor)
                }
            }
            review.phase = .editing(editor)
        }
        state.sampling.reviews[review.requestID] = review
        return []
    }

    /// Scrolls the shown box by `delta` rows (the keys, and the mouse wheel over the box).
    static func scroll(by delta: Int, _ review: SamplingReview, _ state: inout AppState) -> [Effect] {
        var review = review
        review.scroll = review.scroll &+ delta
        state.sampling.reviews[review.requestID] = review
        clampScroll(&state)
        return []
    }

    /// Clamps the shown box's scroll to its body at the current size, and notes when its last
    /// row has been on screen (a body that fits is seen at once).
    private static func clampScroll(_ state: inout AppState) {
        guard var review = state.sampling.review else { return }
        let maxScroll = SamplingBox.maxScroll(review, state)
        review.scroll = min(max(0, review.scroll), maxScroll)
        if review.scroll >= maxScroll { review.seenAll = true }
        state.sampling.reviews[review.requestID] = review
    }

    // MARK: Answers

    private static func answer(_ answer: ServerRequestAnswer, _ review: SamplingReview,
                               _ state: inout AppState) -> [Effect] {
        let name = "\(review.server)'s sampling request #\(review.requestID)"
        // The review goes in the next sync, which also stops a model that still runs.
        return ServerRequestDelivery.deliver(answer, to: review.requestID, name: name, &state) { delivered in
            guard case .sampling(let result) = delivered else { return nil }
            let edited = review.editedText != nil ? " (with your edit of the last user message)" : ""
            return "Returned \(result.model)'s reply to \(name)\(edited)."
        }
    }

    /// Alt-L: the request keeps waiting, out of the way (a running model keeps running);
    /// `/accept ID` brings it back as it was.
    private static func putAside(_ review: SamplingReview, _ state: inout AppState) -> [Effect] {
        let id = review.requestID
        state.requestBoxes.putAside(id)
        state.agent.note("Put \(review.server)'s sampling request #\(id) aside: /accept \(id) opens it again, "
                         + "/decline \(id) or /cancel \(id) answers it.")
        return []
    }
}
