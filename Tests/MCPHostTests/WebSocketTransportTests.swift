import Foundation
import MCP
@testable import MCPHost
import NIOSSL
import TestSupport
import XCTest

/// The WebSocket transport against a real MCP server over WebSocket (`mcp_ws_server.py`: the Python
/// SDK's MCPServer bridged to `websockets`), through `MCPSession` and `ServerHost`.
final class WebSocketTransportTests: XCTestCase {
    private var fixtures: [FixtureServer] = []
    private var sessions: [MCPSession] = []
    private let notifications = Recorder<String>()
    private let traces = Recorder<String>()

    override func tearDown() async throws {
        for session in sessions { await session.close() }
        sessions = []
        for fixture in fixtures { fixture.stop() }
        fixtures = []
    }

    private func startFixture(_ arguments: [String] = []) throws -> FixtureServer {
        let fixture = try FixtureServer(script: "mcp_ws_server.py", arguments: arguments)
        fixtures.append(fixture)
        return fixture
    }

    private func url(_ fixture: FixtureServer) -> String {
        "ws://127.0.0.1:\(fixture.port)/mcp"
    }

    private func session(_ transport: WebSocketTransport, name: String = "ws", timeout: Double = 60) -> MCPSession {
        let notifications = self.notifications
        let traces = self.traces
        let session = MCPSession(
            serverName: name, transport: transport, defaultTimeout: timeout,
            onNotification: { method, _ in notifications.append(method) },
            onRequest: { method, _ in
                guard method == ListRoots.name else { throw MCPError.methodNotFound(method) }
                return .object(["roots": .array([.object(["uri": "file:///work/project", "name": "project"])])])
            },
            onTrace: { direction, json in traces.append("\(direction) \(json)") })
        sessions.append(session)
        return session
    }

    /// A started and initialized session on the fixture.
    private func ready(_ fixture: FixtureServer, headers: [String: String] = [:],
                       maxMessageBytes: Int = WebSocketTransport.defaultMaxMessageBytes) async throws -> MCPSession {
        let transport = WebSocketTransport(name: "ws", url: url(fixture), headers: headers,
                                           maxMessageBytes: maxMessageBytes)
        let session = session(transport)
        try await session.start()
        _ = try await session.initialize(clientName: "mcpterm-tests", clientVersion: "0.0.1")
        return session
    }

    private func text(_ result: CallTool.Result) -> String? {
        guard case .text(let text, _, _)? = result.content.first else { return nil }
        return text
    }

    /// The error `connect()` throws for this transport, or a failure when it connects.
    private func connectError(_ transport: WebSocketTransport) async -> WebSocketTransportError? {
        do {
            try await transport.connect()
            await transport.disconnect()
            XCTFail("the connection must be refused")
        } catch let error as WebSocketTransportError {
            return error
        } catch {
            XCTFail("expected a WebSocketTransportError, got \(error)")
        }
        return nil
    }

    // MARK: - A working server

    func testInitializeListToolsAndEchoCJKTextExactly() async throws {
        let fixture = try startFixture()
        let transport = WebSocketTransport(name: "ws", url: url(fixture))
        let session = session(transport)
        try await session.start()
        let result = try await session.initialize(clientName: "mcpterm-tests", clientVersion: "0.0.1")
        XCTAssertEqual(result.protocolVersion, "2025-11-25")
        XCTAssertEqual(result.serverInfo.name, "ws-fixture")

        let tools = try await session.request(ListTools.self, ListTools.Parameters())
        XCTAssertEqual(Set(tools.tools.map(\.name)),
                       ["echo", "add", "sleep", "log_message", "ask_roots", "close_socket"])

        let cjk = "日本語のテキスト 中文 한국어 🎌 \"quoted\" \\ back/slash\nsecond line"
        let echoed = try await session.request(CallTool.self, .init(name: "echo", arguments: ["text": .string(cjk)]))
        XCTAssertEqual(text(echoed), cjk)
        let sum = try await session.request(CallTool.self, .init(name: "add", arguments: ["a": 2, "b": 40]))
        XCTAssertEqual(text(sum), "42")
    }

    func testLogNotificationArrivesAndServerRequestIsAnswered() async throws {
        let fixture = try startFixture()
        let session = try await ready(fixture)

        let logged = try await session.request(CallTool.self, .init(name: "log_message", arguments: ["text": "heads up"]))
        XCTAssertEqual(text(logged), "logged")
        _ = await notifications.first { $0 == "notifications/message" }

        // The server asks the client for roots (roots/list) in the middle of a tool call.
        let roots = try await session.request(CallTool.self, .init(name: "ask_roots", arguments: [:]))
        XCTAssertEqual(text(roots), "file:///work/project")
        XCTAssertTrue(traces.all.contains { $0.hasPrefix("recv") && $0.contains("roots/list") })
    }

    func testConfiguredHeaderIsSentWithTheUpgrade() async throws {
        let fixture = try startFixture(["--require-header", "X-Token=s3cret-value"])
        let session = try await ready(fixture, headers: ["X-Token": "s3cret-value"])
        let echoed = try await session.request(CallTool.self, .init(name: "echo", arguments: ["text": "in"]))
        XCTAssertEqual(text(echoed), "in")
    }

    func testDisconnectEndsTheReceiveStreamAsClosed() async throws {
        let fixture = try startFixture()
        let transport = WebSocketTransport(name: "ws", url: url(fixture))
        try await transport.connect()
        let stream = await transport.receive()
        await transport.disconnect()
        do {
            for try await _ in stream {}
            XCTFail("the stream must end with an error")
        } catch let error as TransportError {
            XCTAssertEqual(error, .closed(server: "ws"))
        }
        do {
            try await transport.send(Data("{}".utf8))
            XCTFail("sending after disconnect must fail")
        } catch let error as TransportError {
            XCTAssertEqual(error, .closed(server: "ws"))
        }
    }

    // MARK: - How a connection ends

    func testServerKilledMidCallFailsTheCallAtOnceNamingTheServer() async throws {
        let fixture = try startFixture()
        let session = try await ready(fixture)
        let call = Task {
            try await session.request(CallTool.self, .init(name: "sleep", arguments: ["seconds": 600]), timeout: 600)
        }
        _ = await traces.first { $0.hasPrefix("send") && $0.contains("\"sleep\"") }
        fixture.stop()
        do {
            _ = try await call.value
            XCTFail("the call must fail when the server goes away")
        } catch let error as SessionError {
            guard case .closed(let server, let reason) = error else { return XCTFail("got \(error)") }
            XCTAssertEqual(server, "ws")
            XCTAssertTrue(reason.contains("WebSocket"), reason)
            XCTAssertTrue(String(describing: error).contains("server \"ws\""), String(describing: error))
        }
    }

    func testServerCloseFrameCodeAndReasonAreTheFailureReason() async throws {
        let fixture = try startFixture()
        let session = try await ready(fixture)
        do {
            _ = try await session.request(CallTool.self,
                                          .init(name: "close_socket", arguments: ["code": 4001, "reason": "maintenance"]))
            XCTFail("the call must fail when the server closes the socket")
        } catch let error as SessionError {
            guard case .closed(let server, let reason) = error else { return XCTFail("got \(error)") }
            XCTAssertEqual(server, "ws")
            XCTAssertEqual(reason, "I/O error: the server closed the WebSocket with code 4001 (maintenance)")
        }
    }

    func testMessageOverTheSizeLimitEndsTheConnection() async throws {
        let fixture = try startFixture()
        let session = try await ready(fixture, maxMessageBytes: 4096)
        do {
            let big = String(repeating: "x", count: 10_000)
            _ = try await session.request(CallTool.self, .init(name: "echo", arguments: ["text": .string(big)]))
            XCTFail("an answer over the limit must end the connection")
        } catch let error as SessionError {
            guard case .closed(_, let reason) = error else { return XCTFail("got \(error)") }
            XCTAssertEqual(reason, TransportError.messageTooLarge(server: "ws", bytes: 4096).detail)
        }
    }

    // MARK: - Refusals

    func testRefusedConnectionSaysSoAndNamesServerAndURL() async throws {
        let fixture = try startFixture()
        let deadURL = url(fixture)
        fixture.stop()
        let error = await connectError(WebSocketTransport(name: "gone", url: deadURL))
        guard case .connectFailed(let server, let url, let reason)? = error else { return XCTFail("got \(String(describing: error))") }
        XCTAssertEqual(server, "gone")
        XCTAssertEqual(url, deadURL)
        XCTAssertTrue(reason.lowercased().contains("refused"), reason)
    }

    func testServerThatDoesNotChooseTheMcpSubprotocolIsRefused() async throws {
        let fixture = try startFixture(["--reject-subprotocol"])
        let error = await connectError(WebSocketTransport(name: "plain", url: url(fixture)))
        XCTAssertEqual(error, .subprotocolNotAccepted(server: "plain", url: url(fixture), answered: nil))
        XCTAssertEqual(error?.description,
                       "server \"plain\": \(url(fixture)) chose no subprotocol instead of \"mcp\": "
                       + "it does not speak MCP over WebSocket")
    }

    func testMissingHeaderGivesTheStatusWithoutTheQueryOrHeaderValue() async throws {
        let fixture = try startFixture(["--require-header", "X-Token=s3cret-value"])
        let transport = WebSocketTransport(name: "locked", url: url(fixture) + "?token=query-secret",
                                           headers: ["X-Token": "wrong-value"])
        let error = await connectError(transport)
        XCTAssertEqual(error, .upgradeRefused(server: "locked", url: url(fixture), status: 401,
                                              body: "missing or wrong X-Token\n"))
        let message = error?.description ?? ""
        XCTAssertFalse(message.contains("query-secret") || message.contains("wrong-value") || message.contains("s3cret"),
                       message)
    }

    func testNonWebSocketURLIsRejectedBeforeConnecting() async {
        let error = await connectError(WebSocketTransport(name: "odd", url: "http://127.0.0.1:1/mcp?key=k"))
        XCTAssertEqual(error, .invalidURL(server: "odd", url: "http://127.0.0.1:1/mcp"))
    }

    // MARK: - wss://

    private func tlsFixture() throws -> (FixtureServer, certificate: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mcpterm-ws-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        let fixture = try startFixture(["--tls", directory.path])
        return (fixture, directory.appendingPathComponent("cert.pem").path)
    }

    func testSelfSignedCertificateIsRejectedByDefault() async throws {
        let (fixture, _) = try tlsFixture()
        let error = await connectError(WebSocketTransport(name: "tls", url: "wss://localhost:\(fixture.port)/mcp"))
        guard case .handshakeFailed(let server, let url, let reason)? = error else {
            return XCTFail("got \(String(describing: error))")
        }
        XCTAssertEqual(server, "tls")
        XCTAssertEqual(url, "wss://localhost:\(fixture.port)/mcp")
        XCTAssertTrue(reason.contains("certificate") || reason.contains("CERTIFICATE"), reason)
    }

    func testWssWorksWhenTheCertificateIsTrusted() async throws {
        let (fixture, certificate) = try tlsFixture()
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(certificate))
        let transport = WebSocketTransport(name: "tls", url: "wss://localhost:\(fixture.port)/mcp",
                                           tlsConfiguration: tls)
        let session = session(transport, name: "tls")
        try await session.start()
        _ = try await session.initialize(clientName: "mcpterm-tests", clientVersion: "0.0.1")
        let echoed = try await session.request(CallTool.self, .init(name: "echo", arguments: ["text": "über TLS"]))
        XCTAssertEqual(text(echoed), "über TLS")
    }

    // MARK: - Through the host

    func testServerHostConnectsAWebSocketEntryAndRoutesCalls() async throws {
        let fixture = try startFixture()
        let host = ServerHost(configs: [ServerConfig(name: "remote", kind: .ws, url: url(fixture))],
                              clientVersion: "0.0.1-test")
        let events = Recorder<HostEvent>()
        let pump = Task { for await event in host.events { events.append(event) } }
        await host.start()
        let settled = await events.first { event in
            guard case .serverStatus(let status) = event else { return false }
            if case .failed = status.state { return true }
            return status.state == .ready
        }
        guard case .serverStatus(let status) = settled, status.state == .ready else {
            await host.shutdown()
            return XCTFail("the ws server must become ready: \(settled)")
        }
        XCTAssertEqual(status.kind, .ws)
        XCTAssertEqual(status.toolCount, 6)
        let echoed = try await host.callTool(qualifiedName: "remote__echo", arguments: ["text": "漢字 over ws"])
        XCTAssertEqual(text(echoed), "漢字 over ws")
        await host.shutdown()
        await pump.value
        let final = await host.statuses().map(\.state)
        XCTAssertEqual(final, [.stopped])
    }
}
