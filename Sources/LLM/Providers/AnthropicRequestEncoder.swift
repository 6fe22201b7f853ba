import Foundation

/// Builds the JSON body of an Anthropic Messages API `POST /v1/messages` streaming request.
/// The system prompt goes to the top-level `system` field; tool calls are `tool_use` content
/// blocks of the assistant and their results `tool_result` blocks of the next user message.
/// Images (PNG, JPEG, GIF, WebP) are `image` blocks with a base64 source, in a user message or
/// inside a `tool_result`; other media stay placeholders. A failed call's result has `is_error`.
enum AnthropicRequestEncoder {
    static func body(for request: ChatRequest, model: String, defaultMaxTokens: Int) throws -> Data {
        var body: [String: Any] = [
            "model": request.model.isEmpty ? model : request.model,
            "messages": messages(request.messages),
            // Required by the Messages API, unlike OpenAI's max_tokens.
            "max_tokens": request.maxTokens ?? defaultMaxTokens,
            "stream": true,
        ]
        let system = request.messages.filter { $0.role == .system && !$0.content.isEmpty }.map(\.content)
        if !system.isEmpty { body["system"] = system.joined(separator: "\n\n") }
        if !request.tools.isEmpty {
            body["tools"] = try request.tools.map { tool -> [String: Any] in
                ["name": tool.name, "description": tool.description, "input_schema": try ToolJSON.schema(of: tool)]
            }
            // Anthropic calls "required" "any".
            switch request.toolChoice {
            case .auto?: body["tool_choice"] = ["type": "auto"]
            case .required?: body["tool_choice"] = ["type": "any"]
            case .forbidden?: body["tool_choice"] = ["type": "none"]
            case nil: break
            }
        }
        if let temperature = request.temperature { body["temperature"] = temperature }
        if !request.stopSequences.isEmpty { body["stop_sequences"] = request.stopSequences }
        return try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes])
    }

    /// The conversation as alternating user/assistant turns of content blocks. Consecutive
    /// messages of one role are merged: all results of one batch of tool calls must arrive in
    /// the single user message that follows the calls.
    private static func messages(_ messages: [ChatMessage]) -> [[String: Any]] {
        var turns: [(role: String, blocks: [[String: Any]])] = []
        for message in messages {
            let role: String
            var blocks: [[String: Any]] = []
            switch message.role {
            case .system:
                continue
            case .user:
                role = "user"
                blocks.append(contentsOf: contentBlocks(message.parts))
            case .assistant:
                role = "assistant"
                blocks.append(contentsOf: textBlock(message.content))
                // tool_use.input must be an object.
                for call in message.toolCalls {
                    blocks.append(["type": "tool_use", "id": call.id, "name": call.name, "input": ToolJSON.argumentsObject(of: call)])
                }
            case .tool:
                role = "user"
                var result: [String: Any] = ["type": "tool_result", "tool_use_id": message.toolCallID ?? ""]
                // Text alone stays a string; with images, the blocks in the result's order.
                result["content"] = message.media.contains(where: carries) ? contentBlocks(message.parts) : message.content
                if message.isError { result["is_error"] = true }
                blocks.append(result)
            }
            // The API rejects empty text blocks and messages without content.
            guard !blocks.isEmpty else { continue }
            if let last = turns.last, last.role == role {
                turns[turns.count - 1].blocks += blocks
            } else {
                turns.append((role, blocks))
            }
        }
        return turns.map { ["role": $0.role, "content": $0.blocks] }
    }

    /// Whether an `image` block can carry `media`.
    static func carries(_ media: ChatMedia) -> Bool {
        media.kind == .image && MediaSegment.webImageTypes.contains(media.essence)
    }

    private static func contentBlocks(_ parts: [ChatContentPart]) -> [[String: Any]] {
        MediaSegment.segments(parts, carries: carries).map { segment in
            switch segment {
            case .text(let text):
                return ["type": "text", "text": text]
            case .media(let media):
                return ["type": "image",
                        "source": ["type": "base64", "media_type": media.essence, "data": media.compactBase64]]
            }
        }
    }

    private static func textBlock(_ text: String) -> [[String: Any]] {
        text.isEmpty ? [] : [["type": "text", "text": text]]
    }
}
