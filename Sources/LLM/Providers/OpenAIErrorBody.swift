import Foundation

/// Finds the human-readable message in an OpenAI-style error body. Compatible servers differ:
/// `{"error": {"message": ...}}` (OpenAI), `{"error": "..."}` (llama.cpp, Ollama),
/// `{"message": ...}` or `{"detail": ...}` (some proxies).
enum OpenAIErrorBody {
    static func message(in body: Data) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else { return nil }
        return message(in: object)
    }

    static func message(in object: [String: Any]) -> String? {
        if let error = object["error"] as? [String: Any] {
            return error["message"] as? String ?? (error["code"] as? String) ?? "unknown error"
        }
        if let error = object["error"] as? String { return error }
        if let message = object["message"] as? String { return message }
        if let detail = object["detail"] as? String { return detail }
        return nil
    }
}
