import Foundation

/// How tools and tool calls are written into the request bodies of the providers: the schema
/// object, OpenAI's function-tool wrapper (Ollama reads it too), and arguments as an object.
enum ToolJSON {
    /// The tool's parameters as a JSON object; a tool whose schema is not one is a configuration
    /// error that names the tool.
    static func schema(of tool: ToolSpec) throws -> [String: Any] {
        let schema: Any
        do {
            schema = try JSONSerialization.jsonObject(with: tool.parametersJSON)
        } catch {
            throw ProviderError.notConfigured("tool \"\(tool.name)\": its parameters are not valid JSON (\(error.localizedDescription))")
        }
        guard let object = schema as? [String: Any] else {
            throw ProviderError.notConfigured("tool \"\(tool.name)\": its parameters must be a JSON Schema object")
        }
        return object
    }

    /// `{"type": "function", "function": {name, description, parameters}}`.
    static func functionTool(_ tool: ToolSpec) throws -> [String: Any] {
        [
            "type": "function",
            "function": ["name": tool.name, "description": tool.description, "parameters": try schema(of: tool)] as [String: Any],
        ]
    }

    /// The call's arguments as an object, for APIs that take them as one. Arguments that are
    /// not one (a model's malformed call, already answered with an error result) are sent as
    /// `{}` so the history stays valid.
    static func argumentsObject(of call: ToolCall) -> [String: Any] {
        let parsed = try? JSONSerialization.jsonObject(with: Data(call.arguments.utf8))
        return parsed as? [String: Any] ?? [:]
    }
}
