/// Where mcpterm keeps what should outlive a run but is not config: saved sessions, the answers
/// about project servers.json files.
public enum StateDirectory {
    /// `$XDG_STATE_HOME/mcpterm`, else `~/.local/state/mcpterm` (XDG Base Directory: a relative
    /// `$XDG_STATE_HOME` is invalid and ignored); nil without either.
    public static func path(environment: [String: String]) -> String? {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return state + "/mcpterm"
        }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.local/state/mcpterm"
    }
}
