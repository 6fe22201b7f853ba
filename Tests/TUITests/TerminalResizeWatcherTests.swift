import XCTest
import Foundation
import TUI

final class TerminalResizeWatcherTests: XCTestCase {
    func testSIGWINCHCallsBackAndStopRestoresTheHandler() {
        let resized = expectation(description: "resize reported")
        resized.assertForOverFulfill = false
        let watcher = TerminalResizeWatcher { resized.fulfill() }
        watcher.start()
        kill(getpid(), SIGWINCH)
        wait(for: [resized], timeout: 5)
        watcher.stop()
        var current = sigaction()
        sigaction(SIGWINCH, nil, &current)
        XCTAssertEqual(unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self),
                       unsafeBitCast(SIG_DFL, to: Int.self), "the default disposition is back")
        kill(getpid(), SIGWINCH)  // ignored by default: must not crash the test process
    }
}
