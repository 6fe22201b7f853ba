import Foundation
import HTTPStreaming
import MCPHost
@testable import MCPTermApp
import TestSupport
import TUI
import XCTest

/// The user's side of an OAuth login, headless against the real OAuth fixture: the Servers tab
/// says `needs login` with the key to press, the key starts the login (the app keeps taking
/// keys), the transcript shows the URL to copy and the browser is asked to open it, and the
/// server turns ready once the "browser" (the test) has followed the redirect.
final class LoginServerTests: XCTestCase {
    private func lines(_ screen: String, containing text: String) -> [String] {
        screen.split(separator: "\n").map(String.init).filter { $0.contains(text) }
    }

    func testNeedsLoginShowsInThePaneAndItsKeyLogsInWhileTheAppGoesOn() async throws {
        let fixture = try FixtureServer(script: "mcp_oauth_server.py")
        defer { fixture.stop() }
        let store = NSTemporaryDirectory() + "mcpterm-login-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: store) }
        let config = ServerConfig(name: "secure", kind: .http, url: fixture.baseURL + "/mcp", heartbeat: 0)
        let host = ServerHost(configs: [config], clientVersion: "0.0.1-test",
                              authorization: AuthorizationEnvironment(storeDirectory: store))
        let feed = HostEventFeed(host)
        await host.start()
        _ = await feed.next { if case .serverStatus(let s) = $0, case .needsLogin = s.state { true } else { false } }

        let app = LoopHarness(model: nil, width: 110, height: 30) { events in
            RecordingRunner(passing: { if case .login = $0 { true } else { false } }, host: host, events: events)
        }
        app.step(.key(.ctrl("t")))
        app.step(.serversChanged(await host.statuses()))
        XCTAssertEqual(lines(app.screenText, containing: "secure").first?.contains("◇ secure needs login"), true,
                       app.screenText)
        XCTAssertTrue(app.screenText.contains("the server answered 401"), app.screenText)
        XCTAssertTrue(app.screenText.contains("l here (Ctrl-O first) or /login│"), app.screenText)

        app.step(.key(.ctrl("o")))
        app.step(.key(.char("l")))
        XCTAssertTrue(app.effects.contains(.login(server: "secure")), "\(app.effects)")
        XCTAssertTrue(app.screenText.contains("Logging in to secure…"), app.screenText)

        guard case .loginStarted(_, let url)? = await feed.next({ if case .loginStarted = $0 { true } else { false } })
        else { return XCTFail("no login started") }
        // Typing goes on while the login waits for the browser.
        app.step(.key(.escape))
        app.type("hello")
        app.step(.loginStarted(server: "secure", url: url))
        XCTAssertTrue(app.effects.contains(.openURL(url)), "the browser is asked to open the page")
        XCTAssertTrue(app.screenText.contains("Log in to secure in your browser. If none opens, open this address:"),
                      app.screenText)
        XCTAssertTrue(app.screenText.contains("/login secure ADDRESS"), app.screenText)
        XCTAssertTrue(app.screenText.contains("› hello"), app.screenText)
        app.step(.serversChanged(await host.statuses()))
        XCTAssertTrue(app.screenText.contains("waiting for the browser"), app.screenText)

        // The browser: the authorization server redirects to mcpterm's listener.
        let (head, _) = try await HTTPClient.shared.send(HTTPRequest(url: url))
        let location = try XCTUnwrap(head.headers["location"])
        _ = try await HTTPClient.shared.send(HTTPRequest(url: location))
        guard case .loginFinished(_, let error)? = await feed.next({ if case .loginFinished = $0 { true } else { false } })
        else { return XCTFail("the login did not end") }
        XCTAssertNil(error)
        app.step(.loginFinished(server: "secure", error: nil))
        XCTAssertTrue(app.screenText.contains("Logged in to secure; connecting."), app.screenText)
        _ = await feed.next { if case .serverStatus(let s) = $0 { s.state == .ready } else { false } }
        app.step(.serversChanged(await host.statuses()))
        app.step(.toolsChanged(await host.tools()))
        XCTAssertTrue(app.screenText.contains("● secure ready"), app.screenText)
        XCTAssertTrue(app.screenText.contains("· whoami"), app.screenText)
        await feed.shutdown()
    }

    func testLoginAndLogoutCommandsNameTheServerAndNeverEchoAPastedAddress() {
        var state = AppState(model: nil, width: 90, height: 24)
        var needing = ServerStatus(name: "my server", kind: .http, state: .needsLogin("401"))
        needing.loginURL = nil
        state.servers = [needing, ServerStatus(name: "other", kind: .http, state: .ready)]
        func run(_ line: String) -> [Effect] {
            state.input.setText(line)
            return AppReducer.reduce(&state, .key(.enter)).filter { if case .saveSession = $0 { false } else { true } }
        }
        XCTAssertEqual(run("/login"), [.login(server: "my server")], "the one server that needs it")
        XCTAssertEqual(run("/login other"), [.login(server: "other")])
        XCTAssertEqual(run("/login my server http://127.0.0.1:5/callback?code=SECRET&state=s"),
                       [.completeLogin(server: "my server", redirect: "http://127.0.0.1:5/callback?code=SECRET&state=s")])
        XCTAssertEqual(run("/login my server code=SECRET"), [])
        XCTAssertEqual(run("/logout my server"), [.logout(server: "my server")])
        XCTAssertEqual(run("/login nobody"), [])
        let transcript = state.agent.transcript.map { item -> String in
            switch item {
            case .notice(let text), .error(let text): return text
            default: return ""
            }
        }.joined(separator: "\n")
        XCTAssertTrue(transcript.contains("Logging in to other…"), transcript)
        XCTAssertTrue(transcript.contains("Checking the pasted address for my server…"), transcript)
        XCTAssertTrue(transcript.contains("Forgetting the OAuth tokens of my server…"), transcript)
        XCTAssertFalse(transcript.contains("SECRET"), transcript)
        XCTAssertTrue(transcript.contains("/login: no server named \"nobody\" (servers: my server, other)"), transcript)
        XCTAssertTrue(transcript.contains("paste the whole address the browser landed on"), transcript)
    }

    func testThePaneSaysWhenALoginWaitsAndShowsAnUnverifiedCertificateLoudly() {
        var waiting = ServerStatus(name: "secure", kind: .http, state: .needsLogin("the server answered 401"))
        waiting.loginURL = "https://auth.example/authorize?x=1"
        var insecure = ServerStatus(name: "dev", kind: .ws, state: .ready)
        insecure.insecureTLS = true
        let lines = ServersPane.lines(servers: [waiting, insecure], tools: [], width: 60, theme: .builtinDefault)
            .map { $0.runs.map(\.text).joined() }
        XCTAssertEqual(Array(lines.prefix(5)), [
            "◇ secure needs login",
            "  http",
            "  the server answered 401",
            "  waiting for the browser; /login secure URL to paste the",
            "  address it landed on",
        ])
        XCTAssertTrue(lines.contains("  ! TLS NOT VERIFIED (\"insecure\": true)"), "\(lines)")
        var buffer = CellBuffer(width: 60, height: 20)
        ServersPane.draw(servers: [insecure], tools: [], theme: .builtinDefault, into: &buffer,
                         rect: Rect(x: 0, y: 0, width: 60, height: 20))
        let row = buffer.trimmedLines().firstIndex { $0.contains("TLS NOT VERIFIED") } ?? 0
        XCTAssertTrue(buffer.row(row).contains { $0.style == Theme.builtinDefault.style("server.failed") },
                      "in the failure colour")
    }
}
