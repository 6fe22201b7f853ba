import Foundation
@testable import MCPHost
import XCTest

/// The real clock and the timers built on it take any deadline a config or a server can cause.
final class SessionClockTests: XCTestCase {
    /// `Task.sleep(for: .seconds(1e19))` traps (SIGILL); the clock sleeps in bounded steps instead,
    /// so a far or infinite deadline just waits, and cancelling it ends the wait.
    func testSleepingUntilAFarOrInfiniteDeadlineWaitsAndCanBeCancelled() async {
        let clock = SystemSessionClock()
        for deadline in [clock.now + 1e19, clock.now + 9.2e18, .greatestFiniteMagnitude, .infinity] {
            let sleeper = Task { try await clock.sleep(until: deadline) }
            sleeper.cancel()
            do {
                try await sleeper.value
                XCTFail("a sleep until \(deadline) returned instead of waiting")
            } catch {
                XCTAssertTrue(error is CancellationError, "\(error)")
            }
        }
    }

    func testMessagesWithHugeSecondsDoNotTrap() {
        XCTAssertEqual(SessionError.timedOut(server: "s", method: "ping", seconds: 1e19).description,
                       #"server "s": "ping" timed out after 1e+19 s"#)
        XCTAssertEqual(ServerConnection.seconds(1e19), "1e+19")
        XCTAssertEqual(ServerConnection.seconds(30), "30")
    }

    /// An SSE `retry:` of Int.max milliseconds waits at most a minute.
    func testServerChosenReconnectDelaysAreBounded() {
        XCTAssertEqual(StreamableHTTPTransport.reconnectDelay(retry: Int.max, failures: 1), 60)
        XCTAssertEqual(StreamableHTTPTransport.reconnectDelay(retry: 1500, failures: 1), 1.5)
        XCTAssertEqual(StreamableHTTPTransport.reconnectDelay(retry: nil, failures: 2), 2)
        XCTAssertEqual(StreamableHTTPTransport.reconnectDelay(retry: nil, failures: 1000), 60)
    }
}
