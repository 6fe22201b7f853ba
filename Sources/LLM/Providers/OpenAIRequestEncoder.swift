import Foundation

/// Builds the JSON body of an OpenAI-compatible `POST /chat/completions` streaming request.
enum OpenAIRequestEncoder {
    static func body(for request: ChatRequest, model: String) throws -> Data {
        var body: [String: Any] = [
            "model": request.model.isEmpty ? model : request.model,
            "messages": request.messages.map(message),
            "stream": true,
            // Without this the final usage chunk is not sent.
            "stream_options": ["include_usage": true],
        ]
        if !request.tools.isEmpty {
            body["tools"] = try request.tools.map(ToolJSON.functionTool)
            if let choice = request.toolChoice { body["tool_choice"] = choice.rawValue }
        }
        if let temperature = request.temperature { body["temperature"] = temperature }
        if !request.stopSequences.isEmpty { body["stop"] = request.stopSequences }
        // max_tokens, not max_completion_tokens: the compatible servers (vLLM, llama.cpp,
        // DeepSeek, Qwen) all read max_tokens.
        if let maxTokens = request.maxTokens { body["max_tokens"] = maxTokens }
        return try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes])
    }

    private static func message(_ message: ChatMessage) -> [String: Any] {
        var json: [String: Any] = ["role": message.role.rawValue]
        switch message.role {
        case .system, .user:
            json["content"] = message.content
        case .assistant:
            // An assistant turn that only calls tools has null content in OpenAI's format.
            json["content"] = message.content.isEmpty && !message.toolCalls.isEmpty ? NSNull() : message.content
            if !message.toolCalls.isEmpty {
                json["tool_calls"] = message.toolCalls.map { call in
                    [
                        "id": call.id,
                        "type": "function",
                        "function": ["name": call.name, "arguments": call.arguments],
                    ] as [String: Any]
                }
            }
        case .tool:
            json["content"] = message.content
            json["tool_call_id"] = message.toolCallID ?? ""
        }
        return json
    }
}
