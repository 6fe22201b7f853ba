/// What a reload of `servers.json` changes: servers added, removed, changed (restarted with the new
/// entry) and unchanged (left running). Two entries are the same when every setting is equal; the
/// line they start on does not count, so editing one entry does not restart those below it.
public struct ServerConfigDiff: Equatable, Sendable {
    public var added: [String]
    public var removed: [String]
    public var changed: [String]
    public var unchanged: [String]
    /// Only their roots changed: they keep running and are told (`roots/list_changed`).
    public var rerooted: [String]

    public init(added: [String] = [], removed: [String] = [], changed: [String] = [], unchanged: [String] = [],
                rerooted: [String] = []) {
        self.added = added
        self.removed = removed
        self.changed = changed
        self.unchanged = unchanged
        self.rerooted = rerooted
    }

    /// Compares by server name; names in each list follow the order of `new` (`removed`: of `old`).
    public init(old: [ServerConfig], new: [ServerConfig]) {
        self.init()
        let before = Dictionary(old.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let names = Set(new.map(\.name))
        for config in new {
            guard let previous = before[config.name] else {
                added.append(config.name)
                continue
            }
            if Self.sameSettings(previous, config) {
                unchanged.append(config.name)
            } else if Self.sameSettings(previous, config, apartFromRoots: true) {
                rerooted.append(config.name)
            } else {
                changed.append(config.name)
            }
        }
        removed = old.map(\.name).filter { !names.contains($0) }
    }

    /// True when nothing but the position in the file differs (and, with `apartFromRoots`, the
    /// roots the server is given).
    public static func sameSettings(_ a: ServerConfig, _ b: ServerConfig, apartFromRoots: Bool = false) -> Bool {
        var b = b
        b.line = a.line
        if apartFromRoots {
            b.roots = a.roots
            b.shareWorkingDirectory = a.shareWorkingDirectory
        }
        return a == b
    }

    /// "reloaded servers.json: added a, b; removed c; restarted d; 2 unchanged".
    public var summary: String {
        var parts: [String] = []
        if !added.isEmpty { parts.append("added " + added.joined(separator: ", ")) }
        if !removed.isEmpty { parts.append("removed " + removed.joined(separator: ", ")) }
        if !changed.isEmpty { parts.append("restarted " + changed.joined(separator: ", ")) }
        if !rerooted.isEmpty { parts.append("new roots for " + rerooted.joined(separator: ", ")) }
        parts.append("\(unchanged.count) unchanged")
        return parts.joined(separator: "; ")
    }
}
