/// Why a theme file could not be used; the message names the file and, where there is one, the key.
public enum ThemeError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case malformed(path: String, reason: String)
    case invalidValue(path: String, key: String, problem: String)
    case notFound(name: String, searched: [String])
    case inheritanceCycle([String])

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "\(path): cannot read theme: \(reason)"
        case .malformed(let path, let reason):
            return "\(path): not a valid theme JSON file: \(reason)"
        case .invalidValue(let path, let key, let problem):
            return "\(path): \(key): \(problem)"
        case .notFound(let name, let searched):
            return "theme \"\(name)\" not found (looked in \(searched.joined(separator: ", ")))"
        case .inheritanceCycle(let names):
            return "themes inherit from each other in a cycle: \(names.joined(separator: " -> "))"
        }
    }
}
