import Foundation

/// Named styles by role ("chat.user", "tool.pending.border"), loaded from JSON theme files that
/// may inherit from one another. A role without its own style falls back along its dots.
public struct Theme: Sendable, Equatable {
    public var name: String
    public private(set) var styles: [String: Style]

    public init(name: String, styles: [String: Style]) {
        self.name = name
        self.styles = styles
    }

    /// The style for a role: the role itself, then each shorter dotted prefix
    /// ("tool.pending.border" -> "tool.pending" -> "tool"), then "default", then plain.
    public func style(_ role: String) -> Style {
        var key = Substring(role)
        while true {
            if let style = styles[String(key)] { return style }
            guard let dot = key.lastIndex(of: ".") else { break }
            key = key[..<dot]
        }
        return styles["default"] ?? .plain
    }

    /// Parses a theme JSON file: {"name": "...", "inherits": "other", "styles": {"chat.user":
    /// {"fg": "#RRGGBB"|"red"|"bright-blue"|"default"|number, "bg": ..., "bold": true, ...}}}.
    /// A style may also be a bare colour (the foreground). Roles of the file replace those of the
    /// inherited theme, which `resolve` loads by name. Errors name the file and the key.
    public static func load(path: String, resolve: (String) throws -> Theme) throws -> Theme {
        let file = try ThemeFile(path: path)
        var styles: [String: Style] = [:]
        if let parent = file.inherits {
            styles = try resolve(parent).styles
        }
        styles.merge(file.styles) { _, own in own }
        let fallbackName = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return Theme(name: file.name ?? fallbackName, styles: styles)
    }

    /// Loads the theme `name` from `NAME.json` in the first directory that has it, following
    /// "inherits" through the same directories; "default" resolves to `builtinDefault` when no
    /// file overrides it. Detects inheritance cycles.
    public static func load(named name: String, from directories: [String]) throws -> Theme {
        try load(named: name, from: directories, chain: [])
    }

    private static func load(named name: String, from directories: [String], chain: [String]) throws -> Theme {
        if chain.contains(name) {
            throw ThemeError.inheritanceCycle(chain + [name])
        }
        let candidates = directories.map { URL(fileURLWithPath: $0).appendingPathComponent("\(name).json").path }
        guard let path = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            if name == "default" { return builtinDefault }
            throw ThemeError.notFound(name: name, searched: directories)
        }
        return try load(path: path) { parent in
            try load(named: parent, from: directories, chain: chain + [name])
        }
    }

    /// The shipped `themes/default.json`, built in: the theme when no theme file is found, and
    /// the one screen tests draw with. One source: the file is embedded by
    /// `scripts/embed-default-theme.sh`, and a test checks the two never drift apart.
    public static let builtinDefault: Theme = {
        do {
            let file = try ThemeFile(data: Data(defaultThemeJSON.utf8), path: "themes/default.json (built in)")
            return Theme(name: file.name ?? "default", styles: file.styles)
        } catch {
            // Only an edit of the embedded file that the tests did not run on gets here: plain is readable.
            return Theme(name: "default", styles: [:])
        }
    }()
}
