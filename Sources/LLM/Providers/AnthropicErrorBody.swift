import Foundation

/// Finds the message in an Anthropic error body, `{"type": "error", "error": {"type":
/// "authentication_error", "message": "invalid x-api-key"}}`, as "authentication_error:
/// invalid x-api-key". Proxies in front of the API may answer in OpenAI's shapes instead.
enum AnthropicErrorBody {
    static func message(in body: Data) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else { return nil }
        if let error = object["error"] as? [String: Any], let message = error["message"] as? String {
            guard let type = error["type"] as? String, !type.isEmpty else { return message }
            return "\(type): \(message)"
        }
        return OpenAIErrorBody.message(in: object)
    }
}
