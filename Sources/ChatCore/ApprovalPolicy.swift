/// Decides which tool calls run without asking: tools listed in a server's `alwaysAllow`
/// in servers.json, then tools the user allowed "always" during this session.
public struct ApprovalPolicy: Equatable, Sendable {
    /// server name → tool names (unprefixed) from the config.
    public var configAllowed: [String: Set<String>]
    /// Qualified names (`server__tool`) the user allowed for the rest of the session.
    public private(set) var sessionAllowed: Set<String>

    public init(configAllowed: [String: Set<String>] = [:], sessionAllowed: Set<String> = []) {
        self.configAllowed = configAllowed
        self.sessionAllowed = sessionAllowed
    }

    /// True when a call may run without asking the user.
    public func isPreapproved(qualifiedName: String, server: String?, tool: String?) -> Bool {
        if let server, let tool, configAllowed[server]?.contains(tool) == true { return true }
        return sessionAllowed.contains(qualifiedName)
    }

    /// The user chose "always" for this tool.
    public mutating func allowForSession(_ qualifiedName: String) {
        sessionAllowed.insert(qualifiedName)
    }
}

/// The user's answer in the approval box.
public enum ApprovalDecision: Equatable, Sendable {
    /// Run this call only.
    case once
    /// Run it and every later call of the same tool this session.
    case always
    case deny
}
