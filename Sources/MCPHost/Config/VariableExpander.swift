/// Why a `${...}` reference in a config value could not be expanded.
public enum VariableError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `${NAME}` without a default, and `NAME` is not in the environment.
    case unset(name: String)
    /// `${` with no closing `}`.
    case unterminated
    /// `${...}` whose name is not `[A-Za-z_][A-Za-z0-9_]*`.
    case invalidName(String)

    public var description: String {
        switch self {
        case .unset(let name): return "${\(name)} is not set (give a default with ${\(name):-value})"
        case .unterminated: return "\"${\" has no closing \"}\""
        case .invalidName(let name): return "\"${\(name)}\" is not a valid variable name"
        }
    }
}

/// Expands `${VAR}` and `${VAR:-default}` in config values, as Claude Desktop and
/// docker-compose do; only the braced form expands so a lone `$` stays literal.
public enum VariableExpander {
    /// `${VAR:-default}` uses the default when VAR is unset or empty; `${VAR}` unset is an error naming VAR.
    /// The default is literal text up to the first `}` (no nesting); expanded values are not expanded again.
    /// A leading `~/` is not handled here: the loader expands it, and only in paths.
    public static func expand(_ s: String, environment: [String: String]) throws(VariableError) -> String {
        guard s.contains("${") else { return s }
        var out = ""
        var rest = s[...]
        while let dollar = rest.range(of: "${") {
            out += rest[..<dollar.lowerBound]
            let body = rest[dollar.upperBound...]
            guard let close = body.firstIndex(of: "}") else { throw .unterminated }
            let reference = body[..<close]
            let name: Substring
            let fallback: Substring?
            if let sep = reference.range(of: ":-") {
                name = reference[..<sep.lowerBound]
                fallback = reference[sep.upperBound...]
            } else {
                name = reference
                fallback = nil
            }
            guard isValidName(name) else { throw .invalidName(String(reference)) }
            let value = environment[String(name)]
            if let value, !value.isEmpty || fallback == nil {
                out += value
            } else if let fallback {
                out += String(fallback)
            } else {
                throw .unset(name: String(name))
            }
            rest = body[body.index(after: close)...]
        }
        return out + rest
    }

    private static func isValidName(_ name: Substring) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic)
        else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }
}
