import Foundation
import MCP
@testable import MCPHost
import TestSupport
import XCTest

/// A streamable HTTP reply stream that the server drops mid-call is resumed with a GET carrying
/// `Last-Event-ID` (MCP 2025-11-25 basic/transports#resumability-and-redelivery), against the
/// Python SDK's own resumability (`close_sse_stream` and an event store in
/// `Tests/Fixtures/mcp_resumable_http_server.py`).
final class ResumeStreamTests: XCTestCase {
    private var fixtures: [FixtureServer] = []
    private var records: [String] = []

    override func tearDown() {
        for fixture in fixtures { fixture.stop() }
        for record in records { try? FileManager.default.removeItem(atPath: record) }
        fixtures = []
        records = []
        super.tearDown()
    }

    func testACallWhoseReplyStreamIsDroppedCompletesAfterResumingWithLastEventID() async throws {
        let record = NSTemporaryDirectory() + "mcp-resume-\(UUID().uuidString).log"
        records.append(record)
        let fixture = try FixtureServer(script: "mcp_resumable_http_server.py", arguments: ["stream", "--record", record])
        fixtures.append(fixture)
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
