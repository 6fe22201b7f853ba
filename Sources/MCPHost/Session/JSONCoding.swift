import Foundation
import MCP

/// JSON coding shared by the session: compact, slashes unescaped (servers compare URIs as text),
/// strings kept as strings (see `LiteralValue`).
enum JSONCoding {
    static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try JSONDecoder().decode(type, from: data)
    }

    /// Any JSON text → `Value`, strings left as they are.
    static func value(from data: Data) throws -> Value {
        try decode(LiteralValue.self, from: data).value
    }

    /// A typed SDK payload → `Value`, by way of JSON.
    static func value<T: Encodable>(of payload: T) throws -> Value {
        try value(from: encode(payload))
    }

    /// `Value` → a typed SDK payload, by way of JSON.
    static func convert<T: Decodable>(_ value: Value, to type: T.Type) throws -> T {
        try decode(type, from: encode(value))
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
