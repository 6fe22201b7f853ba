import Foundation
import HTTPStreaming
import MCP
@testable import MCPHost
import TestSupport
import XCTest

/// HTTP servers that send too much, forget the session or drop a stream: a message over
/// `maxMessageBytes` resets the connection naming the server and the limit (JSON body, SSE reply,
/// GET stream, legacy SSE); an HTTP 404 for our session starts a new one at once; a reply stream
/// dropped mid-call is resumed with `Last-Event-ID` (MCP 2025-11-25 basic/transports
/// #resumability-and-redelivery, against the Python SDK's own `close_sse_stream` and an event store).
final class FaultHTTPTests: XCTestCase {
    let clock = ManualSessionClock()
    private var fixtures: [FixtureServer] = []
    private var records: [String] = []

    override func tearDown() {
        for fixture in fixtures { fixture.stop() }
        for record in records { try? FileManager.default.removeItem(atPath: record) }
        fixtures = []
        records = []
        super.tearDown()
    }

    /// The clock never moves unless a test says so: a reconnect after the backoff cannot happen by itself.
    private var lifecycle: LifecycleEnvironment {
        LifecycleEnvironment(clock: clock, random: { 0 }, now: { Date(timeIntervalSince1970: 0) })
    }

    private func start(_ mode: String, record: String? = nil) throws -> FixtureServer {
        var arguments = [mode]
        if let record { arguments += ["--record", record] }
        let fixture = try FixtureServer(script: "mcp_resumable_http_server.py", arguments: arguments)
        fixtures.append(fixture)
        return fixture
    }

    private func failure(_ watcher: HostWatcher, _ name: String, after: Int) async -> (String, ServerHealth) {
        let status = await watcher.status(name, after: after) { status in
            if case .failed = status.state { return status.health.retry != nil }
            return false
        }
        guard case .failed(let reason) = status.state else { return ("", status.health) }
        return (reason, status.health)
    }

    func testAReplyOverTheLimitResetsTheConnectionInEveryHTTPMode() async throws {
        let limit = 64 << 10
        for (mode, kind, path) in [("stream", TransportKind.http, "/mcp"), ("json", .http, "/mcp"), ("legacy", .sse, "/sse")] {
            let fixture = try start(mode)
            let config = ServerConfig(name: "big", kind: kind, url: fixture.baseURL + path, maxMessageBytes: limit)
            let host = ServerHost(configs: [config], clientVersion: "0.0.1-test", lifecycle: lifecycle)
            let watcher = HostWatcher(host)
            await host.start()
            _ = await watcher.ready("big")
            let mark = watcher.mark
            let fits = try await host.callTool(qualifiedName: "big__huge", arguments: ["size": .int(limit / 4)])
            // The text comes twice (content and structuredContent): well under the limit.
            XCTAssertEqual(fits.isError ?? false, false, "\(mode): a reply under the limit passes")
            do {
                _ = try await host.callTool(qualifiedName: "big__huge", arguments: ["size": .int(4 * limit)])
                XCTFail("\(mode): a reply four times the limit must fail the call")
            } catch let error as SessionError {
                XCTAssertEqual(error, .closed(server: "big", reason: "message of more than 65536 bytes, connection dropped"),
                               mode)
            }
            let (reason, health) = await failure(watcher, "big", after: mark)
            XCTAssertTrue(reason.contains("message of more than 65536 bytes"), "\(mode): \(reason)")
            XCTAssertEqual(health.retry?.attempt, 1, "\(mode): the connection is retried")
            let beforeRetry = watcher.mark
            clock.advance(by: 1)
            _ = await watcher.ready("big", after: beforeRetry)
            let echoed = try await host.callTool(qualifiedName: "big__echo", arguments: ["text": "fine again"])
            XCTAssertEqual(echoed.isError ?? false, false, mode)
            await watcher.shutdown()
        }
    }

    func testAServerMessageOverTheLimitOnTheGETStreamResetsTheConnection() async throws {
        let fixture = try start("stream")
        let config = ServerConfig(name: "noisy", kind: .http, url: fixture.baseURL + "/mcp", maxMessageBytes: 64 << 10)
        let host = ServerHost(configs: [config], clientVersion: "0.0.1-test", lifecycle: lifecycle)
        let watcher = HostWatcher(host)
        await host.start()
        _ = await watcher.ready("noisy")
        let mark = watcher.mark
        // The log message goes on the GET stream; the call's own reply may or may not beat the reset.
        _ = try? await host.callTool(qualifiedName: "noisy__huge_on_get", arguments: ["size": .int(1 << 20)])
        let (reason, _) = await failure(watcher, "noisy", after: mark)
        XCTAssertTrue(reason.hasPrefix(#"connection closed: message of more than 65536 bytes"#), reason)
        await watcher.shutdown()
    }

    func testAnExpiredSessionFailsTheCallAndStartsANewSessionAtOnce() async throws {
        let record = NSTemporaryDirectory() + "mcp-expire-\(UUID().uuidString).log"
        records.append(record)
        let fixture = try start("stream", record: record)
        let host = ServerHost(configs: [ServerConfig(name: "exp", kind: .http, url: fixture.baseURL + "/mcp")],
                              clientVersion: "0.0.1-test", lifecycle: lifecycle)
        let watcher = HostWatcher(host)
        await host.start()
        _ = await watcher.ready("exp")
        let mark = watcher.mark

        // The server forgets every session (as after a restart); its streams stay open.
        _ = try await HTTPClient.shared.send(HTTPStreaming.HTTPRequest(url: fixture.baseURL + "/forget", method: "POST"))
        do {
            _ = try await host.callTool(qualifiedName: "exp__echo", arguments: ["text": "hello"])
            XCTFail("a call the server answers 404 must fail")
        } catch {
            XCTAssertTrue("\(error)".contains(#"server "exp""#), "\(error)")
            XCTAssertTrue("\(error)".hasSuffix("answered HTTP 404: the MCP session expired"), "\(error)")
        }

        // A new session without the backoff: the clock never moved, and no retry was planned.
        let next = await watcher.status("exp", after: mark) { $0.state == .ready || $0.health.retry != nil }
        XCTAssertEqual(next.state, .ready)
        XCTAssertNil(next.health.retry)
        let echoed = try await host.callTool(qualifiedName: "exp__echo", arguments: ["text": "again"])
        XCTAssertEqual(echoed.isError ?? false, false)

        let lines = try String(contentsOfFile: record, encoding: .utf8).split(separator: "\n").map(String.init)
        let initializes = lines.filter { $0.hasPrefix("POST /mcp session=- ") }
        XCTAssertEqual(initializes.count, 2, "a second initialize without a session id: \(lines)")
        await watcher.shutdown()
    }

    func testACallWhoseReplyStreamIsDroppedCompletesAfterResumingWithLastEventID() async throws {
        let record = NSTemporaryDirectory() + "mcp-resume-\(UUID().uuidString).log"
        records.append(record)
        let fixture = try start("stream", record: record)
        let host = ServerHost(configs: [ServerConfig(name: "res", kind: .http, url: fixture.baseURL + "/mcp")],
                              clientVersion: "0.0.1-test")
        let watcher = HostWatcher(host)
        await host.start()
        _ = await watcher.ready("res")
        let mark = watcher.mark

        let result = try await host.callTool(qualifiedName: "res__steps", arguments: ["count": 3])
        guard case .text(let text, _, _)? = result.content.first else { return XCTFail("no text: \(result)") }
        XCTAssertEqual(text, "done after 3 steps")
        XCTAssertEqual(result.isError ?? false, false)
        // Step 1 came on the POST's stream; steps 2 and 3 only on the resumed one.
        for step in 1...3 {
            _ = await watcher.log(after: mark) { $0.source == .notification && $0.message == "[steps] step \(step)" }
        }

        let lines = try String(contentsOfFile: record, encoding: .utf8).split(separator: "\n").map(String.init)
        let resumes = lines.filter { $0.hasPrefix("GET /mcp ") && !$0.hasSuffix("last-event-id=-") }
        XCTAssertEqual(resumes.count, 1, "one GET with Last-Event-ID resumed the dropped stream: \(lines)")
        XCTAssertEqual(watcher.states(of: "res", after: mark), [], "the connection itself was never reset")
        await watcher.shutdown()
    }
}
