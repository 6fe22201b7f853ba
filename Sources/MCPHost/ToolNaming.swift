import MCP

/// How the model sees MCP tools: tool `t` of server `s` is `s__t`, limited to `[A-Za-z0-9_-]`
/// and 64 characters (what model APIs accept).
///
/// A name is derived from the server and the tool alone, never from the order in which servers
/// became ready: when sanitising changed anything, or the name could be read two ways, or it is
/// too long, it ends in a hash of the real server and tool names. So `文件` and `网页` both
/// offering `read` give two different names, each the same in every session.
public enum ToolNaming {
    public static let maxLength = 64
    public static let separator = "__"

    /// The name for tool `tool` of server `server`, from those two alone.
    public static func baseName(server: String, tool: String) -> String {
        let s = sanitize(server)
        let t = sanitize(tool)
        let base = s + separator + t
        // Unchanged names that split one way only need no hash: the server part holds no "__" and
        // does not end in "_", the tool part does not start with "_", neither is empty.
        let unambiguous = s == server && t == tool && !server.isEmpty && !tool.isEmpty
            && !server.contains(separator) && !server.hasSuffix("_") && !tool.hasPrefix("_")
        if unambiguous, base.count <= maxLength { return base }
        return withSuffix(base, "_" + hash(server + "\u{0}" + tool, digits: 8))
    }

    /// `base` cut so that `suffix` fits within `maxLength`, then `suffix`.
    static func withSuffix(_ base: String, _ suffix: String) -> String {
        String(base.prefix(maxLength - suffix.count)) + suffix
    }

    /// Every character outside `[A-Za-z0-9_-]` becomes `_` (one per Unicode scalar).
    public static func sanitize(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "A"..."Z", "a"..."z", "0"..."9", "_", "-": result.unicodeScalars.append(scalar)
            default: result.append("_")
            }
        }
        return result
    }

    /// FNV-1a as hex digits (8 or 16): small and stable across runs (unlike `Hasher`). Not a
    /// security boundary: what runs is checked by server, tool and fingerprint, not by this name.
    static func hash(_ text: String, digits: Int) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        let full = String(repeating: "0", count: 16 - hex.count) + hex
        return String(full.suffix(digits))
    }
}

/// A tool's identity across the host: the server that offers it and the tool's own name.
public struct ToolKey: Hashable, Sendable, CustomStringConvertible {
    public var server: String
    public var tool: String

    public init(server: String, tool: String) {
        self.server = server
        self.tool = tool
    }

    public var description: String { "\"\(tool)\" of server \"\(server)\"" }
}

/// The model-facing names given out in one session. A name, once given to a tool, stays with
/// that tool and is never given to another one, even after the first tool's server went away:
/// an earlier "allow always" or an old message of the model can then never reach a stranger.
public struct ToolNameRegistry: Sendable {
    private var keyByName: [String: ToolKey] = [:]
    private var nameByKey: [ToolKey: String] = [:]

    public init() {}

    /// The name of `key`: the one it had before in this session, else `ToolNaming.baseName`,
    /// else (taken by another tool, which only crafted names achieve) a longer hash, then a counter.
    public mutating func name(for key: ToolKey) -> String {
        if let known = nameByKey[key] { return known }
        let base = ToolNaming.baseName(server: key.server, tool: key.tool)
        var candidate = base
        if keyByName[candidate] != nil {
            candidate = ToolNaming.withSuffix(base, "_" + ToolNaming.hash(key.server + "\u{0}" + key.tool, digits: 16))
        }
        var counter = 2
        while keyByName[candidate] != nil {
            candidate = ToolNaming.withSuffix(base, "_\(counter)")
            counter += 1
        }
        keyByName[candidate] = key
        nameByKey[key] = candidate
        return candidate
    }

    /// The tool a name was given to in this session, if any.
    public func key(named name: String) -> ToolKey? {
        keyByName[name]
    }
}

/// A tool in the merged catalog: the name the model uses and where it really lives.
public struct QualifiedTool: Equatable, Sendable {
    public var qualifiedName: String
    public var server: String
    public var tool: Tool
    /// What the user approves when they approve this tool (see `ToolFingerprint`).
    public var fingerprint: ToolFingerprint

    public init(qualifiedName: String, server: String, tool: Tool) {
        self.qualifiedName = qualifiedName
        self.server = server
        self.tool = tool
        self.fingerprint = ToolFingerprint(tool)
    }

    public var key: ToolKey { ToolKey(server: server, tool: tool.name) }

    /// Where a call of this tool goes, as it is now.
    public var target: ToolTarget {
        ToolTarget(server: server, tool: tool.name, fingerprint: fingerprint, qualifiedName: qualifiedName)
    }
}
