import MCP

/// How the model sees MCP tools: tool `t` of server `s` is `s__t`, limited to `[A-Za-z0-9_-]`
/// and 64 characters (what model APIs accept), unique across all servers.
public enum ToolNaming {
    public static let maxLength = 64
    public static let separator = "__"

    /// One name per input, in the same order. Names that would collide after sanitising or
    /// truncating get `_2`, `_3`… in input order; names longer than 64 are cut and end in a
    /// hash of the full server and tool name, so they stay stable as other tools come and go.
    public static func qualifiedNames(for tools: [(server: String, tool: String)]) -> [String] {
        var used = Set<String>()
        var names: [String] = []
        names.reserveCapacity(tools.count)
        for entry in tools {
            var base = sanitize(entry.server) + separator + sanitize(entry.tool)
            if base.count > maxLength {
                let hash = fnv1a(entry.server + "\u{0}" + entry.tool)
                base = String(base.prefix(maxLength - hash.count - 1)) + "_" + hash
            }
            var candidate = base
            var counter = 2
            while used.contains(candidate) {
                let suffix = "_\(counter)"
                candidate = String(base.prefix(maxLength - suffix.count)) + suffix
                counter += 1
            }
            used.insert(candidate)
            names.append(candidate)
        }
        return names
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

    /// 32-bit FNV-1a as 8 hex digits: small, stable across runs (unlike `Hasher`).
    private static func fnv1a(_ text: String) -> String {
        var hash: UInt32 = 0x811C_9DC5
        for byte in text.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 0x0100_0193
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }
}

/// A tool in the merged catalog: the name the model uses and where it really lives.
public struct QualifiedTool: Equatable, Sendable {
    public var qualifiedName: String
    public var server: String
    public var tool: Tool

    public init(qualifiedName: String, server: String, tool: Tool) {
        self.qualifiedName = qualifiedName
        self.server = server
        self.tool = tool
    }
}
