import MCPHost
@testable import MCPTermApp
import TUI
import TestSupport
import XCTest

/// The Servers tab scrolls when the pane is focused, so the last of many servers can be read.
final class ServersTabScrollTests: XCTestCase {
    /// The pane as AppView places it: above the one-row input, the separator and the status bar.
    private func pane(_ state: AppState, width: Int = 40) -> [String] {
        let height = state.height - 3
        var buffer = CellBuffer(width: width, height: height)
        SidePaneView.draw(state, theme: .builtinDefault, into: &buffer, rect: Rect(x: 0, y: 0, width: width, height: height))
        return buffer.trimmedLines()
    }

    func testDownAndEndScrollTheServersTabToTheLastServerAndHomeBack() {
        var state = AppState(model: nil, width: 120, height: 16)
        let servers = (1...8).map { ServerStatus(name: "srv\($0)", kind: .stdio, state: .failed("gone \($0)")) }
        _ = AppReducer.reduce(&state, .serversChanged(servers))
        XCTAssertEqual(state.sidePane, .servers)
        let top = pane(state).joined(separator: "\n")
        XCTAssertTrue(top.contains("srv1"), top)
        XCTAssertFalse(top.contains("srv8"), "the last server does not fit at first:\n\(top)")
        XCTAssertTrue(top.contains("more"), top)

        _ = AppReducer.reduce(&state, .key(.ctrl("o")))
        _ = AppReducer.reduce(&state, .key(.end))
        let bottom = pane(state).joined(separator: "\n")
        XCTAssertTrue(bottom.contains("srv8") && bottom.contains("gone 8"), "End shows the last server:\n\(bottom)")
        XCTAssertFalse(bottom.contains("srv1 "), bottom)

        let end = state.sidePaneState.serversScroll
        _ = AppReducer.reduce(&state, .key(.up))
        XCTAssertEqual(state.sidePaneState.serversScroll, end - 1)
        XCTAssertNotEqual(pane(state), { var s = state; s.sidePaneState.serversScroll = end; return pane(s) }(),
                          "Up after End moves what is shown at once")
        _ = AppReducer.reduce(&state, .key(.home))
        XCTAssertEqual(state.sidePaneState.serversScroll, 0)
        XCTAssertTrue(pane(state).joined(separator: "\n").contains("srv1"))
    }
}
