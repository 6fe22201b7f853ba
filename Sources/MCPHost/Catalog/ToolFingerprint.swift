import Foundation
import MCP

/// What a user approves when they approve a tool: its title and description, its annotations and
/// its input schema, each as canonical text (sorted keys). Two fingerprints are equal only when
/// all three are, so a tool that changed after the approval box showed it is caught by `==`,
/// and `changes(from:)` can say what changed. Kept as text, not a hash: nothing to collide.
public struct ToolFingerprint: Hashable, Sendable {
    public var about: String
    public var annotations: String
    public var inputSchema: String

    public init(_ tool: Tool) {
        about = [tool.title ?? "", tool.description ?? ""].joined(separator: "\n")
        annotations = Self.canonical(tool.annotations)
        inputSchema = Self.canonical(tool.inputSchema)
    }

    /// What differs from `old`, in words ("description", "annotations", "input schema").
    public func changes(from old: ToolFingerprint) -> [String] {
        var out: [String] = []
        if about != old.about { out.append("description") }
        if annotations != old.annotations { out.append("annotations") }
        if inputSchema != old.inputSchema { out.append("input schema") }
        return out
    }

    private static func canonical<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            // Only a NaN or infinity in a schema gets here; its description still tells tools apart.
            return "unencodable: \(value)"
        }
    }
}

/// Exactly which tool a call is for: the server, the tool's own name, and the fingerprint of the
/// definition the user saw. `ServerHost.callTool(_:arguments:)` runs it only if that same
/// definition is still what the server offers.
public struct ToolTarget: Hashable, Sendable {
    public var server: String
    public var tool: String
    public var fingerprint: ToolFingerprint
    /// The model-facing name (for messages and logs only; never used to route).
    public var qualifiedName: String

    public init(server: String, tool: String, fingerprint: ToolFingerprint, qualifiedName: String) {
        self.server = server
        self.tool = tool
        self.fingerprint = fingerprint
        self.qualifiedName = qualifiedName
    }

    public var key: ToolKey { ToolKey(server: server, tool: tool) }
}
