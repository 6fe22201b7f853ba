import MCPHost

/// Decides which tool calls run without asking: tools listed in a server's `alwaysAllow`
/// in servers.json, then tools the user allowed "always" during this session.
public struct ApprovalPolicy: Equatable, Sendable {
    /// server name → tool names (unprefixed) from the config.
    public var configAllowed: [String: Set<String>]
    /// Tools the user allowed for the rest of the session, by server and tool, with the definition
    /// they saw: a tool whose description, annotations or schema change later is asked about again.
    public private(set) var sessionAllowed: [ToolKey: ToolFingerprint]

    public init(configAllowed: [String: Set<String>] = [:], sessionAllowed: [ToolKey: ToolFingerprint] = [:]) {
        self.configAllowed = configAllowed
        self.sessionAllowed = sessionAllowed
    }

    /// True when a call of `target` may run without asking the user.
    public func isPreapproved(_ target: ToolTarget) -> Bool {
        if configAllowed[target.server]?.contains(target.tool) == true { return true }
        return sessionAllowed[target.key] == target.fingerprint
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
