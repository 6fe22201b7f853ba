import Foundation
import MCP
@testable import MCPHost
import TestSupport
import XCTest

/// The 2026-07-28 era against real Python SDK 2.3 servers (`Tests/Fixtures/mcp_modern_server.py`,
/// which serves both eras): negotiation, the `_meta` envelope and routing headers on the wire,
/// an `input_required` tool answered through `onRequest`, and `list_changed` arriving through
/// `subscriptions/listen`; plus the fallback to `initialize` for handshake-only servers.
final class ModernEraServerTests: XCTestCase {
    private var fixtures: [FixtureServer] = []

    override func tearDown() {
        for fixture in fixtures { fixture.stop() }
        fixtures = []
        super.tearDown()
    }

    private static var modernScript: String { FixtureServers.packageRoot + "/Tests/Fixtures/mcp_modern_server.py" }

    private func stdioSession(script: String, args: [String] = [], sent: Recorder<String>,
                              notifications: Recorder<String>) -> MCPSession {
        let transport = StdioProcessTransport(name: "modern", command: FixtureServers.python, args: [script] + args,
                                              env: [:], cwd: nil, onStderr: { _ in })
        return MCPSession(
            serverName: "modern", transport: transport, defaultTimeout: 30,
            onNotification: { method, _ in notifications.append(method) },
            onRequest: { method, params in
                guard method == "elicitation/create" else { throw MCPError.methodNotFound(method) }
                XCTAssertEqual(params?.objectValue?["message"], "What is your name?")
                return ["action": "accept", "content": ["name": "Ada"]]
            },
            onTrace: { direction, json in if direction == "send" { sent.append(json) } })
    }

    private func text(_ result: CallTool.Result) -> String? {
        guard case .text(let text, _, _)? = result.content.first else { return nil }
        return text
    }

    func testStdioServerNegotiatesTheStatelessEraAndListsCallsAsksAndFollowsChanges() async throws {
        let sent = Recorder<String>()
        let notifications = Recorder<String>()
        let session = stdioSession(script: Self.modernScript, args: ["stdio"], sent: sent, notifications: notifications)
        try await session.start()
        let negotiated = try await session.negotiate(clientName: "mcpterm-test", clientVersion: "1.0")
        XCTAssertEqual(negotiated.version, "2026-07-28")
        XCTAssertEqual(negotiated.era, .stateless)
        XCTAssertEqual(negotiated.serverInfo, "modern-fixture")
        XCTAssertFalse(sent.all.contains { $0.contains("\"initialize\"") }, "no handshake was needed")

        let listening = await session.listenForChanges(capabilities: negotiated.capabilities)
        XCTAssertTrue(listening, "the fixture's tools can change")
        _ = await notifications.first { $0 == "notifications/subscriptions/acknowledged" }

        let tools = try await session.request(ListTools.self, ListTools.Parameters()).tools.map(\.name)
        XCTAssertEqual(Set(tools), ["echo", "lookup", "where", "annotate_where", "ask_name", "add_greet_tool"])
        let echoed = try await session.request(CallTool.self, CallTool.Parameters(name: "echo", arguments: ["text": "漢字"]))
        XCTAssertEqual(text(echoed), "漢字")
        let call = try XCTUnwrap(sent.all.first { $0.contains("\"tools/call\"") })
        let envelope = try XCTUnwrap(((JSONSerialization.jsonObject(with: Data(call.utf8)) as? [String: Any])?["params"]
            as? [String: Any])?["_meta"] as? [String: Any])
        XCTAssertEqual(envelope["io.modelcontextprotocol/protocolVersion"] as? String, "2026-07-28")
        XCTAssertNotNil(envelope["io.modelcontextprotocol/clientInfo"])
        XCTAssertNotNil(envelope["io.modelcontextprotocol/clientCapabilities"])

        // input_required: the elicitation goes through onRequest, the retry carries the sealed state.
        let greeted = try await session.request(CallTool.self, CallTool.Parameters(name: "ask_name", arguments: [:]))
        XCTAssertEqual(text(greeted), "hello Ada (state round-1)")
        XCTAssertEqual(sent.all.filter { $0.contains("\"ask_name\"") }.count, 2, "asked once, retried once")

        // A change published by the server arrives on the listen stream, through onNotification.
        _ = try await session.request(CallTool.self, CallTool.Parameters(name: "add_greet_tool", arguments: [:]))
        _ = await notifications.first { $0 == "notifications/tools/list_changed" }
        let after = try await session.request(ListTools.self, ListTools.Parameters()).tools.map(\.name)
        XCTAssertTrue(after.contains("greet"), "\(after)")
        await session.close()
    }

    func testHandshakeOnlyStdioServerFallsBackToInitialize() async throws {
        let sent = Recorder<String>()
        let session = stdioSession(script: FixtureServers.rawScript, sent: sent, notifications: Recorder<String>())
        try await session.start()
        let negotiated = try await session.negotiate(clientName: "mcpterm-test", clientVersion: "1.0")
        XCTAssertEqual(negotiated.version, "2025-11-25")
        XCTAssertEqual(negotiated.era, .handshake)
        XCTAssertEqual(negotiated.serverInfo, "raw 1.0")
        XCTAssertTrue(sent.all.first?.contains("server/discover") ?? false, "probed first: \(sent.all)")
        let listening = await session.listenForChanges(capabilities: negotiated.capabilities)
        XCTAssertFalse(listening, "no listen stream in the handshake era")
        let tools = try await session.request(ListTools.self, ListTools.Parameters()).tools
        XCTAssertFalse(tools.isEmpty)
        await session.close()
    }

    func testStreamableHTTPServerIsModernWithRoutingHeadersAndFollowsChangesThroughTheHost() async throws {
        let recordFile = NSTemporaryDirectory() + "mcp-modern-\(UUID().uuidString).log"
        defer { try? FileManager.default.removeItem(atPath: recordFile) }
        let fixture = try FixtureServer(script: "mcp_modern_server.py", arguments: ["http", "--record", recordFile])
        fixtures.append(fixture)
        let host = ServerHost(configs: [ServerConfig(name: "web", kind: .http, url: fixture.baseURL + "/mcp")],
                              clientVersion: "0.0.1-test")
        let (events, pump) = record(host)
        await host.start()
        let status = try await waitUntilReady(events, "web")
        XCTAssertEqual(status.protocolSummary, "2026-07-28 · http")
        XCTAssertEqual(status.serverInfo, "modern-fixture")

        let echoed = try await host.callTool(qualifiedName: "web__echo", arguments: ["text": "über"])
        XCTAssertEqual(text(echoed), "über")
        _ = try await host.callTool(qualifiedName: "web__add_greet_tool", arguments: [:])
        _ = await events.first { event in
            if case .toolsChanged = event { return true }
            return false
        }
        var names = await host.tools().map(\.qualifiedName)
        while !names.contains("web__greet") {
            _ = await events.first { event in
                if case .toolsChanged = event { return true }
                return false
            }
            names = await host.tools().map(\.qualifiedName)
        }
        await host.shutdown()
        await pump.value

        let lines = try String(contentsOfFile: recordFile, encoding: .utf8).split(separator: "\n")
        let posts = try lines.map { try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        XCTAssertEqual(posts.first?["method"] as? String, "server/discover")
        XCTAssertFalse(posts.contains { $0["method"] as? String == "initialize" }, "no handshake: \(posts)")
        for post in posts {
            XCTAssertEqual(post["version"] as? String, "2026-07-28", "\(post)")
            XCTAssertEqual(post["mcpMethod"] as? String, post["method"] as? String, "\(post)")
            let meta = post["meta"] as? [String] ?? []
            XCTAssertTrue(meta.contains("io.modelcontextprotocol/protocolVersion"), "\(post)")
            XCTAssertTrue(meta.contains("io.modelcontextprotocol/clientCapabilities"), "\(post)")
        }
        let echoPost = try XCTUnwrap(posts.first { $0["method"] as? String == "tools/call" })
        XCTAssertEqual(echoPost["mcpName"] as? String, "echo")
        XCTAssertTrue(posts.contains { $0["method"] as? String == "subscriptions/listen" }, "\(posts)")
    }

    func testServersPaneSummaryNamesVersionAndTransportForEachKindOfServer() async throws {
        let legacy = try FixtureServer(script: "mcp_http_server.py", arguments: ["legacy"])
        fixtures.append(legacy)
        let configs = [
            ServerConfig(name: "modern", command: FixtureServers.python, args: [Self.modernScript, "stdio"]),
            ServerConfig(name: "raw", command: FixtureServers.python, args: [FixtureServers.rawScript]),
            ServerConfig(name: "old", kind: .http, url: legacy.baseURL + "/sse"),
        ]
        let host = ServerHost(configs: configs, clientVersion: "0.0.1-test")
        let (events, pump) = record(host)
        await host.start()
        var summaries: [String: String] = [:]
        for name in ["modern", "raw", "old"] {
            summaries[name] = try await waitUntilReady(events, name).protocolSummary
        }
        // The legacy transport is the 2024-11-05 one, but the version shown is what the server
        // answered to `initialize` (the Python SDK accepts 2025-11-25 over it).
        XCTAssertEqual(summaries, ["modern": "2026-07-28 · stdio", "raw": "2025-11-25 · stdio",
                                   "old": "2025-11-25 · sse (fallback)"])
        await host.shutdown()
        await pump.value
    }

    // MARK: - Helpers

    private func record(_ host: ServerHost) -> (Recorder<HostEvent>, Task<Void, Never>) {
        let recorder = Recorder<HostEvent>()
        let task = Task {
            for await event in host.events { recorder.append(event) }
        }
        return (recorder, task)
    }

    /// The first ready status of `name`; a failure fails the test with its reason.
    private func waitUntilReady(_ events: Recorder<HostEvent>, _ name: String) async throws -> ServerStatus {
        let event = await events.first { event in
            guard case .serverStatus(let status) = event, status.name == name else { return false }
            if case .failed = status.state { return true }
            return status.state == .ready
        }
        guard case .serverStatus(let status) = event, status.state == .ready else {
            XCTFail("server \(name) did not become ready: \(event)")
            throw CancellationError()
        }
        return status
    }
}
