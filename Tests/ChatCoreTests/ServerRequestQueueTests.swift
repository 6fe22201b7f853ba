import ChatCore
import MCP
import MCPHost
import XCTest

final class ServerRequestQueueTests: XCTestCase {
    private let form = PendingServerRequest(id: 1, server: "git", kind: .elicitation(.form(.init(
        message: "Commit message?",
        requestedSchema: .init(properties: ["message": ["type": "string"], "sign": ["type": "boolean"]],
                               required: ["message"])))))
    private let sampling = PendingServerRequest(id: 2, server: "notes", kind: .sampling(.init(
        messages: [.user("Summarise 漢字")], maxTokens: 100)))

    func testRequestsWaitInArrivalOrderAndLeaveWhenTheyEnd() {
        var queue = ServerRequestQueue()
        queue.receive(form)
        queue.receive(sampling)
        queue.receive(form)
        XCTAssertEqual(queue.waiting.map(\.id), [1, 2], "a repeated id is ignored")
        queue.end(id: 1)
        XCTAssertEqual(queue.waiting.map(\.id), [2])
        queue.end(id: 99)
        XCTAssertEqual(queue.count, 1)
    }

    func testAnAnswerThatFitsTakesTheRequestOffTheQueue() throws {
        var queue = ServerRequestQueue()
        queue.receive(form)
        queue.receive(sampling)
        let answer = try queue.answer(id: 1, with: .elicitation(content: ["message": "fix"]))
        XCTAssertEqual(answer, .elicitation(content: ["message": "fix"]))
        XCTAssertEqual(queue.waiting.map(\.id), [2])
        XCTAssertEqual(try queue.answer(id: 2, with: .decline), .decline)
        XCTAssertEqual(queue.count, 0)
    }

    func testAnswersThatDoNotFitOrFindNothingAreRefusedAndChangeNothing() {
        var queue = ServerRequestQueue()
        queue.receive(form)
        XCTAssertThrowsError(try queue.answer(id: 1, with: .sampling(.init(
            model: "m", role: .assistant, content: .single(.text("x")))))) { error in
            XCTAssertEqual(error as? ServerRequestError, .answerDoesNotFit(id: 1, server: "git", kind: "elicitation"))
        }
        XCTAssertThrowsError(try queue.answer(id: 7, with: .cancel)) { error in
            XCTAssertEqual(error as? ServerRequestError, .notWaiting(id: 7))
        }
        XCTAssertEqual(queue.waiting, [form])
    }

    func testSummaryNamesServerKindAndWhatIsAsked() {
        XCTAssertEqual(ServerRequestQueue.summary(form),
                       "#1 git elicitation: Commit message? (fields: message*, sign)")
        XCTAssertEqual(ServerRequestQueue.summary(sampling),
                       "#2 notes sampling: \"Summarise 漢字\" (max 100 tokens)")
    }
}
