@testable import MCPHost
import XCTest

final class WebSocketEndpointTests: XCTestCase {
    func testPlainURLKeepsPortPathAndQueryForTheRequest() throws {
        let endpoint = try XCTUnwrap(WebSocketEndpoint("ws://127.0.0.1:8765/mcp?token=abc"))
        XCTAssertFalse(endpoint.secure)
        XCTAssertEqual(endpoint.host, "127.0.0.1")
        XCTAssertEqual(endpoint.port, 8765)
        XCTAssertEqual(endpoint.requestTarget, "/mcp?token=abc")
        XCTAssertEqual(endpoint.hostHeader, "127.0.0.1:8765")
        XCTAssertEqual(endpoint.shownURL, "ws://127.0.0.1:8765/mcp", "the query may hold a token: never shown")
        XCTAssertTrue(endpoint.hostIsIPAddress)
    }

    func testSecureURLDefaultsToPort443AndOmitsItFromTheHostHeader() throws {
        let endpoint = try XCTUnwrap(WebSocketEndpoint("WSS://Example.com"))
        XCTAssertTrue(endpoint.secure)
        XCTAssertEqual(endpoint.port, 443)
        XCTAssertEqual(endpoint.requestTarget, "/")
        XCTAssertEqual(endpoint.hostHeader, "Example.com")
        XCTAssertFalse(endpoint.hostIsIPAddress)
    }

    func testIPv6HostIsBracketedInHeaderButNotForConnecting() throws {
        let endpoint = try XCTUnwrap(WebSocketEndpoint("ws://[::1]:9000/x"))
        XCTAssertEqual(endpoint.host, "::1")
        XCTAssertEqual(endpoint.hostHeader, "[::1]:9000")
        XCTAssertTrue(endpoint.hostIsIPAddress)
    }

    func testOtherSchemesAndMissingHostsAreRejected() {
        XCTAssertNil(WebSocketEndpoint("http://example.com/mcp"))
        XCTAssertNil(WebSocketEndpoint("ws:///mcp"))
        XCTAssertNil(WebSocketEndpoint("not a url"))
    }
}
