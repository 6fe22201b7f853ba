@testable import MCPHost
import XCTest

final class ToolNamingTests: XCTestCase {
    private let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")

    func testJoinsServerAndToolWithDoubleUnderscore() {
        XCTAssertEqual(ToolNaming.qualifiedNames(for: [("fixture", "echo"), ("time", "get_current_time")]),
                       ["fixture__echo", "time__get_current_time"])
    }

    func testSanitisesEveryDisallowedCharacter() {
        let names = ToolNaming.qualifiedNames(for: [("my server", "read.file/v2"), ("git", "日志")])
        XCTAssertEqual(names, ["my_server__read_file_v2", "git____"])
        for name in names { XCTAssertTrue(name.allSatisfy { allowed.contains($0) }, name) }
    }

    func testLongNamesAreCutTo64WithAStableHash() {
        let tool = String(repeating: "very_long_tool_name_", count: 6)
        let first = ToolNaming.qualifiedNames(for: [("server", tool)])
        let again = ToolNaming.qualifiedNames(for: [("other", "x"), ("server", tool)])
        XCTAssertEqual(first[0].count, 64)
        XCTAssertTrue(first[0].hasPrefix("server__very_long_tool_name_"))
        XCTAssertEqual(first[0], again[1], "a long name does not depend on the other tools")
        let sibling = ToolNaming.qualifiedNames(for: [("server", tool + "2")])
        XCTAssertNotEqual(first[0], sibling[0], "names equal in their first 64 characters still differ")
    }

    func testCollisionsAfterSanitisingGetCounters() {
        let names = ToolNaming.qualifiedNames(for: [("a", "b.c"), ("a", "b/c"), ("a", "b_c"), ("a", "b_c_2")])
        XCTAssertEqual(names, ["a__b_c", "a__b_c_2", "a__b_c_3", "a__b_c_2_2"])
        XCTAssertEqual(Set(names).count, names.count)
    }

    func testCollidingLongNamesStayWithinTheLimitAndUnique() {
        let server = String(repeating: "s", count: 70)
        let names = ToolNaming.qualifiedNames(for: [(server, "t"), (server, "t"), (server, "t")])
        XCTAssertEqual(Set(names).count, 3)
        for name in names { XCTAssertLessThanOrEqual(name.count, 64, name) }
    }
}
