import ChatCore
import LLM
@testable import MCPTermApp
import TestSupport
import XCTest

/// Errors that heal, through the real loop: a busy provider is asked again (counting down,
/// honouring Retry-After, at most three times, Esc stops it), a reply cut after some text is
/// kept and marked, and r asks again with the history as it was before it.
final class StreamRetryTests: XCTestCase {
    private func streams(_ app: LoopHarness) -> [(turn: Int, request: ChatRequest)] {
        app.effects.compactMap { effect in
            if case .streamChat(let turn, let request) = effect { return (turn, request) }
            return nil
        }
    }

    private func send(_ app: LoopHarness, _ text: String) -> Int {
        app.type(text)
        app.key(.enter)
        return streams(app).last?.turn ?? -1
    }

    private static let busy = StreamFailure(message: "openai: openai error (HTTP 429): Rate limit reached",
                                            status: 429, retryable: true, retryAfter: 2)

    func testABusyProviderIsAskedAgainCountingDownThenGivenUpAfterThreeRetries() throws {
        let app = LoopHarness(width: 80, height: 24)
        var turn = send(app, "東京の天気は？")
        app.step(.streamFailed(turn: turn, Self.busy))
        XCTAssertEqual(app.effects.last, .scheduleRetry(turn: turn, after: .seconds(2)), "Retry-After is honoured")
        XCTAssertTrue(app.screen.contains("   ⟳ retry 1 of 3 in 2s · Esc stops"), app.screenText)
        XCTAssertTrue(app.screen.contains("     openai: openai error (HTTP 429): Rate limit reached"), app.screenText)
        app.clock.advance(by: .seconds(1))
        app.step(.animationFrame)
        XCTAssertTrue(app.screen.contains("   ⟳ retry 1 of 3 in 1s · Esc stops"), "it counts down: \(app.screenText)")

        var count = streams(app).count
        for attempt in 1...3 {
            app.step(.retryDue(turn: turn))
            XCTAssertEqual(streams(app).count, count + 1, "retry \(attempt) asks again")
            count += 1
            let next = try XCTUnwrap(streams(app).last)
            XCTAssertEqual(next.request.messages.map(\.content), ["東京の天気は？"], "the same history")
            turn = next.turn
            app.step(.streamFailed(turn: turn, StreamFailure(message: "openai: busy", status: 503, retryable: true)))
            if attempt < 3 {
                XCTAssertEqual(app.effects.last, .scheduleRetry(turn: turn, after: .seconds(1 << attempt)),
                               "without Retry-After the wait doubles")
            }
        }
        XCTAssertEqual(streams(app).count, count, "no fourth retry")
        XCTAssertTrue(app.screenText.contains("openai: busy (gave up after 3 retries)"), app.screenText)
        XCTAssertTrue(app.screenText.contains("Press r (on an empty line) or /retry to ask again."), app.screenText)

        // r on the empty line asks again; the user's message was never lost.
        app.key(.char("r"))
        XCTAssertEqual(streams(app).count, count + 1)
        XCTAssertEqual(streams(app).last?.request.messages.map(\.content), ["東京の天気は？"])
        XCTAssertEqual(app.loop.state.input.text, "", "the r was not typed")
    }

    func testEscStopsTheWait() {
        let app = LoopHarness(width: 80, height: 24)
        let turn = send(app, "hello")
        app.step(.streamFailed(turn: turn, Self.busy))
        app.key(.escape)
        XCTAssertNil(app.loop.state.streamRetry)
        let count = streams(app).count
        app.step(.retryDue(turn: turn))
        XCTAssertEqual(streams(app).count, count, "a stopped wait does not ask again")
        XCTAssertFalse(app.screenText.contains("⟳"), app.screenText)
    }

    func testACutReplyIsKeptMarkedAndRetriedWithoutIt() throws {
        let app = LoopHarness(width: 80, height: 24)
        let turn = send(app, "数えて")
        app.step(.stream(turn: turn, .text("一、二、")))
        app.step(.streamFailed(turn: turn, StreamFailure(message: "openai: connection reset", retryable: true)))
        XCTAssertFalse(app.effects.contains { if case .scheduleRetry = $0 { true } else { false } },
                       "text came: not asked again by itself")
        XCTAssertTrue(app.screen.contains("   一、二、"), "the partial reply stays on screen: \(app.screenText)")
        XCTAssertTrue(app.screenText.contains("The reply was interrupted: openai: connection reset"), app.screenText)
        XCTAssertEqual(app.loop.state.agent.messages.map(\.content), ["数えて"], "the model does not get the cut reply")

        app.type("/retry")
        app.key(.enter)
        let retried = try XCTUnwrap(streams(app).last)
        XCTAssertNotEqual(retried.turn, turn)
        XCTAssertEqual(retried.request.messages.map(\.content), ["数えて"])
        app.step(.stream(turn: retried.turn, .text("一、二、三")))
        app.step(.streamEnded(turn: retried.turn, error: nil))
        XCTAssertEqual(app.loop.state.agent.messages.map(\.content), ["数えて", "一、二、三"])
        // r is a letter again once the retry answered.
        app.key(.char("r"))
        XCTAssertEqual(app.loop.state.input.text, "r")
    }

    func testARefusedKeyNamesTheSettingToFix() {
        let app = LoopHarness(width: 100, height: 24)
        let turn = send(app, "hi")
        app.step(.streamFailed(turn: turn, StreamFailure(message: "openai: openai error (HTTP 401): Incorrect API key",
                                                         status: 401)))
        XCTAssertEqual(app.loop.state.agent.transcript.last, .error(
            "openai: openai error (HTTP 401): Incorrect API key — the provider refused the key: "
                + "check OPENAI_API_KEY (or \"apiKey\" in servers.json)"))
        XCTAssertFalse(app.effects.contains { if case .scheduleRetry = $0 { true } else { false } })
    }
}
