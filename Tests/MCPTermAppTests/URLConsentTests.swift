import MCP
import MCPHost
@testable import MCPTermApp
import XCTest

/// The pieces of URL mode that need no server: what answers fit, what a -32042 names, how the
/// browser is started.
final class URLConsentTests: XCTestCase {
    private let page = CreateElicitation.Parameters.url(.init(message: "m", url: "https://a.example/x", elicitationId: "e1"))
    private let form = CreateElicitation.Parameters.form(.init(message: "m", requestedSchema: .init(properties: [:])))

    func testFormContentNeverAnswersAURLRequestAndConsentOnlyAnswersOne() {
        XCTAssertFalse(ServerRequestAnswer.elicitation(content: ["k": "v"]).fits(.elicitation(page)),
                       "a URL request answered with form content was the defect")
        XCTAssertTrue(ServerRequestAnswer.openedURL.fits(.elicitation(page)))
        XCTAssertFalse(ServerRequestAnswer.openedURL.fits(.elicitation(form)))
        XCTAssertTrue(ServerRequestAnswer.decline.fits(.elicitation(page)))
        XCTAssertTrue(ServerRequestAnswer.cancel.fits(.elicitation(form)))
    }

    func testA32042NamesOnlyURLModePagesWithAnID() {
        let data: Value = ["elicitations": [
            ["mode": "url", "elicitationId": "e1", "url": "https://Files.Example.com/auth", "message": "Authorize"],
            ["mode": "form", "elicitationId": "e2", "url": "https://x.example"],
            ["mode": "url", "url": "https://no-id.example"],
        ]]
        let pages = URLElicitation.required(server: "s", data: data)
        XCTAssertEqual(pages.map(\.elicitationID), ["e1"])
        XCTAssertEqual(pages.first?.host, "files.example.com")
        XCTAssertTrue(pages.first?.isWebPage == true)
        XCTAssertFalse(URLElicitation(server: "s", elicitationID: "x", url: "file:///etc/passwd", message: "").isWebPage)
        XCTAssertFalse(URLElicitation(server: "s", elicitationID: "x", url: "javascript:alert(1)", message: "").isWebPage)
    }

    func testTheBrowserIsBROWSERsFirstCommandElseXdgOpenWithTheURLAsOneArgument() {
        let url = "https://a.example/x?q=1&r=$(id)"
        XCTAssertEqual(BrowserLauncher.command(for: url, environment: [:]), ["xdg-open", url])
        XCTAssertEqual(BrowserLauncher.command(for: url, environment: ["BROWSER": "firefox:chromium"]), ["firefox", url])
        XCTAssertEqual(BrowserLauncher.command(for: url, environment: ["BROWSER": "w3m -o x=1 %s"]), ["w3m", "-o", "x=1", url])
        XCTAssertEqual(BrowserLauncher.command(for: url, environment: ["BROWSER": " "]), ["xdg-open", url])
    }

    func testAPageThatIsNotHTTPIsRefusedNotOpened() {
        var state = AppState(model: nil, width: 80, height: 24)
        let request = PendingServerRequest(id: 3, server: "s", kind: .elicitation(
            .url(.init(message: "m", url: "file:///etc/passwd", elicitationId: "e9"))))
        _ = AppReducer.reduce(&state, .serverRequest(request))
        _ = AppReducer.reduce(&state, .urlConsentArmed(showing: state.urlConsent.showing))
        let effects = AppReducer.reduce(&state, .key(.char("o")))
        XCTAssertFalse(effects.contains { if case .openURL = $0 { true } else { false } })
        XCTAssertTrue(effects.contains(.respond(requestID: 3, answer: .decline)))
        XCTAssertTrue(state.agent.transcript.contains(.error("mcpterm opens only http and https pages; not opened: file:///etc/passwd")))
    }
}
