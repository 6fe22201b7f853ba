/// What a stdio server inherits of mcpterm's environment (`"inheritEnv"`). By default only a
/// minimal set, as the Python SDK's client does (`get_default_environment`), so API keys and
/// tokens in the user's shell never reach a server that did not ask for them.
public enum EnvironmentInheritance: Sendable, Equatable {
    /// The variables in `minimalNames` (and `LC_*`): the default.
    case minimal
    /// The whole environment (`"inheritEnv": true`), as before this key existed.
    case all
    /// The minimal set plus these variables when they are set (`"inheritEnv": ["GITHUB_TOKEN"]`).
    case names([String])

    /// The Python SDK's POSIX list (HOME, LOGNAME, PATH, SHELL, TERM, USER) plus the locale and
    /// time zone, so a server prints and parses text and dates as the user does.
    public static let minimalNames: Set<String> = ["HOME", "LOGNAME", "PATH", "SHELL", "TERM", "USER", "LANG", "TZ"]

    /// The environment a server starts with: the inherited part of `host`, then the entry's own
    /// `env`, which wins over anything inherited.
    public func environment(from host: [String: String], adding configured: [String: String]) -> [String: String] {
        var out: [String: String]
        switch self {
        case .all:
            out = host
        case .minimal:
            out = host.filter { Self.isMinimal($0.key) && !Self.isShellFunction($0.value) }
        case .names(let names):
            let extra = Set(names)
            out = host.filter { (Self.isMinimal($0.key) && !Self.isShellFunction($0.value)) || extra.contains($0.key) }
        }
        out.merge(configured) { _, configured in configured }
        return out
    }

    /// A name `posix_spawn` can pass: not empty, no `=` (it would split the entry), no NUL.
    static func isVariableName(_ name: String) -> Bool {
        !name.isEmpty && !name.contains("=") && !name.contains("\0")
    }

    private static func isMinimal(_ name: String) -> Bool {
        minimalNames.contains(name) || name.hasPrefix("LC_")
    }

    /// bash exports functions as values starting with "()"; the SDK skips them as a security risk.
    private static func isShellFunction(_ value: String) -> Bool {
        value.hasPrefix("()")
    }
}
