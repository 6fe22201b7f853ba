import ChatCore
import MCPHost

/// The outcome of `/reload`, as the reducer shows it: what changed, and what is wrong in the file.
public struct ConfigReloadReport: Equatable, Sendable {
    /// Where the file was read from, for the notice; nil when none was found.
    var path: String?
    var diff: ServerConfigDiff
    /// Problems in the new file: the servers they concern were left as they were or left out;
    /// every other server was applied.
    var problems: [ConfigProblem]
    /// True when the file could not be used at all (missing, syntax error): nothing was applied.
    var applied: Bool
    /// server → `alwaysAllow` of every usable entry in the new file; nil leaves the policy alone.
    var alwaysAllow: [String: Set<String>]?

    init(path: String?, diff: ServerConfigDiff, problems: [ConfigProblem], applied: Bool,
                alwaysAllow: [String: Set<String>]? = nil) {
        self.path = path
        self.diff = diff
        self.problems = problems
        self.applied = applied
        self.alwaysAllow = alwaysAllow
    }

    /// The `alwaysAllow` lists of `servers` (servers without one are left out).
    static func alwaysAllowLists(_ servers: [ServerConfig]) -> [String: Set<String>] {
        var lists: [String: Set<String>] = [:]
        for server in servers where !server.alwaysAllow.isEmpty {
            lists[server.name] = Set(server.alwaysAllow)
        }
        return lists
    }

    /// Servers whose new entry has an error: they keep their old entry, so their old list too.
    var keptServers: Set<String> {
        Set(problems.filter { !$0.isWarning }.compactMap(\.server))
    }

    /// Makes the reloaded `alwaysAllow` lists the policy's config part at once (no restart needed);
    /// what the user allowed "always" this session stays.
    func apply(to policy: inout ApprovalPolicy) {
        guard applied, var lists = alwaysAllow else { return }
        for server in keptServers {
            lists[server] = policy.configAllowed[server]
        }
        policy.configAllowed = lists
    }
}
