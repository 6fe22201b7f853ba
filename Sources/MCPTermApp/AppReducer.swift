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
        state.replyModels.note(state.agent.transcript, model: state.model?.model)
        // Esc (or anything that ended the turn) stops a wait to ask again.
        if let retry = state.streamRetry, retry.turn != state.agent.turn || state.agent.phase != .streaming {
            state.streamRetry = nil
        }
        InputPopupReducer.sync(&state)
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
        case .key(.mouse(let mouse)), .mouse(let mouse):
            return MouseReducer.handle(mouse, &state)
        case .key(let key):
            return Layers.handle(key, &state)
        case .toastExpired(let showing):
            Toast.expire(showing: showing, &state)
            return []
        case .templateCompletionFound(let server, let uriTemplate, let argument, let value, let values):
            TemplateFillReducer.completionFound(server: server, uriTemplate: uriTemplate, argument: argument,
                                                value: value, values: values, &state)
            return []
        case .resize(let width, let height):
            state.width = width
            state.height = height
            return [.fullRedraw]
        case .stream(let turn, let streamEvent):
            state.agent.receive(streamEvent, turn: turn)
            return []
        case .compacted(let outcome):
            return CompactCommand.finished(outcome, &state)
        case .streamFailed(let turn, let failure):
            return StreamRetryReducer.failed(turn: turn, failure, &state)
        case .retryDue(let turn):
            return StreamRetryReducer.due(turn: turn, &state)
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
            state.allTools = tools
            return ToolsCommand.refreshCatalog(&state)
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
            if state.modelListWanted { state.agent.note(ModelCommand.offered(names, state)) }
            state.modelListWanted = false
            return []
        case .modelsListed(.failure(let failure)):
            state.providerModels = .failed(failure.message)
            state.appendLog(HostLogEntry(server: nil, level: .warning, source: .host,
                                         message: "could not list the provider's models: \(failure.message)"))
            if state.modelListWanted { state.agent.noteError("The provider's models could not be listed: \(failure.message)") }
            state.modelListWanted = false
            return []
        case .modelDetected(.success(let description)):
            guard state.model == nil else { return [] }
            state.model = description
            state.agent.note("No model was configured; found Ollama at \(description.baseURL): talking to "
                             + "\(description.model) (/model lists the others).")
            return [.useModel(description)]
        case .modelDetected(.failure(let problem)):
            guard state.model == nil else { return [] }
            state.appendLog(HostLogEntry(server: nil, level: .info, source: .host, message: "no local Ollama: \(problem.message)"))
            state.agent.note(Self.noModelHint)
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
        case .loginStarted(let server, let url):
            return LoginCommands.started(server: server, url: url, &state)
        case .loginFinished(let server, let error):
            LoginCommands.finished(server: server, error: error, &state)
            return []
        case .trace(let update):
            state.trace.apply(update)
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
        case .char("r") where state.input.text.isEmpty && state.agent.retryable && state.agent.phase == .idle:
            // Right after a failed reply, r on an empty line asks again (the line says so).
            return retryLastTurn(&state)
        case .char(let c): state.input.insert(String(c))
        case .paste(let text): state.input.insert(text)
        default: break
        }
        return []
    }

    /// `r` or `/retry`: the last turn's reply failed; ask the model again.
    static func retryLastTurn(_ state: inout AppState) -> [Effect] {
        guard let action = state.agent.retryLastTurn() else {
            state.agent.note("Nothing to retry: the last reply did not fail.")
            return []
        }
        state.transcriptScroll = 0
        return effects(for: [action], state)
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
        case .toggleTrace:
            TraceReducer.toggle(&state)
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
        case .toggleMouse:
            return MouseReducer.toggle(&state)
        case .copyReply:
            return CopyCommand.run("", &state)
        case .historyPrevious:
            state.input.historyPrevious()
        case .historyNext:
            state.input.historyNext()
        case .approveOnce, .approveAlways, .deny, .toggleDescription, .deleteBackward, .deleteForward, .cursorLeft,
             .cursorRight, .lineStart, .lineEnd, .wordLeft, .wordRight, .deleteWordBackward, .killToEnd, .killToStart,
             .complete, .declineForm, .nextField, .previousField, .toggleChoice, .answerLater, .openPage,
             .approveSampling, .returnReply, .editMessage, .traceServer, .traceMethod, .traceErrors, .traceSearch:
            break
        case .focusPane, .nextTab, .previousTab, .detach, .moveUp, .moveDown, .movePageUp, .movePageDown,
             .moveFirst, .moveLast, .activate, .attach, .focusInput, .login:
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

    /// Enter in the input: a slash command runs; a message goes to the model (with its attached
    /// and referenced resources), or waits its turn while a reply is in progress.
    static func submit(_ state: inout AppState) -> [Effect] {
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
        if state.agent.phase == .idle, state.attachments.waitingMessage == nil, ResourceReferences.attach(text, &state) {
            return AttachmentReducer.submit(text, &state)
        }
        if !state.attachments.isEmpty {
            return AttachmentReducer.submit(text, &state)
        }
        if state.agent.phase == .idle, CompactCommand.holdsBack(text, &state) { return [] }
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
        // Its `@server:uri` references are read now, as it goes.
        if state.attachments.waitingMessage == nil, ResourceReferences.attach(text, &state) {
            return AttachmentReducer.submit(text, fromInput: false, &state)
        }
        guard let actions = state.agent.submit(text) else { return [] }
        return effects(for: actions, state)
    }

    /// The one line shown when no model is configured.
    static let noModelHint =
        "No model configured. Start with: mcpterm --provider openai|anthropic|ollama --model NAME [--base-url URL], or an \"llm\" section in servers.json (keys from OPENAI_API_KEY / ANTHROPIC_API_KEY; Ollama at OLLAMA_HOST). Servers and tools work without one."

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
        effects(for: actions, model: state.model?.model ?? "", servers: state.servers, catalog: state.catalog,
                temperature: state.model?.temperature, maxTokens: state.model?.maxTokens)
    }

    /// The effects that carry out the agent loop's `actions`, the TUI's and `mcpterm -p`'s alike:
    /// a request offers the tools of `catalog` and the instructions of the ready `servers`.
    static func effects(for actions: [AgentAction], model: String, servers: [ServerStatus],
                        catalog: ToolCatalog, temperature: Double? = nil, maxTokens: Int? = nil) -> [Effect] {
        actions.map { action in
            switch action {
            case .startStream(let turn, let messages):
                let request = ChatRequest(
                    model: model, messages: withServerInstructions(messages, servers), tools: catalog.specs,
                    temperature: temperature, maxTokens: maxTokens)
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
