import Foundation

/// Builds the JSON body of an Ollama `POST /api/chat` streaming request. Unlike OpenAI's
/// format, tool call arguments are JSON objects, a tool result names its tool (`tool_name`),
/// and sampling settings go in `options`. Images (PNG, JPEG) go in the message's `images` as
/// base64, tool results included; the text keeps their placeholders, and other media stay
/// placeholders.
enum OllamaRequestEncoder {
    static func body(for request: ChatRequest, model: String) throws -> Data {
        var body: [String: Any] = [
            "model": request.model.isEmpty ? model : request.model,
            "messages": messages(request.messages),
            "stream": true,
        ]
        // Ollama has no tool choice: "none" is kept by offering no tools; "required" cannot be asked for.
        if !request.tools.isEmpty, request.toolChoice != .forbidden {
            body["tools"] = try request.tools.map(ToolJSON.functionTool)
        }
        var options: [String: Any] = [:]
        if let temperature = request.temperature { options["temperature"] = temperature }
        if let maxTokens = request.maxTokens { options["num_predict"] = maxTokens }
        if !request.stopSequences.isEmpty { options["stop"] = request.stopSequences }
        if !options.isEmpty { body["options"] = options }
        return try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes])
    }

    /// Whether `images` can carry `media`.
    static func carries(_ media: ChatMedia) -> Bool {
        media.kind == .image && ["image/png", "image/jpeg"].contains(media.essence)
    }

    private static func messages(_ messages: [ChatMessage]) -> [[String: Any]] {
        var toolNames: [String: String] = [:]
        return messages.map { message in
            var json: [String: Any] = ["role": message.role.rawValue, "content": message.content]
            let images = message.media.filter(carries)
            if !images.isEmpty { json["images"] = images.map(\.compactBase64) }
            switch message.role {
            case .system, .user:
                break
            case .assistant:
                if !message.toolCalls.isEmpty {
                    // Ollama reads arguments as an object, not as JSON text.
                    json["tool_calls"] = message.toolCalls.map { call in
                        ["function": ["name": call.name, "arguments": ToolJSON.argumentsObject(of: call)] as [String: Any]]
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
}
