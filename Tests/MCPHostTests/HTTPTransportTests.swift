import Foundation
import HTTPStreaming
import MCP
@testable import MCPHost
import TestSupport
import XCTest

/// The HTTP transports against real Python SDK servers (`Tests/Fixtures/mcp_http_server.py`):
/// streamable HTTP in JSON and SSE reply modes, legacy HTTP+SSE, the fallback between them,
/// an HTTP error status, and a server that dies mid-call.
final class HTTPTransportTests: XCTestCase {
    private static let token = "t0ken-not-for-logs"
    private var fixtures: [FixtureServer] = []

    override func tearDown() {
        for fixture in fixtures { fixture.stop() }
        fixtures = []
        super.tearDown()
    }

    // MARK: - Streamable HTTP

    func testStreamableHTTPWithJSONRepliesListsCallsLogsAndDeletesTheSession() async throws {
        try await checkStreamable(mode: "json")
    }

    func testStreamableHTTPWithSSERepliesListsCallsLogsAndDeletesTheSession() async throws {
        try await checkStreamable(mode: "stream")
    }

    private func checkStreamable(mode: String) async throws {
        let record = NSTemporaryDirectory() + "mcp-http-\(UUID().uuidString).log"
        defer { try? FileManager.default.removeItem(atPath: record) }
        let fixture = try start(mode, record: record)
        let config = ServerConfig(name: "web", kind: .http, url: fixture.baseURL + "/mcp",
                                  headers: ["Authorization": "Bearer \(Self.token)"], timeout: 60)
        // In JSON mode a reply cannot carry notifications; the Python server drops the tool's log.
        let status = try await exercise(config, logArrives: mode != "json")
        XCTAssertEqual(status.kind, .http)
        XCTAssertEqual(status.protocolVersion, "2025-11-25")

        let lines = try String(contentsOfFile: record, encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "POST /mcp session=no version=-", "initialize carries no session yet")
        XCTAssertTrue(lines.dropFirst().allSatisfy { $0.hasSuffix("session=yes version=2025-11-25") },
                      "every later request carries the session id and the version: \(lines)")
        XCTAssertTrue(lines.contains("GET /mcp session=yes version=2025-11-25"), "the GET stream was opened: \(lines)")
        XCTAssertEqual(lines.last, "DELETE /mcp session=yes version=2025-11-25", "shutdown ends the session: \(lines)")
    }

    func testUnknownSessionEndsTheReceiveStreamAsExpired() async throws {
        let fixture = try start("stream")
        let url = fixture.baseURL + "/mcp"
        let auth = ("Authorization", "Bearer \(Self.token)")
        let transport = StreamableHTTPTransport(name: "web", url: url, headers: [auth.0: auth.1])
        try await transport.connect()
        var incoming = await transport.receive().makeAsyncIterator()
        try await transport.send(Data(#"""
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",\#
            "capabilities":{},"clientInfo":{"name":"test","version":"1"}}}
            """#.utf8))
        let first = try await incoming.next()
        XCTAssertTrue(String(decoding: first ?? Data(), as: UTF8.self).contains("\"protocolVersion\""))
        let version = await transport.protocolVersion
        XCTAssertEqual(version, "2025-11-25", "learned from the initialize result")
        try await transport.send(Data(#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#.utf8))
        let sessionID = await transport.sessionID
        let session = try XCTUnwrap(sessionID)

        // The server forgets the session, as after a restart or an idle timeout.
        let delete = HTTPStreaming.HTTPRequest(url: url, method: "DELETE", headers: [auth, ("Mcp-Session-Id", session)])
        _ = try await HTTPClient.shared.send(delete)

        try await transport.send(Data(#"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#.utf8))
        do {
            while try await incoming.next() != nil {}
            XCTFail("the receive stream must end with an error")
        } catch let error as HTTPTransportError {
            XCTAssertEqual(error, .sessionExpired(server: "web", url: url))
            XCTAssertTrue(error.description.contains("HTTP 404"), error.description)
        }
        await transport.disconnect()
    }

    // MARK: - Legacy HTTP+SSE

    func testLegacySSEServerListsCallsAndLogs() async throws {
        let fixture = try start("legacy")
        let config = ServerConfig(name: "web", kind: .sse, url: fixture.baseURL + "/sse",
                                  headers: ["Authorization": "Bearer \(Self.token)"])
        let status = try await exercise(config)
        XCTAssertEqual(status.kind, .sse)
    }

    func testHTTPConfigFallsBackToLegacySSEAndSaysSoInTheLog() async throws {
        let fixture = try start("legacy")
        let config = ServerConfig(name: "web", kind: .http, url: fixture.baseURL + "/sse",
                                  headers: ["Authorization": "Bearer \(Self.token)"])
        var fellBack = false
        _ = try await exercise(config) { events in
            fellBack = events.contains { event in
                guard case .log(let entry) = event else { return false }
                return entry.source == .host && entry.message.contains("fell back to legacy SSE")
            }
        }
        XCTAssertTrue(fellBack, "the host log must say the server fell back to legacy SSE")
    }

    // MARK: - Failures

    func testUnauthorizedServerFailsNamingTheStatusWithoutTheQueryOrToken() async throws {
        let fixture = try start("stream")
        let config = ServerConfig(name: "web", kind: .http, url: fixture.baseURL + "/mcp?key=query-secret",
                                  headers: ["Authorization": "Bearer wrong-secret"])
        let host = ServerHost(configs: [config], clientVersion: "0.0.1-test")
        let (events, pump) = record(host)
        await host.start()
        let failed = await events.first { event in
            guard case .serverStatus(let status) = event, case .failed = status.state else { return false }
            return true
        }
        guard case .serverStatus(let status) = failed, case .failed(let reason) = status.state else {
            return XCTFail("expected a failed status")
        }
        XCTAssertTrue(reason.contains("HTTP 401"), reason)
        XCTAssertTrue(reason.contains("\"web\""), reason)
        XCTAssertTrue(reason.contains(fixture.baseURL + "/mcp"), reason)
        XCTAssertFalse(reason.contains("query-secret"), "query strings may hold secrets: \(reason)")
        XCTAssertFalse(reason.contains("wrong-secret"), "header values are secrets: \(reason)")
        await host.shutdown()
        await pump.value
    }

    func testServerThatDiesMidStreamFailsThePendingCallAtOnce() async throws {
        for mode in ["stream", "json"] {
            let fixture = try start(mode)
            let config = ServerConfig(name: "web", kind: .http, url: fixture.baseURL + "/mcp",
                                      headers: ["Authorization": "Bearer \(Self.token)"], timeout: 120)
            let host = ServerHost(configs: [config], clientVersion: "0.0.1-test")
            let (events, pump) = record(host)
            await host.start()
            try await waitUntilReady(events)
            do {
                _ = try await host.callTool(qualifiedName: "web__die", arguments: [:])
                XCTFail("\(mode): a call whose server died must fail")
            } catch {
                // The 120 s timeout would say "timed out"; the call must fail because the reply broke off.
                XCTAssertFalse("\(error)".contains("timed out"), "\(mode): \(error)")
                XCTAssertTrue("\(error)".contains("web"), "\(mode): the error names the server: \(error)")
            }
            await host.shutdown()
            await pump.value
        }
    }

    // MARK: - Helpers

    private func start(_ mode: String, record: String? = nil) throws -> FixtureServer {
        // These tests are about the handshake era's streamable HTTP (sessions, the GET stream,
        // DELETE); ModernEraServerTests covers the 2026-07-28 era over HTTP.
        var arguments = [mode, "--token", Self.token, "--handshake-only"]
        if let record { arguments += ["--record", record] }
        let fixture = try FixtureServer(script: "mcp_http_server.py", arguments: arguments)
        fixtures.append(fixture)
        return fixture
    }

    /// Connects through `ServerHost`, lists tools, echoes CJK text, receives a log notification
    /// sent during a call (on the call's reply stream) when `logArrives`, and shuts down.
    /// Returns the ready status.
    private func exercise(_ config: ServerConfig, logArrives: Bool = true,
                          inspect: ([HostEvent]) -> Void = { _ in }) async throws -> ServerStatus {
        let host = ServerHost(configs: [config], clientVersion: "0.0.1-test")
        let (events, pump) = record(host)
        await host.start()
        try await waitUntilReady(events)
        let statuses = await host.statuses()
        let status = try XCTUnwrap(statuses.first)
        XCTAssertEqual(status.state, .ready)
        XCTAssertTrue(status.serverInfo?.hasPrefix("http-fixture") ?? false, "\(String(describing: status.serverInfo))")

        let names = await host.tools().map(\.qualifiedName)
        XCTAssertEqual(Set(names), ["web__echo", "web__log_message", "web__die"])

        let text = "漢字かな交じり 🌏 über \"quoted\"\nsecond line"
        let echoed = try await host.callTool(qualifiedName: "web__echo", arguments: ["text": .string(text)])
        guard case .text(let reply, _, _)? = echoed.content.first else { throw XCTSkip("no text content") }
        XCTAssertEqual(reply, text)

        let logged = try await host.callTool(qualifiedName: "web__log_message", arguments: ["text": "警告 from a tool"])
        XCTAssertEqual(logged.isError ?? false, false)
        if logArrives { try await expectToolLog(events) }

        inspect(events.all)
        await host.shutdown()
        await pump.value
        return status
    }

    private func expectToolLog(_ events: Recorder<HostEvent>) async throws {
        let entry = await events.first { event in
            if case .log(let entry) = event { return entry.source == .notification }
            return false
        }
        guard case .log(let log) = entry else { throw XCTSkip("unreachable") }
        XCTAssertEqual(log.message, "[fixture] 警告 from a tool")
        XCTAssertEqual(log.level, .warning)
    }

    private func record(_ host: ServerHost) -> (Recorder<HostEvent>, Task<Void, Never>) {
        let recorder = Recorder<HostEvent>()
        let task = Task {
            for await event in host.events { recorder.append(event) }
        }
        return (recorder, task)
    }

    /// Waits for the first ready or failed status; a failure fails the test with its reason.
    private func waitUntilReady(_ events: Recorder<HostEvent>) async throws {
        let event = await events.first { event in
            guard case .serverStatus(let status) = event else { return false }
            if case .failed = status.state { return true }
            return status.state == .ready
        }
        if case .serverStatus(let status) = event, case .failed(let reason) = status.state {
            XCTFail("server failed: \(reason)")
            throw CancellationError()
        }
    }
}
