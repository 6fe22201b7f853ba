import ChatCore
import MCPHost

/// Commands typed in the input line, starting with "/", and the ready servers' prompts as
/// `/server:prompt`. The one list of commands: /help, the help overlay and the `/` menu read it.
enum SlashCommand {
    /// Name, argument hint ("[N]": may be left out) and help text, for /help, the help overlay
    /// and the `/` menu.
    static let all: [(name: String, args: String, help: String)] = [
        ("/help", "", "show keys and commands"),
        ("/quit", "", "leave mcpterm (also /exit)"),
        ("/servers", "", "list servers and their state in the transcript"),
        ("/tools", "[on|off PATTERN]", "list the tools the model gets, or turn tools (server__tool globs, or a server) on or off"),
        ("/reconnect", "NAME", "restart one server"),
        ("/disable", "NAME", "stop a server until /enable (servers.json is not changed)"),
        ("/enable", "NAME", "start a disabled server"),
        ("/reload", "", "read servers.json again: start added, stop removed, restart changed servers"),
        ("/login", "[NAME [URL]]", "log in to a server that needs OAuth (alone: the one that does); URL: the address the browser landed on, pasted"),
        ("/logout", "NAME", "forget a server's OAuth tokens"),
        ("/clear", "", "start a new conversation"),
        ("/compact", "", "have the model summarise the older turns into one message (the session file keeps them all)"),
        ("/retry", "", "ask the model again after a reply failed (r on an empty line does the same)"),
        ("/model", "[NAME]", "list the models and profiles, or switch to profile or model NAME (the conversation is kept)"),
        ("/copy", "[N]", "copy the last reply, or its code block N, to the clipboard (OSC 52)"),
        ("/export", "[FILE.md]", "write the conversation as Markdown (default: mcpterm-DATE-TIME.md here)"),
        ("/stats", "", "every server's calls, errors, latency percentiles, bytes and a latency histogram"),
    ] + ServerFeatureCommands.all

    static func run(_ line: String, _ state: inout AppState) -> [Effect] {
        let parts = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        let name = parts.first ?? ""
        let argument = parts.dropFirst().joined(separator: " ")
        switch name {
        case "/quit", "/exit", "/q":
            state.shouldQuit = true
            return AppReducer.effects(for: state.agent.cancel(), state) + [.quit]
        case "/help", "/?":
            state.helpVisible = true
        case "/servers":
            if state.servers.isEmpty {
                state.agent.note("No servers configured.")
            }
            for server in state.servers {
                state.agent.note(ServerStatusText.line(server))
            }
        case "/stats":
            guard !state.servers.isEmpty else {
                state.agent.note("No servers configured.")
                return []
            }
            let rows = MetricsText.table(servers: state.servers.map(\.name), trace: state.trace, timeZone: state.timeZone)
            state.agent.note(rows.joined(separator: "\n"))
        case "/tools":
            return ToolsCommand.run(argument, &state)
        case "/reconnect":
            guard state.servers.contains(where: { $0.name == argument }) else {
                let known = state.servers.map(\.name).joined(separator: ", ")
                state.agent.noteError("/reconnect: no server named \"\(argument)\" (servers: \(known))")
                return []
            }
            state.agent.note("Reconnecting \(argument)…")
            return [.reconnect(server: argument)]
        case "/disable", "/enable":
            guard state.servers.contains(where: { $0.name == argument }) else {
                let known = state.servers.map(\.name).joined(separator: ", ")
                state.agent.noteError("\(name): no server named \"\(argument)\" (servers: \(known))")
                return []
            }
            let enabling = name == "/enable"
            state.agent.note("\(enabling ? "Enabling" : "Disabling") \(argument)…")
            return [enabling ? .enableServer(argument) : .disableServer(argument)]
        case "/login", "/logout":
            return LoginCommands.run(name, argument, &state)
        case "/reload":
            state.agent.note("Reloading servers.json…")
            return [.reloadServers]
        case "/clear":
            guard state.agent.phase == .idle else {
                state.agent.note("A reply is in progress: press Esc first, then /clear.")
                return []
            }
            let earlier = state.agent.takeRecords()
            let rounds = state.agent.maxToolRounds
            state.agent = AgentLoop(systemPrompt: state.agent.messages.first { $0.role == .system }?.content,
                                    policy: state.agent.policy)
            state.agent.maxToolRounds = rounds
            state.transcriptScroll = 0
            return (earlier.isEmpty ? [] : [.saveSession(earlier)]) + [.newSessionFile]
        case "/compact":
            return CompactCommand.start(&state)
        case "/retry":
            guard state.agent.phase == .idle else {
                state.agent.note("A reply is in progress: press Esc first, then /retry.")
                return []
            }
            return AppReducer.retryLastTurn(&state)
        case "/model":
            return ModelCommand.run(argument, &state)
        case "/export":
            let facts = ConversationMarkdown.Facts(
                model: state.model.map { "\($0.provider.rawValue) \($0.model)" })
            let markdown = ConversationMarkdown.render(state.agent.transcript, facts: facts)
            return [.exportConversation(markdown: markdown, path: argument.isEmpty ? nil : argument)]
        case "/prompt":
            // Quoted values keep their spacing: parse the line as typed.
            return PromptCommand.run(String(line.dropFirst(name.count)), &state)
        case "/copy":
            return CopyCommand.run(argument, &state)
        default:
            if let prompt = PromptCommand.named(name, in: state.prompts) {
                // `/server:name k=v …` is `/prompt SERVER NAME k=v …`.
                let head = " " + PromptCommand.quoted(prompt.server) + " " + PromptCommand.quoted(prompt.item.name)
                return PromptCommand.run(head + String(line.dropFirst(name.count)), &state)
            }
            if let effects = ServerFeatureCommands.run(name, argument, &state) { return effects }
            state.agent.noteError("Unknown command \(name). Type /help for the list.")
        }
        return []
    }
}

/// How a server's state reads in the pane and in /servers.
enum ServerStatusText {
    static func state(_ state: ServerState) -> String {
        switch state {
        case .disabled: return "disabled"
        case .connecting: return "connecting"
        case .ready: return "ready"
        case .failed(let reason): return "failed: \(reason)"
        case .stopped: return "stopped"
        case .needsLogin(let reason): return "needs login: \(reason)"
        }
    }

    static func line(_ server: ServerStatus) -> String {
        var parts = ["\(server.name) [\(server.kind.rawValue)] \(state(server.state))"]
        if let summary = server.protocolSummary { parts.append("protocol \(summary)") }
        if let info = serverInfo(server) { parts.append(info) }
        if server.state == .ready { parts.append("\(server.toolCount) tools") }
        parts += ServerHealthText.parts(server)
        return parts.joined(separator: " · ")
    }

    /// The log pane's line for a state change; the pane already names the server, and the
    /// reconnect plan has its own line, so this says only what changed: "ready · protocol … · 3 tools"
    /// or "failed: reason". Details of an earlier session are left out of other states.
    static func transition(_ server: ServerStatus) -> String {
        var parts = [state(server.state)]
        if server.state == .ready {
            if let summary = server.protocolSummary { parts.append("protocol \(summary)") }
            if let info = serverInfo(server) { parts.append(info) }
            parts.append("\(server.toolCount) tools")
        }
        return parts.joined(separator: " · ")
    }

    /// "name version" as the server reported it, without the gap an empty version leaves.
    private static func serverInfo(_ server: ServerStatus) -> String? {
        guard let info = server.serverInfo?.trimmingCharacters(in: .whitespaces), !info.isEmpty else { return nil }
        return info
    }
}
