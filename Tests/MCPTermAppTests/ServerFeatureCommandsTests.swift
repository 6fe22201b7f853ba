import ChatCore
import MCP
import MCPHost
@testable import MCPTermApp
import TUI
import XCTest

/// Resources, prompts and servers' requests, driven through `reduce` as a script of events.
final class ServerFeatureCommandsTests: XCTestCase {
    private let form = PendingServerRequest(id: 4, server: "git", kind: .elicitation(.form(.init(
        message: "Commit message?",
        requestedSchema: .init(properties: ["message": ["type": "string"]], required: ["message"])))))
    private let sampling = PendingServerRequest(id: 5, server: "notes", kind: .sampling(.init(
        messages: [.user("Summarise")], maxTokens: 20)))

    private func makeState() -> AppState {
        AppState(model: ModelDescription(provider: .openai, model: "test-model", baseURL: "http://127.0.0.1:1/v1"),
                 width: 100, height: 30)
    }

    private func command(_ line: String, _ state: inout AppState) -> [Effect] {
        for c in line { _ = reduceIgnoringSaves(&state, .key(.char(c))) }
        return reduceIgnoringSaves(&state, .key(.enter))
    }

    private func lastNote(_ state: AppState) -> String? {
        switch state.agent.transcript.last {
        case .notice(let text)?, .error(let text)?: return text
        default: return nil
        }
    }

    private func statusText(_ state: AppState) -> String {
        StatusBar.line(state, theme: .builtinDefault).runs.map(\.text).joined()
    }

    func testRequestsAreListedCountedAndAnsweredByCommand() {
        var state = makeState()
        XCTAssertFalse(statusText(state).contains("waiting"))
        _ = reduceIgnoringSaves(&state, .serverRequest(form))
        _ = reduceIgnoringSaves(&state, .serverRequest(sampling))
        XCTAssertTrue(statusText(state).contains("2 requests waiting"), statusText(state))
        XCTAssertTrue(lastNote(state)?.contains("#5 notes sampling") ?? false, lastNote(state) ?? "")
        // The form opened in its box, then the sampling request in its own; both put aside (Alt-L),
        // the chat takes the keys and the commands answer them.
        _ = AppReducer.reduce(&state, .key(.alt("l")))
        XCTAssertNotNil(state.sampling.review, "the sampling box shows next")
        _ = AppReducer.reduce(&state, .key(.alt("l")))

        _ = command("/requests", &state)
        XCTAssertEqual(lastNote(state), "#5 notes sampling: \"Summarise\" (max 20 tokens)")

        XCTAssertEqual(command(#"/accept 4 {"message": "fix 漢字"}"#, &state),
                       [.respond(requestID: 4, answer: .elicitation(content: ["message": "fix 漢字"]))])
        XCTAssertTrue(statusText(state).contains("1 request waiting"), statusText(state))

        XCTAssertEqual(command("/accept 5 four", &state), [.respond(requestID: 5, answer: .sampling(.init(
            model: "test-model", stopReason: .endTurn, role: .assistant, content: .single(.text("four")))))])
        XCTAssertFalse(statusText(state).contains("waiting"))
    }

    func testDeclineCancelAndMistakesSayWhatIsWrong() {
        var state = makeState()
        _ = reduceIgnoringSaves(&state, .serverRequest(form))
        _ = reduceIgnoringSaves(&state, .key(.alt("l")))
        XCTAssertEqual(command("/accept 4 not json", &state), [])
        XCTAssertTrue(lastNote(state)?.hasPrefix("/accept 4: give the form's content as a JSON object") ?? false,
                      lastNote(state) ?? "")
        XCTAssertEqual(command("/decline 9", &state), [])
        XCTAssertEqual(lastNote(state), "request 9 is not waiting for an answer (answered, or cancelled by its server)")
        XCTAssertEqual(command("/cancel 4", &state), [.respond(requestID: 4, answer: .cancel)])

        _ = reduceIgnoringSaves(&state, .serverRequest(sampling))
        _ = reduceIgnoringSaves(&state, .key(.alt("l")))
        XCTAssertEqual(command("/decline #5", &state), [.respond(requestID: 5, answer: .decline)])

        // A request the server cancelled leaves the queue without an answer.
        _ = reduceIgnoringSaves(&state, .serverRequest(form))
        _ = reduceIgnoringSaves(&state, .serverRequestEnded(id: 4))
        XCTAssertEqual(state.serverRequests.count, 0)
    }

    func testResourcesAndPromptsAreListedAndReadIntoTheTranscript() {
        var state = makeState()
        _ = command("/resources", &state)
        XCTAssertEqual(lastNote(state), "No resources (no ready server offers any).")
        _ = reduceIgnoringSaves(&state, .catalogChanged(
            resources: [ServerResource(server: "docs", item: Resource(name: "readme", uri: "file:///README.md",
                                                                      description: "The readme"))],
            prompts: [ServerPrompt(server: "docs", item: Prompt(name: "review", description: "Review code",
                                                                arguments: [.init(name: "code", required: true),
                                                                            .init(name: "style")]))]))
        _ = command("/resources", &state)
        XCTAssertEqual(lastNote(state), "docs file:///README.md — readme: The readme")
        _ = command("/prompts", &state)
        XCTAssertEqual(lastNote(state), "docs review(code*, style): Review code")

        XCTAssertEqual(command("/read docs file:///README.md", &state),
                       [.readResource(server: "docs", uri: "file:///README.md")])
        _ = reduceIgnoringSaves(&state, .resourceRead(server: "docs", uri: "file:///README.md",
                                                    text: "# Hello", isError: false))
        XCTAssertEqual(lastNote(state), "docs file:///README.md:\n# Hello")
        XCTAssertEqual(command("/read docs", &state), [])
        XCTAssertEqual(lastNote(state), "/read needs a server and a URI: /read SERVER URI (see /resources)")
    }
}
