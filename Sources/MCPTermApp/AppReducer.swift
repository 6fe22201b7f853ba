import Foundation
import ChatCore
import LLM
import MCPHost
import TUI

/// `reduce(&state, event) -> [Effect]`: the only place the app's state changes. Pure: no I/O.
public enum AppReducer {
    /// `now` is the loop's time (since it started) when the event is handled; without it (tests
    /// of the reducer alone) nothing is timed or animated.
    public static func reduce(_ state: inout AppState, _ event: AppEvent, now: Duration? = nil) -> [Effect] {
        if let now { state.times.now = now }
        var effects = apply(event, &state)
        effects += sendQueued(&state)
        effects += ActivityTimes.update(&state, after: event, effects: effects)
        // The boxes follow whatever the event did to the waiting call and the waiting requests.
        effects += ApprovalReducer.sync(&state, after: event)
        state.requestBoxes.prune(state.serverRequests.waiting)
        effects += ElicitationReducer.sync(&state, after: event)
        effects += URLConsentReducer.sync(&state, after: event)
        effects += SamplingReducer.sync(&state, after: event)
        // What the conversation learned goes to the session file before anything else runs
        // (a quit, say), so the file holds everything the user saw.
        let records = state.agent.takeRecords()
        return records.isEmpty ? effects : [.saveSession(records)] + effects
    }

    private static func apply(_ event: AppEvent, _ state: inout AppState) -> [Effect] {
        switch event {
        case .key(let key):
            return Layers.handle(key, &state)
        case .resize(let width, let height):
            state.width = width
            state.height = height
            return [.fullRedraw]
        case .stream(let turn, let streamEvent):
            state.agent.receive(streamEvent, turn: turn)
            return []
        case .streamEnded(let turn, let error):
            let actions = state.agent.streamEnded(turn: turn, error: error, catalog: state.catalog)
            return effects(for: actions, state)
        case .toolFinished(let callID, let outcome):
            return effects(for: state.agent.toolFinished(callID: callID, outcome: outcome), state)
        case .urlElicitationsRequired:
            return []  // the box's queue takes them (URLConsentReducer.sync)
        case .elicitationComplete(let server, let id):
            URLConsentReducer.complete(server: server, elicitationID: id, &state)
            return []
        case .urlConsentArmed(let showing):
            URLConsentReducer.arm(showing: showing, &state)
            return []
        case .toolProgress(let callID, let progress):
            state.agent.toolProgress(callID: callID, progress)
            return []
        case .serversChanged(let servers):
            logTransitions(from: state.servers, to: servers, &state)
            state.servers = servers
            return []
        case .toolsChanged(let tools):
            state.catalog = ToolCatalog(tools)
            return effects(for: state.agent.catalogChanged(state.catalog), state)
        case .approvalArmed(let showing):
            ApprovalReducer.arm(showing: showing, &state)
            return []
        case .elicitationArmed(let showing):
            ElicitationReducer.arm(showing: showing, &state)
            return []
        case .samplingArmed(let showing):
            SamplingReducer.arm(showing: showing, &state)
            return []
        case .samplingReply(let requestID, let run, let outcome):
            SamplingReducer.replied(requestID: requestID, run: run, outcome, &state)
            return []
        case .modelsListed(.success(let names)):
            state.providerModels = .listed(names)
            return []
        case .modelsListed(.failure(let failure)):
            state.providerModels = .failed(failure.message)
            state.appendLog(HostLogEntry(server: nil, level: .warning, source: .host,
                                         message: "could not list the provider's models: \(failure.message)"))
            return []
        case .transcriptPlaced(let from, let scroll, let anchor):
            // A key that scrolled since that frame wins; the next frame places it.
            guard state.transcriptScroll == from else { return [] }
            state.transcriptScroll = scroll
            state.transcriptAnchor = scroll > 0 ? anchor : nil
            return []
        case .hostLog(let entry):
            state.appendLog(entry)
            return []
        case .configReloaded(let report):
            report.apply(to: &state.agent.policy)
            ReloadNotice.show(report, &state)
            return []
        case .terminate:
            state.shouldQuit = true
            return effects(for: state.agent.cancel(), state) + [.quit]
        case .conversationExported(let path, let error):
            if let error {
                state.agent.noteError("/export: \(error)")
            } else {
                state.agent.note("Exported the conversation to \(path).")
            }
            return []
        case .redraw, .sessionWriteDue, .animationFrame, .serversWaitOver:
            return []
        case .catalogChanged, .serverRequest, .serverRequestEnded, .resourceRead, .resourceTemplatesChanged,
             .resourceUpdated, .promptFetched, .completionFound:
            return ServerFeatureReducer.reduce(&state, event)
        }
    }

    /// Each server that changed state leaves a line in the log ("demo: ready", "x: failed: …").
    private static func logTransitions(from old: [ServerStatus], to new: [ServerStatus], _ state: inout AppState) {
        let before = Dictionary(old.map { ($0.name, $0.state) }, uniquingKeysWith: { _, last in last })
        for server in new where before[server.name] != server.state {
            let level: HostLogEntry.Level
            switch server.state {
            case .failed: level = .error
            case .ready: level = .info
            default: level = .debug
            }
            state.appendLog(HostLogEntry(server: server.name, level: level, source: .host,
                                         message: ServerStatusText.transition(server)))
        }
    }

    // MARK: Keys

    /// A key for the chat layer (below help, the approval box and a focused pane; see `Layers`):
    /// a command of the chat key map, else editing the input.
    static func chatKey(_ key: Key, _ state: inout AppState) -> [Effect] {
        if let command = KeyMap.command(for: key, in: KeyMap.chat) {
            return run(command, &state)
        }
        if let command = KeyMap.command(for: key, in: KeyMap.editing) {
            return edit(command, &state)
        }
        switch key {
        case .char(let c): state.input.insert(String(c))
        case .paste(let text): state.input.insert(text)
        default: break
        }
        return []
    }

    /// An editing key of `KeyMap.editing` on the input.
    private static func edit(_ command: KeyCommand, _ state: inout AppState) -> [Effect] {
        if command == .complete {
            if let effects = PromptCommand.complete(state) { return effects }
            state.input.insert("    ")
            return []
        }
        edit(command, &state.input)
        return []
    }

    /// An editing key of `KeyMap.editing` on any editor (the input, a form's text field);
    /// `.complete` belongs to the caller.
    static func edit(_ command: KeyCommand, _ editor: inout InputEditor) {
        switch command {
        case .deleteBackward: editor.deleteBackward()
        case .deleteForward: editor.deleteForward()
        case .cursorLeft: editor.moveLeft()
        case .cursorRight: editor.moveRight()
        case .lineStart: editor.moveHome()
        case .lineEnd: editor.moveEnd()
        case .wordLeft: editor.moveWordLeft()
        case .wordRight: editor.moveWordRight()
        case .deleteWordBackward: editor.deleteWordBackward()
        case .killToEnd: editor.killToEnd()
        case .killToStart: editor.killToStart()
        default: break
        }
    }

    private static func run(_ command: KeyCommand, _ state: inout AppState) -> [Effect] {
        switch command {
        case .submit:
            return submit(&state)
        case .newline:
            state.input.insert("\n")
        case .cancel:
            if let queued = state.queuedMessages.popLast() {
                // The least Esc can undo first: the newest queued message comes back to the input.
                if state.input.text.isEmpty { state.input = InputEditor(text: queued) }
                return []
            }
            if state.agent.phase != .idle { return effects(for: state.agent.cancel(), state) }
            if AttachmentReducer.cancelWaiting(&state) { return [] }
            state.input.clear()
        case .quit:
            if state.input.text.isEmpty {
                state.shouldQuit = true
                return effects(for: state.agent.cancel(), state) + [.quit]
            }
            state.input.deleteForward()
        case .toggleServers:
            toggleSidePane(.servers, &state)
        case .toggleLog:
            toggleSidePane(.log, &state)
        case .help:
            state.helpVisible = true
        case .scrollUp:
            state.transcriptScroll += max(1, state.height / 2)
            state.transcriptAnchor = nil
        case .scrollDown:
            state.transcriptScroll = max(0, state.transcriptScroll - max(1, state.height / 2))
            state.transcriptAnchor = nil
        case .redraw:
            return [.fullRedraw]
        case .historyPrevious:
            state.input.historyPrevious()
        case .historyNext:
            state.input.historyNext()
        case .approveOnce, .approveAlways, .deny, .toggleDescription, .deleteBackward, .deleteForward, .cursorLeft,
             .cursorRight, .lineStart, .lineEnd, .wordLeft, .wordRight, .deleteWordBackward, .killToEnd, .killToStart,
             .complete, .declineForm, .nextField, .previousField, .toggleChoice, .answerLater, .openPage,
             .approveSampling, .returnReply, .editMessage:
            break
        case .focusPane, .nextTab, .previousTab, .detach, .moveUp, .moveDown, .movePageUp, .movePageDown,
             .moveFirst, .moveLast, .activate, .attach, .focusInput:
            return SidePaneReducer.run(command, &state)
        }
        return []
    }

    /// Shows `pane` in the side pane, or hides the pane when it already shows it.
    private static func toggleSidePane(_ pane: SidePane, _ state: inout AppState) {
        if state.sidePaneVisible, state.sidePane == pane {
            state.sidePaneVisible = false
            state.sidePaneState.focused = false
        } else {
            state.sidePane = pane
            state.sidePaneVisible = true
        }
    }

    private static func submit(_ state: inout AppState) -> [Effect] {
        let text = state.input.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return [] }
        if text.hasPrefix("/") {
            _ = state.input.submit()
            return SlashCommand.run(text, &state)
        }
        guard state.model != nil else {
            state.agent.note(Self.noModelHint)
            return []
        }
        if !state.attachments.isEmpty {
            return AttachmentReducer.submit(text, &state)
        }
        guard let actions = state.agent.submit(text) else {
            // A reply is in progress: the message waits its turn, shown as queued.
            state.queuedMessages.append(text)
            _ = state.input.submit()
            state.transcriptScroll = 0
            return []
        }
        _ = state.input.submit()
        state.transcriptScroll = 0
        return effects(for: actions, state)
    }

    /// The turn ended and a message waits: it goes now, as if typed then.
    private static func sendQueued(_ state: inout AppState) -> [Effect] {
        guard state.agent.phase == .idle, state.model != nil, !state.queuedMessages.isEmpty else { return [] }
        let text = state.queuedMessages.removeFirst()
        guard let actions = state.agent.submit(text) else { return [] }
        return effects(for: actions, state)
    }

    /// The one line shown when no model is configured.
    static let noModelHint =
        "No model configured. Start with: mcpterm --provider openai|anthropic|ollama --model NAME [--base-url URL] (keys from OPENAI_API_KEY / ANTHROPIC_API_KEY; Ollama at OLLAMA_HOST). Servers and tools work without one."

    // MARK: Agent actions → effects

    /// The ready servers' instructions, each under its server's name, after the system prompt
    /// (or as one): the model learns how to use each server's tools. Added when a request goes
    /// out, so it always says what the servers say now, and the session file keeps the system
    /// prompt the user set.
    static func withServerInstructions(_ messages: [ChatMessage], _ servers: [ServerStatus]) -> [ChatMessage] {
        let given = servers.filter { $0.state == .ready }.compactMap { server in
            server.instructions.map { "## \(server.name)\n\($0)" }
        }
        guard !given.isEmpty else { return messages }
        let block = "Instructions from the MCP servers whose tools you can use, each under its server's name:\n\n"
            + given.joined(separator: "\n\n")
        var messages = messages
        if let first = messages.first, first.role == .system {
            messages[0] = ChatMessage(role: .system, content: first.content + "\n\n" + block)
        } else {
            messages.insert(ChatMessage(role: .system, content: block), at: 0)
        }
        return messages
    }

    static func effects(for actions: [AgentAction], _ state: AppState) -> [Effect] {
        effects(for: actions, model: state.model?.model ?? "", servers: state.servers, catalog: state.catalog)
    }

    /// The effects that carry out the agent loop's `actions`, the TUI's and `mcpterm -p`'s alike:
    /// a request offers the tools of `catalog` and the instructions of the ready `servers`.
    static func effects(for actions: [AgentAction], model: String, servers: [ServerStatus],
                        catalog: ToolCatalog) -> [Effect] {
        actions.map { action in
            switch action {
            case .startStream(let turn, let messages):
                let request = ChatRequest(
                    model: model, messages: withServerInstructions(messages, servers), tools: catalog.specs)
                return .streamChat(turn: turn, request: request)
            case .cancelStream(let turn):
                return .cancelStream(turn: turn)
            case .runTool(let callID, let target, let arguments):
                return .callTool(callID: callID, target: target, arguments: arguments)
            case .cancelTool(let callID):
                return .cancelTool(callID: callID)
            }
        }
    }
}
