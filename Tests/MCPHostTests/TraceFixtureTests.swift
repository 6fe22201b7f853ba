import Foundation
import MCP
@testable import MCPHost
import TestSupport
import XCTest

/// The trace of real Python SDK servers (a stdio one and a streamable HTTP one) written to a
/// `--trace` file: every line parses, responses pair with requests and carry a latency, the ring
/// stays bounded, and neither the stdio entry's `env` nor the HTTP entry's headers appear.
final class TraceFixtureTests: XCTestCase {
    private static let envSecret = "env-secret-7f3a9"
    private static let headerSecret = "header-secret-c41d2"
    private var fixtures: [FixtureServer] = []

    override func tearDown() {
        for fixture in fixtures { fixture.stop() }
        fixtures = []
        super.tearDown()
    }

    func testTraceFileOfRealServersPairsRequestsHasLatencyKeepsSecretsOutAndStaysBounded() async throws {
        let http = try FixtureServer(script: "mcp_http_server.py", arguments: ["json", "--token", Self.headerSecret])
        fixtures.append(http)
        var stdio = ServerConfig(name: "fixture", command: FixtureServers.python, args: [FixtureServers.fixtureScript],
                                 env: ["API_TOKEN": Self.envSecret])
        stdio.traceSize = 10
        let web = ServerConfig(name: "web", kind: .http, url: http.baseURL + "/mcp",
                               headers: ["Authorization": "Bearer \(Self.headerSecret)"])
        let path = NSTemporaryDirectory() + "mcpterm-trace-\(UUID().uuidString).jsonl"
        defer { try? FileManager.default.removeItem(atPath: path) }

        let host = ServerHost(configs: [stdio, web], clientVersion: "0.0.1-test")
        host.trace.setFile(try TraceFileWriter(path: path))
        let pump = Task { for await _ in host.events {} }
        await host.start()
        try await waitUntilReady(host, ["fixture", "web"])
        for n in 0..<6 {
            _ = try await host.callTool(qualifiedName: "fixture__echo", arguments: ["text": .string("東京 \(n)")])
        }
        _ = try await host.callTool(qualifiedName: "fixture__fail", arguments: [:])
        _ = try await host.callTool(qualifiedName: "web__echo", arguments: ["text": .string("hi")])
        let log = host.trace.log
        await host.shutdown()
        await pump.value

        let text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertFalse(text.contains(Self.envSecret), "the entry's env never reaches the trace")
        XCTAssertFalse(text.contains(Self.headerSecret), "header values never reach the trace")
        let lines = text.split(separator: "\n")
        XCTAssertGreaterThan(lines.count, 16)
        var objects: [[String: Any]] = []
        for line in lines {
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], String(line))
            for key in ["ts", "server", "dir", "method", "id", "latencyMs", "errorCode", "bytes", "message"] {
                XCTAssertTrue(object.keys.contains(key), "\(key) missing in \(line)")
            }
            objects.append(object)
        }
        // Every tools/call request going out is answered by a response coming in with its id and a latency.
        for server in ["fixture", "web"] {
            let calls = objects.filter { $0["server"] as? String == server && $0["dir"] as? String == "out"
                && $0["method"] as? String == "tools/call" && $0["kind"] as? String == "request" }
            XCTAssertFalse(calls.isEmpty, server)
            for call in calls {
                let id = try XCTUnwrap(call["id"] as? Int)
                let answer = try XCTUnwrap(objects.first { $0["server"] as? String == server && $0["dir"] as? String == "in"
                    && $0["kind"] as? String == "response" && $0["id"] as? Int == id }, "no answer to \(server) \(id)")
                XCTAssertEqual(answer["method"] as? String, "tools/call")
                XCTAssertGreaterThan(answer["latencyMs"] as? Double ?? -1, 0)
                let message = try XCTUnwrap(answer["message"] as? [String: Any])
                XCTAssertEqual(message["id"] as? Int, id)
            }
        }
        XCTAssertTrue(text.contains("東京 5"), "the message is written whole, CJK included")

        XCTAssertEqual(log.records(server: "fixture").count, 10, "traceSize bounds the ring")
        XCTAssertGreaterThan(log.dropped(server: "fixture"), 0)
        let metrics = log.metrics("fixture")
        XCTAssertEqual(metrics.toolCalls, 7)
        XCTAssertEqual(metrics.errors, 1, "fail's result is marked isError")
        XCTAssertEqual(metrics.toolLatency.count, 7)
        XCTAssertNotNil(metrics.toolLatency.percentile(50))
        XCTAssertGreaterThan(log.metrics("web").bytesIn, 0)
    }

    private func waitUntilReady(_ host: ServerHost, _ names: Set<String>) async throws {
        for _ in 0..<600 {
            let statuses = await host.statuses()
            if let failed = statuses.first(where: { if case .failed = $0.state { return true } else { return false } }) {
                throw NSError(domain: "trace", code: 1, userInfo: [NSLocalizedDescriptionKey: "\(failed.name) failed: \(failed.state)"])
            }
            if Set(statuses.filter { $0.state == .ready }.map(\.name)) == names { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw NSError(domain: "trace", code: 2, userInfo: [NSLocalizedDescriptionKey: "servers not ready in 30 s"])
    }
}
