@testable import MCPHost
import XCTest

final class ToolNamingTests: XCTestCase {
    private let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")

    private func names(_ tools: [(String, String)]) -> [String] {
        var registry = ToolNameRegistry()
        return tools.map { registry.name(for: ToolKey(server: $0.0, tool: $0.1)) }
    }

    func testJoinsServerAndToolWithDoubleUnderscore() {
        XCTAssertEqual(names([("fixture", "echo"), ("time", "get_current_time")]),
                       ["fixture__echo", "time__get_current_time"])
    }

    func testSanitisedNamesEndInAHashOfTheRealNames() {
        let given = names([("my server", "read.file/v2"), ("git", "日志")])
        XCTAssertTrue(given[0].hasPrefix("my_server__read_file_v2_"), given[0])
        XCTAssertTrue(given[1].hasPrefix("git_____"), given[1])
        for name in given { XCTAssertTrue(name.allSatisfy { allowed.contains($0) }, name) }
    }

    func testServersWhoseNamesSanitiseAlikeGetDifferentNamesWhateverTheOrder() {
        // 文件 and 网页 both sanitise to "__": the names differ, and do not depend on which server was ready first.
        let forward = names([("文件", "read"), ("网页", "read")])
        let backward = names([("网页", "read"), ("文件", "read")])
        XCTAssertNotEqual(forward[0], forward[1])
        XCTAssertEqual(forward[0], backward[1])
        XCTAssertEqual(forward[1], backward[0])
    }

    func testNamesThatCouldBeReadTwoWaysGetAHash() {
        // "a___b" could be server "a" + tool "_b" or server "a_" + tool "b".
        let given = names([("a", "_b"), ("a_", "b")])
        XCTAssertNotEqual(given[0], given[1])
        XCTAssertFalse(given.contains("a___b"), "\(given)")
    }

    func testLongNamesAreCutTo64WithAStableHash() {
        let tool = String(repeating: "very_long_tool_name_", count: 6)
        let first = names([("server", tool)])
        let again = names([("other", "x"), ("server", tool)])
        XCTAssertEqual(first[0].count, 64)
        XCTAssertTrue(first[0].hasPrefix("server__very_long_tool_name_"))
        XCTAssertEqual(first[0], again[1], "a long name does not depend on the other tools")
        XCTAssertNotEqual(first[0], names([("server", tool + "2")])[0], "names equal in their first 64 characters still differ")
    }

    func testANameIsNeverGivenToAnotherToolInTheSameSession() {
        // A tool named like another tool's hashed name: both derive the same name.
        let dotted = ToolKey(server: "s", tool: "t.x")
        let derived = ToolNaming.baseName(server: "s", tool: "t.x")
        let crafted = ToolKey(server: "s", tool: String(derived.dropFirst("s__".count)))
        XCTAssertEqual(ToolNaming.baseName(server: crafted.server, tool: crafted.tool), derived)

        var registry = ToolNameRegistry()
        XCTAssertEqual(registry.name(for: dotted), derived)
        let other = registry.name(for: crafted)
        XCTAssertNotEqual(other, derived, "the name stays with the tool that had it first")
        XCTAssertEqual(registry.name(for: dotted), derived, "asked again, a tool keeps its name")
        XCTAssertEqual(registry.key(named: derived), dotted)
        XCTAssertEqual(registry.key(named: other), crafted)
        XCTAssertLessThanOrEqual(other.count, ToolNaming.maxLength)
    }

    func testCollidingNamesStayWithinTheLimitAndUnique() {
        let server = String(repeating: "s", count: 70)
        let given = names([(server, "t"), (server + "x", "t"), (server + "y", "t")])
        XCTAssertEqual(Set(given).count, 3)
        for name in given { XCTAssertLessThanOrEqual(name.count, 64, name) }
    }
}
