import ChatCore
import Foundation
import MCP
import MCPHost
@testable import MCPTermApp
import TestSupport
import TUI
import XCTest

/// A real Python SDK server asks for a form (`mcp_elicit_server.py`); the user fills it in the
/// box with keys; the server's JSON Schema validator accepts what arrives, typed as it asked.
final class ElicitationServerTests: XCTestCase {
    func testAFormFilledInTheBoxReachesThePythonServerWithTypedValuesAndAServerThatGoesAwayClosesIt() async throws {
        let feed = HostEventFeed(configs: [HostEventFeed.pythonServer("elicit", script: "mcp_elicit_server.py")])
        let host = feed.host
        func next(_ matches: (HostEvent) -> Bool) async -> HostEvent? { await feed.next(matches) }
        func nextRequest() async -> PendingServerRequest? { await feed.nextRequest() }
        await feed.startAndWaitUntilReady()

        // Answers reach the real server; the test delivers the arming timers itself.
        let app = LoopHarness(model: nil, width: 80, height: 30) { events in
            RecordingRunner(passing: { if case .respond = $0 { true } else { false } }, host: host, events: events)
        }
        let runner = app.runner
        func step(_ event: AppEvent) { app.step(event) }
        func type(_ text: String) { app.type(text) }
        func arm() {
            app.arm({ if case .armElicitation(let showing, _) = $0 { showing } else { nil } },
                    as: { .elicitationArmed(showing: $0) })
        }
        var screen: String { app.screenText }

        let call = Task { try await host.callTool(qualifiedName: "elicit__sign_up", arguments: [:]) }
        guard let request = await nextRequest() else { return XCTFail("no elicitation came") }
        step(.serverRequest(request))
        XCTAssertTrue(screen.contains("┌─ elicit asks ─"), screen)
        XCTAssertTrue(screen.contains("Create your account"), screen)
        arm()
        // Fields by key: age (30 by default), email, name, news (yes by default), plan, score, tags.
        step(.key(.tab))
        type("ann@example.com")
        step(.key(.tab))
        type("東京 Ann")
        step(.key(.tab))
        step(.key(.tab))
        step(.key(.down))
        step(.key(.char(" ")))
        step(.key(.tab))
        type("0.5")
        step(.key(.tab))
        step(.key(.char(" ")))
        step(.key(.down))
        step(.key(.down))
        step(.key(.char(" ")))
        step(.key(.enter))
        XCTAssertFalse(screen.contains("┌─ elicit asks ─"), screen)

        let result = try await call.value
        guard case .text(let text, _, _)? = result.content.first else { return XCTFail("no text: \(result)") }
        XCTAssertEqual(text, #"accept {"age": 30, "email": "ann@example.com", "name": "東京 Ann", "news": true, "#
            + #""plan": "pro", "score": 0.5, "tags": ["a", "c"]}"#)

        // The server goes away while its next form is open: the box closes and says so.
        let second = Task { try await host.callTool(qualifiedName: "elicit__sign_up", arguments: [:]) }
        guard let waiting = await nextRequest() else { return XCTFail("no second elicitation came") }
        step(.serverRequest(waiting))
        arm()
        type("half")
        XCTAssertTrue(screen.contains("┌─ elicit asks ─"), screen)
        await host.shutdown()
        _ = try? await second.value
        guard case .serverRequestEnded(let id)? = await next({ if case .serverRequestEnded = $0 { true } else { false } })
        else { return XCTFail("the host did not end the request") }
        XCTAssertEqual(id, waiting.id)
        step(.serverRequestEnded(id: id))
        XCTAssertFalse(screen.contains("┌─ elicit asks ─"), screen)
        XCTAssertTrue(screen.contains("Server elicit no longer waits for its elicitation #\(waiting.id)"), screen)
        XCTAssertEqual(runner.effects.filter { if case .respond = $0 { true } else { false } }.count, 1,
                       "nothing was sent for the withdrawn form")
        await feed.finished()
    }
}

/// URL mode (MCP 2025-11-25) against the same real Python SDK server: a page to open shows its
/// host and whole URL, opens only on `o` once armed, the server gets "accept" and its completion
/// notification is shown; a -32042 error's page shows in the same box; nothing is ever fetched.
final class URLElicitationServerTests: XCTestCase {
    func testAPageIsOpenedOnlyWhenTheUserSaysSoAndItsCompletionAndA32042AreShown() async throws {
        let feed = HostEventFeed(configs: [HostEventFeed.pythonServer("elicit", script: "mcp_elicit_server.py")])
        let host = feed.host
        func next(_ matches: (HostEvent) -> Bool) async -> HostEvent? { await feed.next(matches) }
        await feed.startAndWaitUntilReady()

        let app = LoopHarness(model: nil, width: 72, height: 24) { events in
            RecordingRunner(passing: { if case .respond = $0 { true } else { false } }, host: host, events: events)
        }
        let runner = app.runner
        func step(_ event: AppEvent) { app.step(event) }
        func arm() {
            app.arm({ if case .armURLConsent(let showing, _) = $0 { showing } else { nil } },
                    as: { .urlConsentArmed(showing: $0) })
        }
        var screen: String { app.screenText }
        func opened() -> [String] {
            runner.effects.compactMap { if case .openURL(let url) = $0 { url } else { nil } }
        }

        let call = Task { try await host.callTool(qualifiedName: "elicit__connect", arguments: [:]) }
        guard case .serverRequest(let request)? = await next({ if case .serverRequest = $0 { true } else { false } })
        else { return XCTFail("no elicitation came") }
        step(.serverRequest(request))
        XCTAssertTrue(screen.contains("┌─ Open a page? ─"), screen)
        XCTAssertTrue(screen.contains("│ Server  elicit"), screen)
        XCTAssertTrue(screen.contains("│ Why     Link your 東京 account"), screen)
        XCTAssertTrue(screen.contains("│ Host    auth.example.com"), screen)
        XCTAssertTrue(screen.contains("│ URL     https://auth.example.com/link?id=e-42"), screen)
        step(.key(.char("o")))
        XCTAssertEqual(opened(), [], "a key before the box armed opens nothing")
        arm()
        step(.key(.char("o")))
        XCTAssertEqual(opened(), ["https://auth.example.com/link?id=e-42"])
        XCTAssertEqual(runner.effects.last, .respond(requestID: request.id, answer: .openedURL))
        XCTAssertFalse(screen.contains("Open a page?"), screen)
        guard case .elicitationComplete(let server, let id)? = await next({ if case .elicitationComplete = $0 { true } else { false } })
        else { return XCTFail("no completion notification") }
        step(.elicitationComplete(server: server, elicitationID: id))
        XCTAssertTrue(screen.contains("elicit: the page you opened reports it is done"), screen)
        let result = try await call.value
        guard case .text(let text, _, _)? = result.content.first else { return XCTFail("no text: \(result)") }
        XCTAssertEqual(text, "accept", "the server heard the user's consent")

        // A completion for a page nobody opened is ignored (the spec says so).
        let before = screen
        step(.elicitationComplete(server: "elicit", elicitationID: "never-asked"))
        XCTAssertEqual(screen, before)

        // -32042: the call fails naming the page, which shows in the same box.
        do {
            _ = try await host.callTool(qualifiedName: "elicit__needs_link", arguments: [:])
            XCTFail("needs_link answered")
        } catch SessionError.urlElicitationRequired(let failedServer, _, let message, let pages) {
            XCTAssertEqual(failedServer, "elicit")
            XCTAssertEqual(message, "Authorization is required first.")
            XCTAssertEqual(pages, [URLElicitation(server: "elicit", elicitationID: "e-7",
                                                  url: "https://files.example.com/auth", message: "Authorize files")])
            step(.urlElicitationsRequired(pages))
        }
        XCTAssertTrue(screen.contains("│ Host    files.example.com"), screen)
        XCTAssertTrue(screen.contains("A tool call needs this first"), screen)
        arm()
        let answers = runner.effects.count
        step(.key(.char("n")))
        XCTAssertFalse(screen.contains("Open a page?"), screen)
        XCTAssertEqual(runner.effects.count, answers, "nothing to answer for a page a failed call named")
        XCTAssertEqual(opened().count, 1)
        await feed.shutdown()
    }
}
