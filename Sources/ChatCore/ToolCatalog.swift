import Foundation
import LLM
import MCP
import MCPHost

/// The tools of all ready servers as the model sees them, with a way back from a
/// qualified name (`server__tool`) to its server and MCP definition.
public struct ToolCatalog: Equatable, Sendable {
    public private(set) var tools: [QualifiedTool]
    private var byName: [String: Int]

    public init(_ tools: [QualifiedTool]) {
        self.tools = tools
        var index: [String: Int] = [:]
        for (i, tool) in tools.enumerated() { index[tool.qualifiedName] = i }
        self.byName = index
    }

    public func tool(named qualifiedName: String) -> QualifiedTool? {
        byName[qualifiedName].map { tools[$0] }
    }

    /// The tool `name` of `server` as the catalog has it now, whatever the model calls it.
    public func tool(server: String, name: String) -> QualifiedTool? {
        tools.first { $0.server == server && $0.tool.name == name }
    }

    /// Tool specs for a chat request: the qualified name, the description (titled with
    /// the server so the model knows where it runs) and the input schema as JSON.
    public var specs: [ToolSpec] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return tools.map { qualified in
            let schema = (try? encoder.encode(Self.objectSchema(qualified.tool.inputSchema)))
                ?? Data(#"{"type":"object"}"#.utf8)
            let description = qualified.tool.description ?? qualified.tool.title ?? qualified.tool.name
            return ToolSpec(
                name: qualified.qualifiedName,
                description: "[\(qualified.server)] \(description)",
                parametersJSON: schema)
        }
    }

    /// Model APIs reject a schema that is not an object schema; servers sometimes send none.
    static func objectSchema(_ schema: Value) -> Value {
        guard case .object(var fields) = schema else { return .object(["type": "object"]) }
        if fields["type"] == nil { fields["type"] = "object" }
        return .object(fields)
    }
}
