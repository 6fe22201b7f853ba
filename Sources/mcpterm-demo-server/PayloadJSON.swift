import Foundation
import MCP
import MCPHost

/// Between the SDK's typed payloads and `Value`. Tool results, on every `tools/call`, are built
/// directly when they hold only text; other payloads (rare: lists, resources, prompts) go
/// through `JSONEncoder`/`JSONDecoder`.
enum PayloadJSON {
    /// A typed payload as a `Value` (its JSON, parsed without data-URL guessing).
    static func value<T: Encodable>(_ payload: T) throws -> Value {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return try JSONValueParser.parse(encoder.encode(payload))
    }

    /// A tool result as `CallTool.Result.encode(to:)` writes it.
    static func value(_ result: CallTool.Result) -> Value {
        var content: [Value] = []
        content.reserveCapacity(result.content.count)
        for block in result.content {
            if case .text(let text, nil, nil) = block {
                content.append(["type": "text", "text": .string(text)])
            } else if let encoded = try? value(block) {
                content.append(encoded)
            }
        }
        var fields: [String: Value] = ["content": .array(content)]
        if let structured = result.structuredContent { fields["structuredContent"] = structured }
        if let isError = result.isError { fields["isError"] = .bool(isError) }
        if let meta = result._meta { fields["_meta"] = .object(meta.fields) }
        return .object(fields)
    }

    /// Request parameters as a typed payload; a mismatch is an invalid-params error naming the field.
    static func decode<T: Decodable>(_ type: T.Type, from params: Value?) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: JSONValueWriter.data(params ?? .object([:])))
        } catch let error as DecodingError {
            throw MCPError.invalidParams(describe(error))
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
            return keys.isEmpty ? "params" : keys.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context)): missing \"\(key.stringValue)\""
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
