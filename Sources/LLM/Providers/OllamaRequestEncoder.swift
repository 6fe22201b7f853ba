import Foundation

/// Builds the JSON body of an Ollama `POST /api/chat` streaming request. Unlike OpenAI's
/// format, tool call arguments are JSON objects, a tool result names its tool (`tool_name`),
/// and sampling settings go in `options`.
enum OllamaRequestEncoder {
    static func body(for request: ChatRequest, model: String) throws -> Data {
        var body: [String: Any] = [
            "model": request.model.isEmpty ? model : request.model,
            "messages": messages(request.messages),
            "stream": true,
        ]
        if !request.tools.isEmpty {
            body["tools"] = try request.tools.map(tool)
        }
        var options: [String: Any] = [:]
        if let temperature = request.temperature { options["temperature"] = temperature }
        if let maxTokens = request.maxTokens { options["num_predict"] = maxTokens }
        if !options.isEmpty { body["options"] = options }
        return try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes])
    }

    private static func messages(_ messages: [ChatMessage]) -> [[String: Any]] {
        var toolNames: [String: String] = [:]
        return messages.map { message in
            var json: [String: Any] = ["role": message.role.rawValue, "content": message.content]
            switch message.role {
            case .system, .user:
                break
            case .assistant:
                if !message.toolCalls.isEmpty {
                    json["tool_calls"] = message.toolCalls.map { call in
                        ["function": ["name": call.name, "arguments": arguments(of: call)] as [String: Any]]
                    }
                }
                // Ollama may give no ids, so ours ("call_0"...) repeat across turns: a result
                // answers the latest call with its id.
                for call in message.toolCalls { toolNames[call.id] = call.name }
            case .tool:
                if let id = message.toolCallID, let name = toolNames[id] { json["tool_name"] = name }
            }
            return json
        }
    }

    /// Ollama reads arguments as an object; arguments that are not one (a model's malformed
    /// call, already answered with an error result) are sent as `{}` so the history stays valid.
    private static func arguments(of call: ToolCall) -> Any {
        let parsed = try? JSONSerialization.jsonObject(with: Data(call.arguments.utf8))
        return parsed as? [String: Any] ?? [String: Any]()
    }

    private static func tool(_ tool: ToolSpec) throws -> [String: Any] {
        let schema: Any
        do {
            schema = try JSONSerialization.jsonObject(with: tool.parametersJSON)
        } catch {
            throw ProviderError.notConfigured("tool \"\(tool.name)\": its parameters are not valid JSON (\(error.localizedDescription))")
        }
        guard schema is [String: Any] else {
            throw ProviderError.notConfigured("tool \"\(tool.name)\": its parameters must be a JSON Schema object")
        }
        return [
            "type": "function",
            "function": ["name": tool.name, "description": tool.description, "parameters": schema] as [String: Any],
        ]
    }
}
