import ChatCore
import MCPHost

/// The tool budget in the running session: `/tools` lists what the model gets (and roughly
/// what the schemas cost in tokens), `/tools off PATTERN` and `/tools on PATTERN` turn tools off
/// and on for the model, by glob on `server__tool` or by a server's name (all its tools).
/// What servers.json leaves out (`"tools": {"include", "exclude"}`) never reaches the app.
enum ToolsCommand {
    static func run(_ argument: String, _ state: inout AppState) -> [Effect] {
        let words = argument.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let verb = words.first else {
            list(&state)
            return []
        }
        guard verb == "on" || verb == "off", words.count >= 2 else {
            state.agent.noteError("/tools: use /tools, /tools off PATTERN or /tools on PATTERN "
                                  + "(PATTERN: server__tool with * and ?, or a server's name)")
            return []
        }
        var matched: [String] = []
        for pattern in words.dropFirst() {
            let names = state.allTools.map(\.qualifiedName).filter { name in
                ToolFilter.glob(pattern, matches: name)
                    || state.allTools.first { $0.qualifiedName == name }?.server == pattern
            }
            if names.isEmpty { state.agent.noteError("/tools \(verb): no tool matches \"\(pattern)\"") }
            matched += names
        }
        guard !matched.isEmpty else { return [] }
        if verb == "off" { state.toolsOff.formUnion(matched) } else { state.toolsOff.subtract(matched) }
        let effects = refreshCatalog(&state)
        state.agent.note("\(matched.count) tool\(matched.count == 1 ? "" : "s") \(verb) for the model; "
                         + summary(state))
        return effects
    }

    /// The catalog the model gets: the servers' tools minus those turned off.
    static func refreshCatalog(_ state: inout AppState) -> [Effect] {
        state.catalog = ToolCatalog(state.allTools.filter { !state.toolsOff.contains($0.qualifiedName) })
        state.toolSchemaTokens = estimatedTokens(state.catalog)
        return AppReducer.effects(for: state.agent.catalogChanged(state.catalog), state)
    }

    /// About a token per four bytes of what each tool costs in a request: name, description, schema.
    static func estimatedTokens(_ catalog: ToolCatalog) -> Int {
        catalog.specs.reduce(0) { $0 + $1.name.utf8.count + $1.description.utf8.count + $1.parametersJSON.count } / 4
    }

    /// "the model gets 12 tools (~1.4k tokens of schema); off: a__b, …"
    static func summary(_ state: AppState) -> String {
        var text = "the model gets \(state.catalog.tools.count) tool\(state.catalog.tools.count == 1 ? "" : "s") "
            + "(~\(StatusBar.tokens(state.toolSchemaTokens)) tokens of schema)"
        if !state.toolsOff.isEmpty { text += "; off: " + state.toolsOff.sorted().joined(separator: ", ") }
        return text
    }

    private static func list(_ state: inout AppState) {
        guard !state.allTools.isEmpty else {
            state.agent.note("No tools available (no server is ready yet, or none has tools).")
            return
        }
        var servers: [String] = []
        for tool in state.allTools where !servers.contains(tool.server) { servers.append(tool.server) }
        for server in servers {
            let tools = state.allTools.filter { $0.server == server }
            let names = tools.map { state.toolsOff.contains($0.qualifiedName) ? "\($0.tool.name) (off)" : $0.tool.name }
            state.agent.note("\(server): " + names.joined(separator: ", "))
        }
        state.agent.note(summary(state).prefix(1).uppercased() + summary(state).dropFirst()
                         + ". /tools off PATTERN and /tools on PATTERN change it.")
    }
}
