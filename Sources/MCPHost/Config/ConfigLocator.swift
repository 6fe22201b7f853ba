import Foundation

/// Finds the `servers.json` to load: the one the user named, else the usual places.
public enum ConfigLocator {
    /// Lookup order: explicit path (--config; must exist, else a problem), ./servers.json (in cwd),
    /// $XDG_CONFIG_HOME/mcpterm/servers.json, else ~/.config/mcpterm/servers.json.
    /// Returns nil when none exists (not an error).
    public static func locate(
        explicit: String?, cwd: String, environment: [String: String]
    ) -> Result<String?, ConfigProblem> {
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 }
        if let explicit {
            let path = absolute(expandingTilde(explicit, home: home), cwd: cwd)
            switch kind(of: path) {
            case .file: return .success(path)
            case .directory: return .failure(ConfigProblem(file: explicit, line: 0, server: nil, message: "is a directory, not a config file"))
            case .missing: return .failure(ConfigProblem(file: explicit, line: 0, server: nil, message: "config file not found"))
            }
        }
        var candidates = [absolute("servers.json", cwd: cwd)]
        // XDG Base Directory spec: a relative $XDG_CONFIG_HOME is invalid and must be ignored.
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") {
            candidates.append(join(xdg, "mcpterm/servers.json"))
        }
        if let home {
            candidates.append(join(home, ".config/mcpterm/servers.json"))
        }
        return .success(candidates.first { kind(of: $0) == .file })
    }

    /// `~` or `~/x` become the home directory; other paths are left alone.
    static func expandingTilde(_ path: String, home: String?) -> String {
        guard let home else { return path }
        if path == "~" { return home }
        if path.hasPrefix("~/") { return join(home, String(path.dropFirst(2))) }
        return path
    }

    private static func absolute(_ path: String, cwd: String) -> String {
        path.hasPrefix("/") ? path : join(cwd, path)
    }

    private static func join(_ dir: String, _ rest: String) -> String {
        dir.hasSuffix("/") ? dir + rest : dir + "/" + rest
    }

    private enum Kind { case file, directory, missing }

    private static func kind(of path: String) -> Kind {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return .missing }
        return isDirectory.boolValue ? .directory : .file
    }
}
