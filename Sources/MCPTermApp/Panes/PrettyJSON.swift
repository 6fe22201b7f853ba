import MCP
import MCPHost

/// A message's JSON text as indented lines for the trace view (keys sorted, two spaces a level).
/// Text that does not parse is shown as it is.
enum PrettyJSON {
    static func lines(_ text: String) -> [String] {
        guard let value = try? JSONValueParser.parse(Array(text.utf8)) else {
            return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
        var out: [String] = []
        write(value, indent: "", prefix: "", suffix: "", into: &out)
        return out
    }

    private static func write(_ value: Value, indent: String, prefix: String, suffix: String, into out: inout [String]) {
        switch value {
        case .array(let items) where !items.isEmpty:
            out.append(indent + prefix + "[")
            for (index, item) in items.enumerated() {
                write(item, indent: indent + "  ", prefix: "", suffix: index < items.count - 1 ? "," : "", into: &out)
            }
            out.append(indent + "]" + suffix)
        case .object(let object) where !object.isEmpty:
            out.append(indent + prefix + "{")
            let keys = object.keys.sorted()
            for (index, key) in keys.enumerated() {
                write(object[key]!, indent: indent + "  ", prefix: quoted(key) + ": ",
                      suffix: index < keys.count - 1 ? "," : "", into: &out)
            }
            out.append(indent + "}" + suffix)
        default:
            out.append(indent + prefix + scalar(value) + suffix)
        }
    }

    private static func scalar(_ value: Value) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let n): return String(n)
        case .double(let d): return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) + ".0" : String(d)
        case .string(let s): return quoted(s)
        case .data(let mime, let data): return quoted("data:\(mime ?? "");base64,\(data.base64EncodedString())")
        case .array: return "[]"
        case .object: return "{}"
        }
    }

    /// A JSON string literal (DEL and other terminal controls are made visible when the view draws).
    static func quoted(_ text: String) -> String {
        JSONValueWriter.quoted(text)
    }
}
