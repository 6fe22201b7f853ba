import Foundation

/// The JSON of a theme file, parsed into styles with errors that point at the offending key.
struct ThemeFile {
    var name: String?
    var inherits: String?
    var styles: [String: Style]

    private static let topLevelKeys: Set<String> = ["name", "inherits", "styles", "$schema", "description", "comment"]

    init(path: String) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ThemeError.unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        try self.init(data: data, path: path)
    }

    /// Parses theme JSON; `path` names it in errors.
    init(data: Data, path: String) throws {
        let root: JSONValue
        do {
            root = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch let DecodingError.dataCorrupted(context) {
            throw ThemeError.malformed(path: path, reason: (context.underlyingError as NSError?)?.localizedDescription ?? context.debugDescription)
        } catch {
            throw ThemeError.malformed(path: path, reason: "\(error)")
        }
        guard case .object(let top) = root else {
            throw ThemeError.malformed(path: path, reason: "the top level must be an object")
        }
        for key in top.keys.sorted() where !Self.topLevelKeys.contains(key) {
            throw ThemeError.invalidValue(path: path, key: key,
                                          problem: "unknown key (expected name, inherits, styles)")
        }
        name = try Self.string(top["name"], path: path, key: "name")
        inherits = try Self.string(top["inherits"], path: path, key: "inherits")
        styles = [:]
        switch top["styles"] {
        case nil, .null?:
            break
        case .object(let entries)?:
            for (role, value) in entries {
                styles[role] = try Self.style(value, path: path, key: "styles.\"\(role)\"")
            }
        case .some:
            throw ThemeError.invalidValue(path: path, key: "styles", problem: "must be an object of role -> style")
        }
    }

    private static func string(_ value: JSONValue?, path: String, key: String) throws -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let s)?: return s
        case .some: throw ThemeError.invalidValue(path: path, key: key, problem: "must be a string")
        }
    }

    /// A style is an object of attributes, or a bare colour meaning the foreground.
    static func style(_ value: JSONValue, path: String, key: String) throws -> Style {
        if case .object(let attributes) = value {
            var style = Style()
            for (name, attribute) in attributes.sorted(by: { $0.key < $1.key }) {
                let attributeKey = "\(key).\(name)"
                switch name {
                case "fg": style.fg = try color(attribute, path: path, key: attributeKey)
                case "bg": style.bg = try color(attribute, path: path, key: attributeKey)
                case "bold": style.bold = try flag(attribute, path: path, key: attributeKey)
                case "dim": style.dim = try flag(attribute, path: path, key: attributeKey)
                case "italic": style.italic = try flag(attribute, path: path, key: attributeKey)
                case "underline": style.underline = try flag(attribute, path: path, key: attributeKey)
                case "reverse": style.reverse = try flag(attribute, path: path, key: attributeKey)
                default:
                    throw ThemeError.invalidValue(
                        path: path, key: attributeKey,
                        problem: "unknown attribute (expected fg, bg, bold, dim, italic, underline, reverse)")
                }
            }
            return style
        }
        return Style(fg: try color(value, path: path, key: key))
    }

    private static func flag(_ value: JSONValue, path: String, key: String) throws -> Bool {
        guard case .bool(let b) = value else {
            throw ThemeError.invalidValue(path: path, key: key, problem: "must be true or false")
        }
        return b
    }

    static let colorNames: [String: UInt8] = [
        "black": 0, "red": 1, "green": 2, "yellow": 3, "blue": 4, "magenta": 5, "cyan": 6, "white": 7,
        "gray": 8, "grey": 8,
    ]

    static func color(_ value: JSONValue, path: String, key: String) throws -> Color {
        let problem = "is not a colour (use \"#RRGGBB\", a name like \"red\" or \"bright-blue\", \"default\", or 0-255)"
        switch value {
        case .number(let n):
            guard n >= 0, n <= 255, n == n.rounded() else {
                throw ThemeError.invalidValue(path: path, key: key, problem: "\(n) " + problem)
            }
            return .indexed(UInt8(n))
        case .string(let raw):
            if let color = parseColor(raw) { return color }
            throw ThemeError.invalidValue(path: path, key: key, problem: "\"\(raw)\" " + problem)
        default:
            throw ThemeError.invalidValue(path: path, key: key, problem: "must be a colour string or number")
        }
    }

    static func parseColor(_ raw: String) -> Color? {
        let s = raw.lowercased()
        if s == "default" || s == "none" { return .default }
        if s.hasPrefix("#") {
            let hex = Array(s.dropFirst())
            func byte(_ chars: [Character]) -> UInt8? { UInt8(String(chars), radix: 16) }
            if hex.count == 6, let r = byte(Array(hex[0..<2])), let g = byte(Array(hex[2..<4])), let b = byte(Array(hex[4..<6])) {
                return .rgb(r, g, b)
            }
            if hex.count == 3, let r = byte([hex[0], hex[0]]), let g = byte([hex[1], hex[1]]), let b = byte([hex[2], hex[2]]) {
                return .rgb(r, g, b)
            }
            return nil
        }
        for prefix in ["bright-", "bright_", "bright"] where s.hasPrefix(prefix) {
            if let n = colorNames[String(s.dropFirst(prefix.count))], n < 8 { return .ansi(n + 8) }
        }
        if let n = colorNames[s] { return .ansi(n) }
        if let n = UInt8(s) { return .indexed(n) }
        return nil
    }
}

/// Any JSON value; theme files are small, so a generic tree keeps the error messages precise.
enum JSONValue: Decodable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let b = try? container.decode(Bool.self) {
            self = .bool(b)
        } else if let n = try? container.decode(Double.self) {
            self = .number(n)
        } else if let s = try? container.decode(String.self) {
            self = .string(s)
        } else if let a = try? container.decode([JSONValue].self) {
            self = .array(a)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }
}
