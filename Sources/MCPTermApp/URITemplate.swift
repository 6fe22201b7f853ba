import Foundation

/// RFC 6570 URI templates, as far as MCP resource templates use them: the variables a template
/// names (for the `@` picker to ask for) and its expansion with string values, for every
/// operator (`{x}`, `{+x}`, `{#x}`, `{.x}`, `{/x}`, `{;x}`, `{?x,y}`, `{&x}`) and the prefix
/// modifier (`{x:3}`). Lists and maps (explode, `*`) take a string like any other value.
enum URITemplate {
    /// The variables in the order they first appear, each once.
    static func variables(_ template: String) -> [String] {
        var seen: [String] = []
        for expression in expressions(template) {
            for variable in expression.variables where !seen.contains(variable.name) {
                seen.append(variable.name)
            }
        }
        return seen
    }

    /// Variables that may stay empty: those of query and parameter expressions (`{?x}`, `{&x}`,
    /// `{;x}`), which then leave their part out. The others make up the path and need a value.
    static func optionalVariables(_ template: String) -> Set<String> {
        var optional = Set<String>()
        for expression in expressions(template) where ["?", "&", ";"].contains(expression.operator) {
            optional.formUnion(expression.variables.map(\.name))
        }
        return optional.subtracting(required(template))
    }

    /// The URI for `values`; a missing or empty value is undefined (RFC 6570 §2.3), so its
    /// part is left out.
    static func expand(_ template: String, values: [String: String]) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else {
                out += rest[open...]
                return out
            }
            out += expansion(of: parse(rest[rest.index(after: open)..<close]), values: values)
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    // MARK: Private

    private struct Variable {
        var name: String
        var prefix: Int?
    }

    private struct Expression {
        var `operator`: String
        var variables: [Variable]
    }

    private static func required(_ template: String) -> Set<String> {
        Set(expressions(template).filter { !["?", "&", ";"].contains($0.operator) }.flatMap { $0.variables.map(\.name) })
    }

    private static func expressions(_ template: String) -> [Expression] {
        var found: [Expression] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            found.append(parse(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return found
    }

    private static func parse(_ body: Substring) -> Expression {
        var body = body
        var op = ""
        if let first = body.first, "+#./;?&".contains(first) {
            op = String(first)
            body = body.dropFirst()
        }
        let variables = body.split(separator: ",").compactMap { spec -> Variable? in
            var spec = spec.trimmingCharacters(in: .whitespaces)
            if spec.hasSuffix("*") { spec.removeLast() }
            var prefix: Int?
            if let colon = spec.firstIndex(of: ":") {
                prefix = Int(spec[spec.index(after: colon)...])
                spec = String(spec[..<colon])
            }
            return spec.isEmpty ? nil : Variable(name: spec, prefix: prefix)
        }
        return Expression(operator: op, variables: variables)
    }

    /// RFC 6570 §3.2.1 (the table in Appendix A): what starts and separates each operator's
    /// values, whether they are named, and what they may leave unencoded.
    private static func expansion(of expression: Expression, values: [String: String]) -> String {
        let (first, separator, named, ifEmpty, reserved): (String, String, Bool, String, Bool)
        switch expression.operator {
        case "+": (first, separator, named, ifEmpty, reserved) = ("", ",", false, "", true)
        case "#": (first, separator, named, ifEmpty, reserved) = ("#", ",", false, "", true)
        case ".": (first, separator, named, ifEmpty, reserved) = (".", ".", false, "", false)
        case "/": (first, separator, named, ifEmpty, reserved) = ("/", "/", false, "", false)
        case ";": (first, separator, named, ifEmpty, reserved) = (";", ";", true, "", false)
        case "?": (first, separator, named, ifEmpty, reserved) = ("?", "&", true, "=", false)
        case "&": (first, separator, named, ifEmpty, reserved) = ("&", "&", true, "=", false)
        default: (first, separator, named, ifEmpty, reserved) = ("", ",", false, "", false)
        }
        var parts: [String] = []
        for variable in expression.variables {
            guard var value = values[variable.name], !value.isEmpty else { continue }
            if let prefix = variable.prefix { value = String(value.prefix(prefix)) }
            let encoded = encode(value, reserved: reserved)
            if named {
                parts.append(variable.name + (encoded.isEmpty ? ifEmpty : "=" + encoded))
            } else {
                parts.append(encoded)
            }
        }
        return parts.isEmpty ? "" : first + parts.joined(separator: separator)
    }

    private static let unreserved = CharacterSet(charactersIn:
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
    private static let reservedToo = unreserved.union(CharacterSet(charactersIn: ":/?#[]@!$&'()*+,;="))

    /// Percent-encodes the UTF-8 of what `value` may not carry as it is.
    private static func encode(_ value: String, reserved: Bool) -> String {
        value.addingPercentEncoding(withAllowedCharacters: reserved ? reservedToo : unreserved) ?? value
    }
}
