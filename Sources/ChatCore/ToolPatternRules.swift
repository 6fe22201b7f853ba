import Foundation
import MCPHost

#if canImport(Glibc)
    import Glibc
#endif

/// The command line's say over tool calls (`mcpterm -p --allow PATTERN --deny PATTERN`): shell
/// globs (`*`, `?`, `[…]`) on `server__tool`. A call matched by a `--deny` pattern never runs,
/// whatever else allows it; one matched by an `--allow` pattern runs without asking.
public struct ToolPatternRules: Equatable, Sendable {
    public var allow: [String]
    public var deny: [String]

    public init(allow: [String] = [], deny: [String] = []) {
        self.allow = allow
        self.deny = deny
    }

    /// What the rules say about `target`: the first `--deny` pattern that matches, else the first
    /// `--allow` pattern, else nothing.
    public func match(_ target: ToolTarget) -> Match? {
        let names = Self.names(target)
        if let pattern = deny.first(where: { pattern in names.contains { Self.glob(pattern, matches: $0) } }) {
            return .denied(pattern: pattern)
        }
        if let pattern = allow.first(where: { pattern in names.contains { Self.glob(pattern, matches: $0) } }) {
            return .allowed(pattern: pattern)
        }
        return nil
    }

    /// A pattern's verdict, with the pattern that gave it.
    public enum Match: Equatable, Sendable {
        case allowed(pattern: String)
        case denied(pattern: String)
    }

    /// The names a pattern is matched against: `server__tool` as configured and served, and the
    /// name the model sees (the same unless sanitising changed it; see `ToolNameRegistry`).
    static func names(_ target: ToolTarget) -> [String] {
        let plain = "\(target.server)__\(target.tool)"
        return plain == target.qualifiedName ? [plain] : [plain, target.qualifiedName]
    }

    /// POSIX `fnmatch` without flags: `*` and `?` match any character, `/` included (the same
    /// matching as servers.json's `"tools"` include/exclude).
    public static func glob(_ pattern: String, matches name: String) -> Bool {
        ToolFilter.glob(pattern, matches: name)
    }
}
