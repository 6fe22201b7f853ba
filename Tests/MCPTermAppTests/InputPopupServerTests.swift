import ChatCore
import Foundation
import LLM
import MCP
import MCPHost
@testable import MCPTermApp
import TestSupport
import TUI
import XCTest

/// The `/` menu and the `@` picker against a real Python SDK server (`mcp_features_server.py`):
/// its prompt in the menu with completion of a value, a resource read into the message the model
/// gets, and a template's variable completed by the server.
final class InputPopupServerTests: XCTestCase {
    func testAServersPromptResourceAndTemplateThroughTheMenuAndPicker() async throws {
        let feed = HostEventFeed(configs: [HostEventFeed.pythonServer("features", script: "mcp_features_server.py")])
        await feed.startAndWaitUntilReady()
        // Whatever the scenario finds, the server process ends with the test.
        do {
            try await scenario(feed.host)
        } catch {
            await feed.shutdown()
            throw error
        }
        await feed.shutdown()
    }

    private func scenario(_ host: ServerHost) async throws {
        // Reads and completions go to the real server; the model's request is only recorded.
        let (appEvents, continuation) = AsyncStream<AppEvent>.makeStream(bufferingPolicy: .unbounded)
        var incoming = appEvents.makeAsyncIterator()
        let app = LoopHarness(width: 60, height: 15, continuation: continuation) { events in
            RecordingRunner(passing: { effect in
                switch effect {
                case .readResource, .complete, .completeTemplate: true
                default: false
                }
            }, host: host, events: events)
        }
        /// Hands the loop the events the runner sends until one `matches`.
        func awaitEvent(_ matches: (AppEvent) -> Bool) async {
            while let event = await incoming.next() {
                app.step(event)
                if matches(event) { return }
            }
        }
        app.step(.serversChanged(await host.statuses()))
        app.step(.catalogChanged(resources: await host.resources(), prompts: await host.prompts()))
        app.step(.resourceTemplatesChanged(await host.resourceTemplates()))

        // 1. The server's prompt in the / menu; Tab on its value asks the server.
        app.type("/rev")
        XCTAssertTrue(app.screen.contains("│ /features:review  code*, language* · Review some code    │"), app.screenText)
        app.key(.enter)
        XCTAssertEqual(app.loop.state.input.text, "/features:review code= language=")
        app.type("sw")
        app.key(.tab)
        await awaitEvent { if case .completionFound = $0 { true } else { false } }
        XCTAssertEqual(app.loop.state.input.text, "/features:review code= language=swift ")

        // 2. A resource chosen with @ is read when the message goes; the model gets its text.
        app.key(.ctrl("u"))
        app.type("what does @gre")
        XCTAssertTrue(app.screenText.contains("│ greeting  features · fixture://greeting"), app.screenText)
        app.key(.enter)
        app.type("say?")
        app.key(.enter)
        await awaitEvent { if case .resourceRead = $0 { true } else { false } }
        guard case .streamChat(_, let request)? = app.effects.last(where: { if case .streamChat = $0 { true } else { false } })
        else { return XCTFail("not sent: \(app.effects)") }
        XCTAssertEqual(request.messages.last?.content, """
            what does @features:fixture://greeting say?

            <attached-resource server="features" uri="fixture://greeting" name="greeting" mimeType="text/plain">
            hello from a resource
            </attached-resource>
            """)
        app.step(.streamEnded(turn: app.runner.streamTurn ?? -1, error: nil))

        // 3. A template: the server suggests values for its variable as it is typed.
        app.type("@item")
        app.key(.enter)
        await awaitEvent { if case .templateCompletionFound = $0 { true } else { false } }
        XCTAssertEqual(Array(app.screen[5...11]), [
            "┌─ features:item ──────────────────────────────────────────┐",
            "│ name:                                                    │",
            "│ → fixture://items/                                       │",
            "│ apple                                                    │",
            "│ apricot                                                  │",
            "│ 東京タワー                                               │",
            "└─ Enter next · Tab complete · Esc cancel ─────────────────┘",
        ], app.screenText)
        app.type("apr")
        await awaitEvent { if case .templateCompletionFound(_, _, _, "apr", _) = $0 { true } else { false } }
        XCTAssertEqual(app.loop.state.templateFill?.suggestions, ["apricot"])
        app.key(.tab)
        await awaitEvent { if case .templateCompletionFound(_, _, _, "apricot", _) = $0 { true } else { false } }
        app.key(.enter)
        XCTAssertEqual(app.loop.state.input.text, "@features:fixture://items/apricot ")
        app.key(.enter)
        await awaitEvent { if case .resourceRead = $0 { true } else { false } }
        guard case .streamChat(_, let second)? = app.effects.last(where: { if case .streamChat = $0 { true } else { false } })
        else { return XCTFail("not sent: \(app.effects)") }
        XCTAssertTrue(second.messages.last?.content.contains("item apricot\n</attached-resource>") == true,
                      second.messages.last?.content ?? "")
    }
}
