import MCPHost

/// Decides which tool calls run without asking: none that a `--deny` pattern names; then tools
/// listed in a server's `alwaysAllow` in servers.json, tools the user allowed "always" during
/// this session, and tools an `--allow` pattern names (`mcpterm -p`).
public struct ApprovalPolicy: Equatable, Sendable {
    /// server name → tool names (unprefixed) from the config.
    public var configAllowed: [String: Set<String>]
    /// Tools the user allowed for the rest of the session, by server and tool, with the definition
    /// they saw: a tool whose description, annotations or schema change later is asked about again.
    public private(set) var sessionAllowed: [ToolKey: ToolFingerprint]
    /// `--allow` and `--deny` (empty in the TUI).
    public var patterns: ToolPatternRules

    public init(configAllowed: [String: Set<String>] = [:], sessionAllowed: [ToolKey: ToolFingerprint] = [:],
                patterns: ToolPatternRules = ToolPatternRules()) {
        self.configAllowed = configAllowed
        self.sessionAllowed = sessionAllowed
        self.patterns = patterns
    }

    /// True when a call of `target` may run without asking the user.
    public func isPreapproved(_ target: ToolTarget) -> Bool {
        verdict(target)?.allows == true
    }

    /// Why a call of `target` may run without asking, or why it may not run, or nil (ask).
    public func verdict(_ target: ToolTarget) -> Verdict? {
        let match = patterns.match(target)
        if case .denied(let pattern) = match { return .deniedByPattern(pattern) }
        if configAllowed[target.server]?.contains(target.tool) == true { return .alwaysAllow }
        if sessionAllowed[target.key] == target.fingerprint { return .allowedForSession }
        if case .allowed(let pattern) = match { return .allowedByPattern(pattern) }
        return nil
    }

    /// What decided a call without the user.
    public enum Verdict: Equatable, Sendable {
        /// The server's `alwaysAllow` in servers.json names the tool.
        case alwaysAllow
        /// The user chose "always" for this tool, as it is now, earlier in the session.
        case allowedForSession
        /// An `--allow` pattern.
        case allowedByPattern(String)
        /// A `--deny` pattern: it wins over everything that allows.
        case deniedByPattern(String)

        public var allows: Bool {
            if case .deniedByPattern = self { return false }
            return true
        }
    }

    /// The user chose "always" for this tool as it is now.
    public mutating func allowForSession(_ target: ToolTarget) {
        sessionAllowed[target.key] = target.fingerprint
    }
}

/// The user's answer in the approval box.
public enum ApprovalDecision: Equatable, Sendable {
    /// Run this call only.
    case once
    /// Run it and every later call of the same tool (same definition) this session.
    case always
    case deny
}
