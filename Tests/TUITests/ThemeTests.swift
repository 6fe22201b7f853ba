import XCTest
@testable import TUI

final class ThemeTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("mcpterm-theme-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(at: directory)
    }

    @discardableResult
    private func write(_ name: String, _ json: String) throws -> String {
        let path = directory.appendingPathComponent("\(name).json").path
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testDottedRoleFallsBackToShorterPrefixesThenDefault() {
        let theme = Theme(name: "t", styles: [
            "default": Style(fg: .ansi(7)),
            "tool": Style(fg: .ansi(5)),
            "tool.pending": Style(fg: .ansi(3)),
        ])
        XCTAssertEqual(theme.style("tool.pending.border"), Style(fg: .ansi(3)))
        XCTAssertEqual(theme.style("tool.done"), Style(fg: .ansi(5)))
        XCTAssertEqual(theme.style("chat.user"), Style(fg: .ansi(7)))
        XCTAssertEqual(Theme(name: "empty", styles: [:]).style("x"), .plain)
    }

    func testInheritedThemeIsOverriddenRoleByRole() throws {
        try write("base", """
        {"name": "base", "styles": {"chat.user": {"fg": "cyan", "bold": true}, "tool": "magenta"}}
        """)
        let path = try write("child", """
        {"name": "Child", "inherits": "base",
         "styles": {"chat.user": {"fg": "#ff8000", "bg": 236}, "log.error": {"fg": "bright-red", "underline": true}}}
        """)
        let theme = try Theme.load(path: path) { name in
            try Theme.load(path: self.directory.appendingPathComponent("\(name).json").path) { _ in .builtinDefault }
        }
        XCTAssertEqual(theme.name, "Child")
        XCTAssertEqual(theme.style("chat.user"), Style(fg: .rgb(255, 128, 0), bg: .indexed(236)))
        XCTAssertEqual(theme.style("tool.pending"), Style(fg: .ansi(5)), "inherited, through the dotted fallback")
        XCTAssertEqual(theme.style("log.error"), Style(fg: .ansi(9), underline: true))
    }

    func testLoadNamedFollowsInheritanceAndDetectsCycles() throws {
        try write("light", #"{"inherits": "default", "styles": {"chat.user": "blue"}}"#)
        let light = try Theme.load(named: "light", from: [directory.path])
        XCTAssertEqual(light.name, "light")
        XCTAssertEqual(light.style("chat.user"), Style(fg: .ansi(4)))
        XCTAssertEqual(light.style("log.error"), Theme.builtinDefault.style("log.error"))

        try write("a", #"{"inherits": "b"}"#)
        try write("b", #"{"inherits": "a"}"#)
        XCTAssertThrowsError(try Theme.load(named: "a", from: [directory.path])) { error in
            XCTAssertEqual(error as? ThemeError, .inheritanceCycle(["a", "b", "a"]))
        }
    }

    func testErrorNamesTheFileAndTheKey() throws {
        let path = try write("bad", #"{"styles": {"chat.user": {"fg": "reddish"}}}"#)
        XCTAssertThrowsError(try Theme.load(path: path) { _ in .builtinDefault }) { error in
            let message = "\(error)"
            XCTAssertTrue(message.hasPrefix(path + ": "), message)
            XCTAssertTrue(message.contains(#"styles."chat.user".fg"#), message)
            XCTAssertTrue(message.contains("reddish"), message)
        }
        let typo = try write("typo", #"{"styles": {"status": {"blod": true}}}"#)
        XCTAssertThrowsError(try Theme.load(path: typo) { _ in .builtinDefault }) { error in
            XCTAssertTrue("\(error)".contains(#"styles."status".blod: unknown attribute"#), "\(error)")
        }
        let notBool = try write("notbool", #"{"styles": {"status": {"bold": 1}}}"#)
        XCTAssertThrowsError(try Theme.load(path: notBool) { _ in .builtinDefault }) { error in
            XCTAssertTrue("\(error)".contains("bold: must be true or false"), "\(error)")
        }
    }

    func testMalformedJSONNamesTheFile() throws {
        let path = try write("broken", #"{"styles": "#)
        XCTAssertThrowsError(try Theme.load(path: path) { _ in .builtinDefault }) { error in
            XCTAssertTrue("\(error)".hasPrefix(path + ": not a valid theme JSON file"), "\(error)")
        }
    }
}

/// The built-in theme is the shipped `themes/default.json`, not a second copy that can drift.
final class BuiltinThemeTests: XCTestCase {
    func testTheBuiltInThemeIsTheShippedDefaultFile() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../themes/default.json").standardized
        let shipped = try String(contentsOf: file, encoding: .utf8)
        XCTAssertEqual(Theme.defaultThemeJSON + "\n", shipped,
                       "themes/default.json changed: run scripts/embed-default-theme.sh")
        let loaded = try Theme.load(path: file.path) { _ in Theme(name: "none", styles: [:]) }
        XCTAssertEqual(Theme.builtinDefault.styles, loaded.styles)
        XCTAssertFalse(Theme.builtinDefault.styles.isEmpty)
    }
}
