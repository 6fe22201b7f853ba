import Foundation
import MCP

/// One tool parameter a 2026-07-28 server wants mirrored into an HTTP header: `Mcp-Param-{name}`
/// carries the value at `path` (a chain of `properties` keys) of the call's arguments.
struct ParameterHeader: Sendable, Equatable {
    var name: String
    var path: [String]
}

/// `x-mcp-header` (MCP 2026-07-28 basic/transports/streamable-http#custom-headers-from-tool-parameters):
/// reading the annotations of a tool's `inputSchema` (a tool whose annotations break the rules is
/// refused, and the caller drops it with a warning), and the headers of one call.
enum ToolParameterHeaders {
    static let annotation = "x-mcp-header"
    /// Keywords whose values are data, not schemas: an `x-mcp-header` key in them is not an annotation.
    private static let dataKeywords: Set<String> = ["default", "examples", "const", "enum"]
    private static let primitiveTypes: Set<String> = ["string", "integer", "boolean"]
    /// JavaScript's safe integers: a larger one cannot round-trip through every server.
    static let safeInteger = 9_007_199_254_740_991

    /// The tool's parameter headers, or why its annotations are invalid.
    static func parse(_ inputSchema: Value) -> Result<[ParameterHeader], InvalidAnnotation> {
        var found: [ParameterHeader] = []
        do {
            try walk(inputSchema, path: [], reachable: true, found: &found)
        } catch {
            return .failure(error)
        }
        var seen = Set<String>()
        for header in found where !seen.insert(header.name.lowercased()).inserted {
            return .failure(InvalidAnnotation(reason: "\"\(header.name)\" is used twice (header names ignore case)"))
        }
        return .success(found)
    }

    struct InvalidAnnotation: Error, Equatable {
        var reason: String
    }

    /// `reachable`: the schema is the root, or reached from it through `properties` keys only.
    private static func walk(_ schema: Value, path: [String], reachable: Bool,
                             found: inout [ParameterHeader]) throws(InvalidAnnotation) {
        switch schema {
        case .array(let items):
            for item in items { try walk(item, path: path, reachable: false, found: &found) }
        case .object(let fields):
            if let value = fields[annotation] {
                guard reachable, !path.isEmpty else {
                    throw InvalidAnnotation(reason: "x-mcp-header at \(where_(path, reachable)) is not on a property "
                                            + "reached through \"properties\" alone")
                }
                guard case .string(let name) = value, isToken(name) else {
                    throw InvalidAnnotation(reason: "x-mcp-header of \(path.joined(separator: ".")) is not a header name token")
                }
                guard case .string(let type)? = fields["type"], primitiveTypes.contains(type) else {
                    throw InvalidAnnotation(reason: "x-mcp-header on \(path.joined(separator: ".")), which is not of type "
                                            + "string, integer or boolean")
                }
                found.append(ParameterHeader(name: name, path: path))
            }
            for (key, value) in fields where key != annotation && !dataKeywords.contains(key) {
                if key == "properties", case .object(let properties) = value {
                    for (property, sub) in properties {
                        try walk(sub, path: path + [property], reachable: reachable, found: &found)
                    }
                } else {
                    try walk(value, path: path, reachable: false, found: &found)
                }
            }
        default:
            break
        }
    }

    private static func where_(_ path: [String], _ reachable: Bool) -> String {
        path.isEmpty ? (reachable ? "the schema root" : "a nested schema") : path.joined(separator: ".")
    }

    /// RFC 9110 §5.1 token: 1*tchar.
    static func isToken(_ text: String) -> Bool {
        let extra = Set("!#$%&'*+-.^_`|~".unicodeScalars)
        return !text.isEmpty && text.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || extra.contains($0))
        }
    }

    /// The `Mcp-Param-*` headers of a call: each declared parameter present in `arguments` (not
    /// null), as text (integers in decimal, booleans in lower case), encoded like `Mcp-Name`.
    static func headers(_ declared: [ParameterHeader], arguments: [String: Value]?) -> [(String, String)] {
        declared.compactMap { header in
            var value: Value? = arguments.map { .object($0) }
            for key in header.path { value = value?.objectValue?[key] }
            let text: String
            switch value {
            case .string(let string)?: text = string
            case .int(let number)?: text = String(number)
            case .double(let number)? where number == number.rounded() && abs(number) <= Double(safeInteger):
                text = String(Int(number))
            case .bool(let flag)?: text = flag ? "true" : "false"
            default: return nil
            }
            return ("Mcp-Param-" + header.name, ModernRequestHeaders.encode(text))
        }
    }

    /// `schema` without its `x-mcp-header` annotations: whether a tool changed in what it does,
    /// apart from how its parameters travel.
    static func withoutAnnotations(_ schema: Value) -> Value {
        switch schema {
        case .object(let fields):
            var out: [String: Value] = [:]
            for (key, value) in fields where key != annotation { out[key] = withoutAnnotations(value) }
            return .object(out)
        case .array(let items):
            return .array(items.map(withoutAnnotations))
        default:
            return schema
        }
    }
}
