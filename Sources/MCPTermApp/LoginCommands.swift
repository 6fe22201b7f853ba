import ChatCore
import MCPHost

/// `/login`, `/logout`, the Servers tab's `l`, and what the transcript says while a login runs.
/// Pure: the login itself runs in the host (`Effect.login`), and comes back as events.
enum LoginCommands {
    /// `/login NAME`, `/login NAME URL` (the address the browser landed on, pasted), `/login`
    /// alone when one server needs a login; `/logout NAME`.
    static func run(_ command: String, _ argument: String, _ state: inout AppState) -> [Effect] {
        guard let (server, rest) = split(argument, servers: state.servers) else {
            if argument.isEmpty, command == "/login", let only = onlyServerNeedingLogin(state) {
                return start(only, &state)
            }
            let known = state.servers.map(\.name).joined(separator: ", ")
            let what = argument.isEmpty ? "needs a server name" : "no server named \"\(argument)\""
            state.agent.noteError("\(command): \(what) (servers: \(known.isEmpty ? "none" : known))")
            return []
        }
        if command == "/logout" {
            guard rest.isEmpty else {
                state.agent.noteError("/logout takes only a server name")
                return []
            }
            state.agent.note("Forgetting the OAuth tokens of \(server)…")
            return [.logout(server: server)]
        }
        guard !rest.isEmpty else { return start(server, &state) }
        guard rest.hasPrefix("http://") || rest.hasPrefix("https://") else {
            state.agent.noteError("/login \(server) URL: paste the whole address the browser landed on "
                                  + "(it starts with http://127.0.0.1:)")
            return []
        }
        // The address holds the authorization code: it is checked, never echoed.
        state.agent.note("Checking the pasted address for \(server)…")
        return [.completeLogin(server: server, redirect: rest)]
    }

    /// `l` in the Servers tab: log in to the first server that needs it and has no login running.
    static func loginFromPane(_ state: inout AppState) -> [Effect] {
        guard let server = state.servers.first(where: { needsLogin($0) && $0.loginURL == nil })
                ?? state.servers.first(where: needsLogin) else {
            state.agent.note("No server needs a login.")
            return []
        }
        return start(server.name, &state)
    }

    private static func start(_ server: String, _ state: inout AppState) -> [Effect] {
        state.agent.note("Logging in to \(server)…")
        return [.login(server: server)]
    }

    /// The host has the URL: the browser is asked to open it, and the transcript shows it to
    /// copy, with the way back for a browser on another machine.
    static func started(server: String, url: String, _ state: inout AppState) -> [Effect] {
        state.agent.note("Log in to \(server) in your browser. If none opens, open this address:\n\(url)\n"
                         + "A browser on another machine (SSH) ends on an address mcpterm cannot receive: "
                         + "copy that address and type /login \(server) ADDRESS.")
        return [.openURL(url)]
    }

    static func finished(server: String, error: String?, _ state: inout AppState) {
        if let error {
            state.agent.noteError("Login to \(server) failed: \(error)")
        } else {
            state.agent.note("Logged in to \(server); connecting.")
        }
    }

    static func needsLogin(_ server: ServerStatus) -> Bool {
        if case .needsLogin = server.state { return true }
        return false
    }

    private static func onlyServerNeedingLogin(_ state: AppState) -> String? {
        let waiting = state.servers.filter(needsLogin)
        return waiting.count == 1 ? waiting[0].name : nil
    }

    /// The server named at the start of `argument` (names may hold spaces: the longest that
    /// fits wins) and what follows it.
    private static func split(_ argument: String, servers: [ServerStatus]) -> (String, String)? {
        let names = servers.map(\.name).sorted { $0.count > $1.count }
        for name in names {
            if argument == name { return (name, "") }
            if argument.hasPrefix(name + " ") {
                return (name, String(argument.dropFirst(name.count + 1)).trimmingCharacters(in: .whitespaces))
            }
        }
        return nil
    }
}
