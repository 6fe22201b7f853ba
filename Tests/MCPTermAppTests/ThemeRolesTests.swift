import Foundation
import TestSupport
import TUI
import XCTest

/// Every role a view asks for has a style of its own (or of a dotted prefix) in every shipped
/// theme, so no theme leaves a part of the screen in the plain fallback by omission.
final class ThemeRolesTests: XCTestCase {
    /// The role names written in the views' sources (string literals such as "tool.pending").
    private func rolesUsedByTheViews() throws -> Set<String> {
        let root = FixtureServer.packageRoot
        let pattern = try NSRegularExpression(
            pattern: #""((?:chat|tool|modal|status|pane|server|log|input|list|markdown|code)(?:\.[a-z0-9]+)+|background)""#)
        var roles = Set<String>()
        for folder in ["Sources/MCPTermApp", "Sources/TUI/Widgets"] {
            let base = root.appendingPathComponent(folder)
            let files = FileManager.default.enumerator(atPath: base.path)?.compactMap { $0 as? String } ?? []
            for file in files where file.hasSuffix(".swift") {
                let text = try String(contentsOf: base.appendingPathComponent(file), encoding: .utf8)
                for line in text.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                    let line = String(line)
                    for match in pattern.matches(in: line, range: NSRange(line.startIndex..., in: line)) {
                        if let range = Range(match.range(at: 1), in: line) { roles.insert(String(line[range])) }
                    }
                }
            }
        }
        return roles
    }

    func testEveryRoleTheViewsUseIsStyledInEveryShippedTheme() throws {
        let roles = try rolesUsedByTheViews()
        XCTAssertGreaterThan(roles.count, 30, "the scan found the views' roles: \(roles.sorted())")
        let themes = FixtureServer.packageRoot.appendingPathComponent("themes").path
        let names = try FileManager.default.contentsOfDirectory(atPath: themes).filter { $0.hasSuffix(".json") }
        XCTAssertEqual(Set(names), ["default.json", "light.json", "mono.json"])
        for name in names {
            let theme = try Theme.load(named: String(name.dropLast(5)), from: [themes])
            for role in roles.sorted() {
                var key = Substring(role)
                var found = theme.styles[role] != nil
                while !found, let dot = key.lastIndex(of: ".") {
                    key = key[..<dot]
                    found = theme.styles[String(key)] != nil
                }
                XCTAssertTrue(found, "\(name): no style for \"\(role)\" nor any of its prefixes")
            }
        }
    }
}
