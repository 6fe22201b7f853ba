import Foundation
import Synchronization
import MCP
@testable import MCPHost
import TestSupport
import XCTest

/// Auto negotiation against a scripted transport and a hand-moved clock: every way a probe can
/// end, and what the session then speaks. No processes, no real time.
final class ModernEraNegotiationTests: XCTestCase {
    private let transport = ScriptedTransport()
    private let clock = ManualSessionClock()

    private static let discoverResult = #"""
        {"supportedVersions":["2026-07-28"],"capabilities":{"tools":{"listChanged":true}},"resultType":"complete",\#
        "_meta":{"io.modelcontextprotocol/serverInfo":{"name":"scripted","version":"9.1"}}}
        """#
    private static let initializeResult = #"""
        {"protocolVersion":"2025-11-25","capabilities":{"tools":{}},"serverInfo":{"name":"old","version":"1.0"}}
        """#

    private func makeSession() async throws -> MCPSession {
        let session = MCPSession(serverName: "scripted", transport: transport, defaultTimeout: 60,
                                 onNotification: { _, _ in },
                                 onRequest: { method, _ in throw MCPError.methodNotFound(method) }, clock: clock)
        try await session.start()
        return session
    }

    private func negotiate(_ session: MCPSession) -> Task<NegotiatedProtocol, any Error> {
        Task { try await session.negotiate(clientName: "mcpterm-test", clientVersion: "1.2") }
    }

    /// The `n`th sent message (1-based) whose method is `method`, once it has been sent.
    private func sent(_ method: String, number: Int = 1) async throws -> [String: Any] {
        let marker = "\"method\":\"\(method)\""
        let seen = MatchCounter()
        let line = await transport.sent.first { $0.contains(marker) && seen.next() == number }
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    private func reply(to request: [String: Any], result: String) {
        transport.deliver(#"{"jsonrpc":"2.0","id":\#(request["id"] as? Int ?? -1),"result":\#(result)}"#)
    }

    private func reply(to request: [String: Any], error: String) {
        transport.deliver(#"{"jsonrpc":"2.0","id":\#(request["id"] as? Int ?? -1),"error":\#(error)}"#)
    }

    private func meta(_ message: [String: Any]) -> [String: Any]? {
        (message["params"] as? [String: Any])?["_meta"] as? [String: Any]
    }

    // MARK: - A modern server

    func testDiscoverResultAdoptsTheStatelessEraAndEveryRequestCarriesTheEnvelope() async throws {
        let session = try await makeSession()
        let negotiation = negotiate(session)
        let probe = try await sent("server/discover")
        let probeMeta = try XCTUnwrap(meta(probe))
        XCTAssertEqual(probeMeta["io.modelcontextprotocol/protocolVersion"] as? String, "2026-07-28")
        XCTAssertEqual((probeMeta["io.modelcontextprotocol/clientInfo"] as? [String: Any])?["name"] as? String, "mcpterm-test")
        XCTAssertNotNil(probeMeta["io.modelcontextprotocol/clientCapabilities"] as? [String: Any])
        reply(to: probe, result: Self.discoverResult)

        let negotiated = try await negotiation.value
        XCTAssertEqual(negotiated.version, "2026-07-28")
        XCTAssertEqual(negotiated.era, .stateless)
        XCTAssertEqual(negotiated.serverInfo, "scripted 9.1")
        let version = await session.protocolVersion
        XCTAssertEqual(version, "2026-07-28")

        let list = Task { try await session.requestRaw(method: "tools/list", params: nil) }
        let request = try await sent("tools/list")
        let requestMeta = try XCTUnwrap(meta(request), "a request without params still gets the envelope")
        XCTAssertEqual(requestMeta["io.modelcontextprotocol/protocolVersion"] as? String, "2026-07-28")
        XCTAssertEqual((requestMeta["io.modelcontextprotocol/clientInfo"] as? [String: Any])?["version"] as? String, "1.2")
        XCTAssertNotNil(requestMeta["io.modelcontextprotocol/clientCapabilities"])
        XCTAssertNotNil(requestMeta["progressToken"], "the progress token is kept next to the envelope")
        reply(to: request, result: #"{"tools":[],"resultType":"complete"}"#)
        _ = try await list.value
        XCTAssertFalse(transport.sent.all.contains { $0.contains("\"initialize\"") }, "no handshake in the stateless era")
        await session.close()
    }

    func testRejectionNamingAMutualVersionProbesAgainAtThatVersion() async throws {
        let session = try await makeSession()
        let negotiation = negotiate(session)
        let first = try await sent("server/discover")
        reply(to: first, error: #"{"code":-32022,"message":"Unsupported protocol version","data":{"supported":["2026-07-28","2027-03-01"],"requested":"2026-07-28"}}"#)
        let second = try await sent("server/discover", number: 2)
        XCTAssertEqual(meta(second)?["io.modelcontextprotocol/protocolVersion"] as? String, "2026-07-28")
        reply(to: second, result: Self.discoverResult)
        let negotiated = try await negotiation.value
        XCTAssertEqual(negotiated.era, .stateless)
        await session.close()
    }

    // MARK: - Falling back to initialize

    func testMethodNotFoundFallsBackToInitialize() async throws {
        let session = try await makeSession()
        let negotiation = negotiate(session)
        reply(to: try await sent("server/discover"), error: #"{"code":-32601,"message":"Method not found"}"#)
        let initialize = try await sent("initialize")
        reply(to: initialize, result: Self.initializeResult)
        let negotiated = try await negotiation.value
        XCTAssertEqual(negotiated.version, "2025-11-25")
        XCTAssertEqual(negotiated.era, .handshake)
        XCTAssertEqual(negotiated.serverInfo, "old 1.0")
        _ = try await sent("notifications/initialized")

        let call = Task { try await session.requestRaw(method: "tools/list", params: ["cursor": "x"]) }
        let request = try await sent("tools/list")
        XCTAssertNil(meta(request)?["io.modelcontextprotocol/protocolVersion"], "no envelope in the handshake era")
        reply(to: request, result: #"{"tools":[]}"#)
        _ = try await call.value
        await session.close()
    }

    func testAnHTTPErrorMappedToAnErrorResponseFallsBack() async throws {
        let session = try await makeSession()
        let negotiation = negotiate(session)
        reply(to: try await sent("server/discover"),
              error: #"{"code":-32000,"message":"POST http://h/mcp answered HTTP 400: Missing session ID"}"#)
        reply(to: try await sent("initialize"), result: Self.initializeResult)
        let negotiated = try await negotiation.value
        XCTAssertEqual(negotiated.era, .handshake)
        await session.close()
    }

    func testDiscoverResultListingOnlyHandshakeVersionsFallsBack() async throws {
        let session = try await makeSession()
        let negotiation = negotiate(session)
        reply(to: try await sent("server/discover"),
              result: #"{"supportedVersions":["2025-06-18","2025-11-25"],"capabilities":{}}"#)
        reply(to: try await sent("initialize"), result: Self.initializeResult)
        let negotiated = try await negotiation.value
        XCTAssertEqual(negotiated.era, .handshake)
        await session.close()
    }

    func testRejectionListingHandshakeVersionsFallsBack() async throws {
        let session = try await makeSession()
        let negotiation = negotiate(session)
        reply(to: try await sent("server/discover"),
              error: #"{"code":-32022,"message":"no","data":{"supported":["2025-11-25"],"requested":"2026-07-28"}}"#)
        reply(to: try await sent("initialize"), result: Self.initializeResult)
        let negotiated = try await negotiation.value
        XCTAssertEqual(negotiated.version, "2025-11-25")
        await session.close()
    }

    func testUnansweredProbeFallsBackAfterTheProbeTimeoutWithoutCancellingIt() async throws {
        let session = try await makeSession()
        let negotiation = negotiate(session)
        let probe = try await sent("server/discover")
        clock.advance(by: MCPSession.discoverProbeTimeout - 0.5)
        XCTAssertFalse(transport.sent.all.contains { $0.contains("\"initialize\"") }, "still waiting for the probe")
        clock.advance(by: 0.5)
        let initialize = try await sent("initialize")
        // A late answer to the probe is dropped, not taken for the initialize result.
        reply(to: probe, error: #"{"code":-32601,"message":"Method not found"}"#)
        reply(to: initialize, result: Self.initializeResult)
        let negotiated = try await negotiation.value
        XCTAssertEqual(negotiated.era, .handshake)
        XCTAssertEqual(MCPSession.discoverProbeTimeout, 5)
        XCTAssertFalse(transport.sent.all.contains { $0.contains("notifications/cancelled") },
                       "server/discover must not be cancelled")
        await session.close()
    }

    func testSlowModernServerThatRejectsTheFallbackHandshakeIsProbedAgain() async throws {
        let session = try await makeSession()
        let negotiation = negotiate(session)
        _ = try await sent("server/discover")
        clock.advance(by: MCPSession.discoverProbeTimeout)
        let initialize = try await sent("initialize")
        reply(to: initialize, error: #"{"code":-32022,"message":"connection is serving the 2026-07-28 protocol","data":{"supported":["2026-07-28"],"requested":"2025-11-25"}}"#)
        let again = try await sent("server/discover", number: 2)
        reply(to: again, result: Self.discoverResult)
        let negotiated = try await negotiation.value
        XCTAssertEqual(negotiated.era, .stateless)
        await session.close()
    }

    // MARK: - Real incompatibility and failures

    func testRejectionWithADisjointModernOnlyListIsAClearError() async throws {
        let session = try await makeSession()
        let negotiation = negotiate(session)
        reply(to: try await sent("server/discover"),
              error: #"{"code":-32022,"message":"no","data":{"supported":["2027-03-01"],"requested":"2026-07-28"}}"#)
        do {
            _ = try await negotiation.value
            XCTFail("a modern-only server with no mutual version is incompatible")
        } catch let error as ModernEraError {
            XCTAssertEqual(error, .noMutualVersion(server: "scripted", offered: ["2027-03-01"]))
            XCTAssertTrue(error.description.contains("server \"scripted\": speaks only MCP protocol 2027-03-01"),
                          error.description)
            XCTAssertTrue(error.description.contains("2026-07-28 (server/discover)"), error.description)
        }
        XCTAssertFalse(transport.sent.all.contains { $0.contains("\"initialize\"") }, "no pointless fallback")
        await session.close()
    }

    func testClosedConnectionDuringTheProbeIsNotAVerdict() async throws {
        let session = try await makeSession()
        let negotiation = negotiate(session)
        _ = try await sent("server/discover")
        transport.fail(TransportError.closed(server: "scripted"))
        do {
            _ = try await negotiation.value
            XCTFail("a closed connection must fail the negotiation")
        } catch let error as SessionError {
            guard case .closed = error else { return XCTFail("\(error)") }
        }
        XCTAssertFalse(transport.sent.all.contains { $0.contains("\"initialize\"") })
        await session.close()
    }

    func testUnsupportedHandshakeVersionSaysWhichVersionsMcptermSpeaks() {
        let error = SessionError.unsupportedProtocolVersion(server: "old", version: "2023-01-01")
        XCTAssertEqual(error.description, "server \"old\": answered initialize with MCP protocol version \"2023-01-01\", "
            + "which mcpterm does not support (mcpterm speaks 2024-11-05, 2025-03-26, 2025-06-18, 2025-11-25 "
            + "(initialize); 2026-07-28 (server/discover))")
    }

    func testStatusSummaryNamesTheVersionAndTheTransportInUse() {
        var status = ServerStatus(name: "web", kind: .http, state: .connecting)
        XCTAssertNil(status.protocolSummary, "nothing agreed yet")
        status.protocolVersion = "2026-07-28"
        XCTAssertEqual(status.protocolSummary, "2026-07-28 · http")
        status.protocolVersion = "2025-11-25"
        status.activeTransport = .sseFallback
        XCTAssertEqual(status.protocolSummary, "2025-11-25 · sse (fallback)")
    }

    func testWithoutProbeTheHandshakeIsUsedDirectly() async throws {
        let session = try await makeSession()
        let negotiation = Task {
            try await session.negotiate(clientName: "mcpterm-test", clientVersion: "1.2", probe: false)
        }
        reply(to: try await sent("initialize"), result: Self.initializeResult)
        let negotiated = try await negotiation.value
        XCTAssertEqual(negotiated.era, .handshake)
        XCTAssertFalse(transport.sent.all.contains { $0.contains("server/discover") })
        await session.close()
    }
}

/// Counts the matches a `Recorder.first(where:)` predicate has seen, to wait for the n-th one.
final class MatchCounter: Sendable {
    private let count = Mutex(0)

    func next() -> Int {
        count.withLock { count in
            count += 1
            return count
        }
    }
}
