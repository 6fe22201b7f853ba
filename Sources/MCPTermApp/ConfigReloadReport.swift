import MCPHost

/// The outcome of `/reload`, as the reducer shows it: what changed, and what is wrong in the file.
public struct ConfigReloadReport: Equatable, Sendable {
    /// Where the file was read from, for the notice; nil when none was found.
    public var path: String?
    public var diff: ServerConfigDiff
    /// Problems in the new file: the servers they concern were left as they were or left out;
    /// every other server was applied.
    public var problems: [ConfigProblem]
    /// True when the file could not be used at all (missing, syntax error): nothing was applied.
    public var applied: Bool

    public init(path: String?, diff: ServerConfigDiff, problems: [ConfigProblem], applied: Bool) {
        self.path = path
        self.diff = diff
        self.problems = problems
        self.applied = applied
    }
}
