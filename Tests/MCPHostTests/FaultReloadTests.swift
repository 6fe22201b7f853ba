@testable import MCPHost
import XCTest

/// A reload where some new entries are broken: those servers keep their old entry and their
/// place in the list (not moved to the end).
final class FaultReloadTests: XCTestCase {
    private func configs(_ names: String...) -> [ServerConfig] {
        names.map { ServerConfig(name: $0, command: "server-\($0)") }
    }

    func testAKeptEntryStaysAfterTheServerThatPrecededIt() {
        let previous = configs("a", "b", "c", "d")
        let merged = ReloadOrder.merge(configs("a", "c", "d"), keeping: configs("b"), previous: previous)
        XCTAssertEqual(merged.map(\.name), ["a", "b", "c", "d"])
    }

    func testAKeptFirstEntryStaysFirstAndNeighboursThatLeftAreSkipped() {
        let previous = configs("a", "b", "c", "d")
        // "a" is broken and stays first; "c" was removed, so broken "d" follows "b".
        let merged = ReloadOrder.merge(configs("b", "new"), keeping: configs("a", "d"), previous: previous)
        XCTAssertEqual(merged.map(\.name), ["a", "b", "d", "new"])
    }

    func testNothingKeptLeavesTheNewOrder() {
        let merged = ReloadOrder.merge(configs("c", "a"), keeping: [], previous: configs("a", "b", "c"))
        XCTAssertEqual(merged.map(\.name), ["c", "a"])
    }

    func testHostKeepsABrokenMiddleEntryInPlace() async {
        let host = ServerHost(configs: configs("a", "b", "c"), clientVersion: "0.0.1-test")
        // Never started: reload only rearranges the list.
        let diff = await host.reload(configs("a", "c"), keeping: ["b"])
        XCTAssertEqual(diff, ServerConfigDiff(unchanged: ["a", "b", "c"]))
        let names = await host.statuses().map(\.name)
        XCTAssertEqual(names, ["a", "b", "c"])
        await host.shutdown()
    }
}
