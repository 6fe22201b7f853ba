import Foundation

/// Builds the JSON body of an OpenAI-compatible `POST /chat/completions` streaming request.
///
/// Media: a user message with media becomes an array of content parts (`image_url` with a
/// `data:` URL for PNG, JPEG, GIF and WebP; `input_audio` for WAV and MP3). A tool message can
/// only hold text, so it keeps the placeholders, and the media of a run of tool results follow
/// it in one user message (after the last result: every call must be answered before anything
/// else comes). Other media stay placeholders.
enum OpenAIRequestEncoder {
    static func body(for request: ChatRequest, model: String) throws -> Data {
        var body: [String: Any] = [
            "model": request.model.isEmpty ? model : request.model,
            "messages": messages(request.messages),
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

    /// Whether a content part can carry `media`.
    static func carries(_ media: ChatMedia) -> Bool {
        switch media.kind {
        case .image: return MediaSegment.webImageTypes.contains(media.essence)
        case .audio: return audioFormat(media) != nil
        }
    }

    private static func messages(_ messages: [ChatMessage]) -> [[String: Any]] {
        var out: [[String: Any]] = []
        // Media of the tool results since the last non-tool message, by call.
        var pending: [[String: Any]] = []
        func flushToolMedia() {
            if !pending.isEmpty { out.append(["role": "user", "content": pending]) }
            pending = []
        }
        for message in messages {
            if message.role != .tool { flushToolMedia() }
            out.append(self.message(message))
            if message.role == .tool {
                let media = message.media.filter(carries)
                if !media.isEmpty {
                    pending.append(["type": "text", "text": "Media from the result of tool call \(message.toolCallID ?? ""):"])
                    pending += media.map(part)
                }
            }
        }
        flushToolMedia()
        return out
    }

    private static func message(_ message: ChatMessage) -> [String: Any] {
        var json: [String: Any] = ["role": message.role.rawValue]
        switch message.role {
        case .system:
            json["content"] = message.content
        case .user:
            json["content"] = userContent(message)
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

    /// Text alone as a string (what every compatible server reads); with media it carries, parts.
    private static func userContent(_ message: ChatMessage) -> Any {
        guard message.media.contains(where: carries) else { return message.content }
        return MediaSegment.segments(message.parts, carries: carries).map { segment -> [String: Any] in
            switch segment {
            case .text(let text): return ["type": "text", "text": text]
            case .media(let media): return part(media)
            }
        }
    }

    private static func part(_ media: ChatMedia) -> [String: Any] {
        if media.kind == .audio, let format = audioFormat(media) {
            return ["type": "input_audio", "input_audio": ["data": media.compactBase64, "format": format]]
        }
        return ["type": "image_url", "image_url": ["url": media.dataURL]]
    }

    /// The `input_audio` format of a WAV or MP3 type; nil for any other.
    private static func audioFormat(_ media: ChatMedia) -> String? {
        switch media.essence {
        case "audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave": return "wav"
        case "audio/mpeg", "audio/mp3": return "mp3"
        default: return nil
        }
    }
}
