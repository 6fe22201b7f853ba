import Foundation

/// Finds the `servers.json` to load: the one the user named, else the usual places.
public enum ConfigLocator {
    /// Lookup order: explicit path (--config; must exist, else a problem), ./servers.json (in cwd),
    /// $XDG_CONFIG_HOME/mcpterm/servers.json, else ~/.config/mcpterm/servers.json.
    /// Returns nil when none exists (not an error).
    public static func locate(
        explicit: String?, cwd: String, environment: [String: String]
    ) -> Result<String?, ConfigProblem> {
        find(explicit: explicit, cwd: cwd, environment: environment).map { $0?.path }
    }

    /// Like `locate`, and says whose file it is: a `./servers.json` that is not also the user's
    /// own config is a `.project` file, which can run commands the user never chose.
    public static func find(
        explicit: String?, cwd: String, environment: [String: String]
    ) -> Result<LocatedConfig?, ConfigProblem> {
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 }
        if let explicit {
            let path = absolute(expandingTilde(explicit, home: home), cwd: cwd)
            switch kind(of: path) {
            case .file: return .success(LocatedConfig(path: path, origin: .explicit))
            case .directory: return .failure(ConfigProblem(file: explicit, line: 0, server: nil, message: "is a directory, not a config file"))
            case .missing: return .failure(ConfigProblem(file: explicit, line: 0, server: nil, message: "config file not found"))
            }
        }
        var userFiles: [String] = []
        // XDG Base Directory spec: a relative $XDG_CONFIG_HOME is invalid and must be ignored.
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") {
            userFiles.append(join(xdg, "mcpterm/servers.json"))
        }
        if let home {
            userFiles.append(join(home, ".config/mcpterm/servers.json"))
        }
        let project = absolute("servers.json", cwd: cwd)
        if kind(of: project) == .file {
            // Started inside ~/.config/mcpterm (or through a symlink to it): that is the user's own file.
            let isUsers = userFiles.contains { kind(of: $0) == .file && sameFile(project, $0) }
            return .success(LocatedConfig(path: project, origin: isUsers ? .user : .project))
        }
        return .success(userFiles.first { kind(of: $0) == .file }.map { LocatedConfig(path: $0, origin: .user) })
    }

    /// Two paths name the same file (same device and inode), whatever links lead to it.
    static func sameFile(_ a: String, _ b: String) -> Bool {
        var sa = stat(), sb = stat()
        guard stat(a, &sa) == 0, stat(b, &sb) == 0 else { return false }
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino
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

/// Whose servers.json was found, which decides whether it needs the user's consent.
public enum ConfigOrigin: Sendable, Equatable {
    /// Named with `--config`: the user chose it.
    case explicit
    /// `./servers.json` of the working directory: it came with the project, and can run commands.
    case project
    /// The user's own config (`$XDG_CONFIG_HOME/mcpterm`, `~/.config/mcpterm`).
    case user
}

/// A servers.json that was found, and whose it is.
public struct LocatedConfig: Sendable, Equatable {
    public var path: String
    public var origin: ConfigOrigin

    public init(path: String, origin: ConfigOrigin) {
        self.path = path
        self.origin = origin
    }
}
