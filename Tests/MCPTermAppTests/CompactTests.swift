import ChatCore
import LLM
@testable import MCPTermApp
import TestSupport
import XCTest

/// `/compact` and the context-window check, through the real loop.
final class CompactTests: XCTestCase {
    private func requests(_ app: LoopHarness) -> [ChatRequest] {
        app.effects.compactMap { effect in
            switch effect {
            case .streamChat(_, let request), .summarize(let request): return request
            default: return nil
            }
        }
    }

    private func exchange(_ app: LoopHarness, _ question: String, _ answer: String) {
        app.type(question)
        app.key(.enter)
        guard case .streamChat(let turn, _)? = app.effects.last(where: { if case .streamChat = $0 { true } else { false } })
        else { return XCTFail("no stream") }
        app.step(.stream(turn: turn, .text(answer)))
        app.step(.streamEnded(turn: turn, error: nil))
    }

    func testCompactReplacesTheOlderTurnsWithTheModelsSummary() throws {
        let app = LoopHarness(width: 100, height: 30)
        exchange(app, "東京の人口は？", "約1400万人です。")
        exchange(app, "大阪は？", "約880万人です。")
        app.type("/compact")
        app.key(.enter)
        guard case .summarize(let request)? = app.effects.last else { return XCTFail("\(app.effects.last as Any)") }
        XCTAssertEqual(request.messages.last?.content, "User: 東京の人口は？\n\nAssistant: 約1400万人です。",
                       "the older turn, the last one kept whole")
        app.step(.compacted(.success("東京の人口は約1400万人。")))
        XCTAssertEqual(app.loop.state.agent.messages.map(\.content), [
            "Summary of the earlier conversation (made by /compact):\n\n東京の人口は約1400万人。", "大阪は？", "約880万人です。",
        ])
        XCTAssertTrue(app.screenText.contains("Compacted: the model now gets a summary"), app.screenText)
        XCTAssertTrue(app.screenText.contains("東京の人口は？"), "the transcript keeps everything")
        exchange(app, "名古屋は？", "約230万人です。")
        let next = try XCTUnwrap(requests(app).last)
        XCTAssertEqual(next.messages.count, 4, "summary, the kept turn, the new question")

        app.type("/compact")
        app.key(.enter)
        app.step(.compacted(.failure(ModelProblem("openai: HTTP 500"))))
        XCTAssertTrue(app.screenText.contains("/compact failed: openai: HTTP 500. Nothing was changed."), app.screenText)
        XCTAssertEqual(app.loop.state.agent.messages.count, 5)
    }

    func testAMessageThatWouldOverflowTheWindowIsHeldBackOnceWithTheWayOut() {
        let app = LoopHarness(model: ModelDescription(provider: .openai, model: "m", baseURL: "http://127.0.0.1:1/v1",
                                                      contextWindow: 100),
                              width: 100, height: 30)
        let long = String(repeating: "長い文章。", count: 40)  // 600 bytes: ~150 tokens
        app.type(long)
        app.key(.enter)
        XCTAssertTrue(app.screenText.contains("more than the model's context window (100). /compact"), app.screenText)
        XCTAssertEqual(app.loop.state.input.text, long, "the message stays in the input")
        XCTAssertTrue(requests(app).isEmpty)
        app.key(.enter)
        XCTAssertEqual(requests(app).count, 1, "Enter again sends it anyway")
    }
}
