import Glibc

/// A server entry's `"tools": {"include": [...], "exclude": [...]}`: which of its tools mcpterm
/// takes at all, by shell-style globs (`*`, `?`, `[…]`) on the tool's own name. With `include`,
/// only matching tools; `exclude` wins over `include`. Tools left out are not listed, not given
/// to the model and cannot be called.
public struct ToolFilter: Sendable, Equatable {
    public var include: [String]
    public var exclude: [String]

    public init(include: [String] = [], exclude: [String] = []) {
        self.include = include
        self.exclude = exclude
    }

    public var isEmpty: Bool { include.isEmpty && exclude.isEmpty }

    public func allows(_ name: String) -> Bool {
        if exclude.contains(where: { Self.glob($0, matches: name) }) { return false }
        return include.isEmpty || include.contains { Self.glob($0, matches: name) }
    }

    /// POSIX `fnmatch` without flags.
    public static func glob(_ pattern: String, matches name: String) -> Bool {
        fnmatch(pattern, name, 0) == 0
    }
}
