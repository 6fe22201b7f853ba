import ChatCore
import LLM
@testable import MCPTermApp
import TUI
import XCTest

/// The UI loop's layout cache: a frame lays out only items that changed, draws what the pure
/// view draws, and starts over on a resize.
final class TranscriptLayoutCacheTests: XCTestCase {
    private func state(width: Int = 70, height: Int = 20) -> AppState {
        var state = AppState(model: ModelDescription(provider: .openai, model: "m", baseURL: "http://127.0.0.1:1/v1"),
                             width: width, height: height)
        state.sidePaneVisible = false
        let big = (1...30_000).map { "row \($0) 東京" }.joined(separator: "\n")
        state.agent = AgentLoop(
            restoring: [.user("x")],
            transcript: [.user("hello"), .notice(big), .assistant("**Hi** there")],
            policy: ApprovalPolicy())
        return state
    }

    func testKeyPressLaysOutNothingAgainAndDrawsWhatThePureViewDraws() {
        var state = state()
        let cache = TranscriptLayoutCache()
        let first = AppView.render(state, theme: .builtinDefault, cache: cache)
        XCTAssertEqual(cache.layoutCount, 2, "the reply and the collapsed notice fill the 17 rows")
        XCTAssertEqual(first.buffer.lines(), AppView.render(state, theme: .builtinDefault).buffer.lines())

        for c in "日本a" { _ = AppReducer.reduce(&state, .key(.char(c))) }
        let typed = AppView.render(state, theme: .builtinDefault, cache: cache)
        XCTAssertEqual(cache.layoutCount, 2, "typing changes no transcript item")
        XCTAssertEqual(typed.buffer.lines(), AppView.render(state, theme: .builtinDefault).buffer.lines())
    }

    func testChangedItemIsLaidOutAgainAndAResizeStartsOver() {
        var state = state()
        let cache = TranscriptLayoutCache()
        _ = AppView.render(state, theme: .builtinDefault, cache: cache)
        var transcript = state.agent.transcript
        transcript[2] = .assistant("**Hi** there, more")
        state.agent = AgentLoop(restoring: [.user("x")], transcript: transcript, policy: ApprovalPolicy())
        let changed = AppView.render(state, theme: .builtinDefault, cache: cache)
        XCTAssertEqual(cache.layoutCount, 3, "only the changed reply")
        XCTAssertEqual(changed.buffer.lines(), AppView.render(state, theme: .builtinDefault).buffer.lines())

        _ = AppReducer.reduce(&state, .resize(width: 50, height: 20))
        let resized = AppView.render(state, theme: .builtinDefault, cache: cache)
        XCTAssertEqual(cache.layoutCount, 5, "a new width lays every shown item out again")
        XCTAssertEqual(resized.buffer.lines(), AppView.render(state, theme: .builtinDefault).buffer.lines())

        state.agent = AgentLoop(restoring: [], transcript: [.notice("new conversation")], policy: ApprovalPolicy())
        let fresh = AppView.render(state, theme: .builtinDefault, cache: cache)
        XCTAssertEqual(fresh.buffer.lines(), AppView.render(state, theme: .builtinDefault).buffer.lines())
        XCTAssertEqual(cache.layoutCount, 6)
    }

    func testStreamingReplyDrawnWithTheCacheEqualsThePureViewAtEveryChunk() {
        var state = AppState(model: ModelDescription(provider: .openai, model: "m", baseURL: "http://127.0.0.1:1/v1"),
                             width: 44, height: 30)
        state.sidePaneVisible = false
        for c in "show me" { _ = AppReducer.reduce(&state, .key(.char(c))) }
        guard case .streamChat(let turn, _)? = reduceIgnoringSaves(&state, .key(.enter)).first else {
            return XCTFail("Enter starts a turn")
        }
        let reply = """
            ## 結果

            | 名前 | 値 |
            |---|---:|
            | 東京 | 1 |

            - [x] done ~~maybe~~
            ```json
            {"k": [1, 2]}
            ```
            Done.
            """
        let cache = TranscriptLayoutCache()
        var chunk = ""
        for (index, c) in reply.enumerated() {
            chunk.append(c)
            guard index % 3 == 2 || index == reply.count - 1 else { continue }
            _ = AppReducer.reduce(&state, .stream(turn: turn, .text(chunk)))
            chunk = ""
            let cached = AppView.render(state, theme: .builtinDefault, cache: cache).buffer
            let pure = AppView.render(state, theme: .builtinDefault).buffer
            XCTAssertEqual(cached, pure, "after \(index + 1) characters:\n\(cached.lines().joined(separator: "\n"))")
            if cached != pure { break }
        }
        let screen = AppView.render(state, theme: .builtinDefault, cache: cache).buffer.lines().joined(separator: "\n")
        XCTAssertTrue(screen.contains("│ 東京 │  1 │"), screen)
        XCTAssertTrue(screen.contains("☑ done"), screen)
    }
}
