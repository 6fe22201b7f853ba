import Foundation
import MCP

/// JSON coding shared by the session: compact, slashes unescaped (servers compare URIs as text),
/// strings kept as strings (see `JSONValueParser`).
///
/// Plain `Value`s go through `JSONValueParser`/`JSONValueWriter` (the session's hot path: every
/// message in and out); typed SDK payloads still go through `JSONEncoder`/`JSONDecoder`, except
/// the two a tool call needs, which are built by hand when their shape allows.
enum JSONCoding {
    static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    /// A `Value` → JSON text, without `JSONEncoder`.
    static func encode(_ value: Value) throws -> Data {
        try JSONValueWriter.data(value)
    }

    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try JSONDecoder().decode(type, from: data)
    }

    /// Any JSON text → `Value`, strings left as they are.
    static func value(from data: Data) throws -> Value {
        try JSONValueParser.parse(data)
    }

    /// A typed SDK payload → `Value`, by way of JSON.
    static func value<T: Encodable>(of payload: T) throws -> Value {
        if let parameters = payload as? CallTool.Parameters { return value(of: parameters) }
        return try value(from: encode(payload))
    }

    /// `Value` → a typed SDK payload, by way of JSON.
    static func convert<T: Decodable>(_ value: Value, to type: T.Type) throws -> T {
        if type == CallTool.Result.self { return try callToolResult(value) as! T }
        return try decode(type, from: encode(value))
    }

    /// `tools/call` parameters as `CallTool.Parameters.encode(to:)` writes them.
    private static func value(of parameters: CallTool.Parameters) -> Value {
        var fields: [String: Value] = ["name": .string(parameters.name)]
        if let arguments = parameters.arguments { fields["arguments"] = .object(arguments) }
        if let meta = parameters._meta { fields["_meta"] = .object(meta.fields) }
        return .object(fields)
    }

    /// A `tools/call` result. Text-only content (the usual case) is built directly; anything else
    /// goes through the SDK's decoder. `structuredContent` is kept literally either way (the SDK's
    /// `Value` decoder would turn strings that look like data URLs into `.data`).
    private static func callToolResult(_ value: Value) throws -> CallTool.Result {
        guard case .object(let fields) = value, case .array(let items)? = fields["content"],
              fields["_meta"] == nil else {
            return try literalStructuredContent(decode(CallTool.Result.self, from: encode(value)), value)
        }
        var isError: Bool?
        switch fields["isError"] {
        case .bool(let flag)?: isError = flag
        case nil, .null?: isError = nil
        default: return try literalStructuredContent(decode(CallTool.Result.self, from: encode(value)), value)
        }
        var content: [Tool.Content] = []
        content.reserveCapacity(items.count)
        for item in items {
            if case .object(let block) = item, block["type"] == "text", case .string(let text)? = block["text"],
               block["annotations"] == nil, block["_meta"] == nil {
                content.append(.text(text: text, annotations: nil, _meta: nil))
            } else {
                content.append(try decode(Tool.Content.self, from: encode(item)))
            }
        }
        let structured = fields["structuredContent"].flatMap { $0.isNull ? nil : $0 }
        return CallTool.Result(content: content, structuredContent: structured, isError: isError)
    }

    private static func literalStructuredContent(_ result: CallTool.Result, _ value: Value) -> CallTool.Result {
        let structured = value.objectValue?["structuredContent"].flatMap { $0.isNull ? nil : $0 }
        return CallTool.Result(content: result.content, structuredContent: structured,
                               isError: result.isError, _meta: result._meta)
    }

    /// A short reason for a decoding failure, with the path of the offending field.
    static func reason(_ error: any Error) -> String {
        guard let decoding = error as? DecodingError else { return String(describing: error) }
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
            return keys.isEmpty ? "top level" : keys.joined(separator: ".")
        }
        switch decoding {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            return "\(path(context)): missing \"\(key.stringValue)\""
        @unknown default:
            return String(describing: decoding)
        }
    }
}
