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

    /// The theme used when no theme file is found: ANSI colours only, so it reads the same on
    /// 16-colour terminals, and on monochrome ones through reverse video.
    public static let builtinDefault = Theme(name: "default", styles: [
        "default": .plain,
        "title": Style(bold: true),
        "border": Style(fg: .ansi(8)),
        "border.focused": Style(fg: .ansi(6)),
        "status": Style(fg: .ansi(0), bg: .ansi(7)),
        "status.error": Style(fg: .ansi(15), bg: .ansi(1), bold: true),
        "hint": Style(dim: true),
        "selection": Style(reverse: true),
        "list.selected": Style(reverse: true),
        "input": .plain,
        "input.prompt": Style(fg: .ansi(6), bold: true),
        "chat.user": Style(fg: .ansi(6), bold: true),
        "chat.assistant": .plain,
        "chat.system": Style(dim: true, italic: true),
        "chat.error": Style(fg: .ansi(1)),
        "chat.thinking": Style(dim: true, italic: true),
        "tool": Style(fg: .ansi(5)),
        "tool.pending": Style(fg: .ansi(3)),
        "tool.running": Style(fg: .ansi(4)),
        "tool.done": Style(fg: .ansi(2)),
        "tool.error": Style(fg: .ansi(1)),
        "tool.denied": Style(fg: .ansi(1), dim: true),
        "modal": .plain,
        "modal.border": Style(fg: .ansi(6)),
        "modal.title": Style(fg: .ansi(6), bold: true),
        "server.ready": Style(fg: .ansi(2)),
        "server.connecting": Style(fg: .ansi(3)),
        "server.down": Style(fg: .ansi(1)),
        "log.debug": Style(dim: true),
        "log.info": .plain,
        "log.warning": Style(fg: .ansi(3)),
        "log.error": Style(fg: .ansi(1), bold: true),
        "markdown.heading": Style(bold: true, underline: true),
        "markdown.code": Style(fg: .ansi(3)),
        "markdown.emphasis": Style(italic: true),
        "markdown.strong": Style(bold: true),
        "markdown.link": Style(fg: .ansi(4), underline: true),
        "markdown.quote": Style(dim: true),
    ])
}
