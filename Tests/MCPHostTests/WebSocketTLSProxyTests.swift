import Foundation
import HTTPStreaming
import MCP
@testable import MCPHost
import TestSupport
import XCTest

/// A `ws` entry's `"tls"` (swift-nio-ssl: a private CA, mutual TLS) and the proxy variables
/// (an HTTP CONNECT tunnel), against the Python WebSocket fixture and a stdlib proxy on 127.0.0.1.
final class WebSocketTLSProxyTests: XCTestCase {
    private var fixtures: [FixtureServer] = []
    private var certificates: TestCertificates?
    private let clock = ManualSessionClock()

    override func tearDown() {
        for fixture in fixtures { fixture.stop() }
        fixtures = []
        certificates?.remove()
        super.tearDown()
    }

    private func start(_ script: String, _ arguments: [String] = []) throws -> FixtureServer {
        let fixture = try FixtureServer(script: script, arguments: arguments)
        fixtures.append(fixture)
        return fixture
    }

    private func host(_ config: ServerConfig) -> (ServerHost, HostWatcher) {
        let lifecycle = LifecycleEnvironment(clock: clock, random: { 0 }, now: { Date(timeIntervalSince1970: 0) })
        let host = ServerHost(configs: [config], clientVersion: "0.0.1-test", lifecycle: lifecycle,
                              authorization: AuthorizationEnvironment(storeDirectory: nil))
        return (host, HostWatcher(host))
    }

    private func proxied(_ fixture: FixtureServer, environment: [String: String]) async throws -> String {
        let transport = WebSocketTransport(name: "ws", url: "ws://127.0.0.1:\(fixture.port)/mcp", environment: environment)
        let session = MCPSession(serverName: "ws", transport: transport, defaultTimeout: 30,
                                 onNotification: { _, _ in }, onRequest: { method, _ in throw MCPError.methodNotFound(method) })
        defer { Task { await session.close() } }
        try await session.start()
        let result = try await session.initialize(clientName: "mcpterm-tests", clientVersion: "0.0.1")
        return result.serverInfo.name
    }

    private func targets(_ proxy: FixtureServer) async throws -> [String] {
        let (_, body) = try await HTTPClient.shared.send(HTTPRequest(url: proxy.baseURL + "/log"))
        return try JSONSerialization.jsonObject(with: body) as? [String] ?? []
    }

    func testMutualTLSOverWebSocketWithAPrivateCA() async throws {
        try XCTSkipUnless(TestCertificates.opensslAvailable, "openssl is not installed")
        let certificates = try TestCertificates()
        self.certificates = certificates
        let server = try start("mcp_ws_server.py", ["--tls-cert", certificates.path("server.pem"),
                                                     "--tls-key", certificates.path("server.key"),
                                                     "--client-ca", certificates.path("ca.pem")])
        var config = ServerConfig(name: "wss", kind: .ws, url: "wss://127.0.0.1:\(server.port)/mcp", heartbeat: 0)
        config.tls = TLSSettings(caFile: certificates.path("ca.pem"), certFile: certificates.path("client.pem"),
                                 keyFile: certificates.path("client.key"))
        let (host, watcher) = host(config)
        await host.start()
        _ = await watcher.ready("wss")
        let echoed = try await host.callTool(qualifiedName: "wss__echo", arguments: ["text": "東京"])
        guard case .text(let text, _, _)? = echoed.content.first else { return XCTFail("no text") }
        XCTAssertTrue(text.contains("東京"), text)
        await watcher.shutdown()

        // The same through an https_proxy: TLS runs inside the CONNECT tunnel.
        let proxy = try start("connect_proxy.py")
        let transport = WebSocketTransport(
            name: "wss", url: "wss://127.0.0.1:\(server.port)/mcp",
            tlsConfiguration: try XCTUnwrap(config.tls).nioConfiguration(server: "wss"),
            environment: ["https_proxy": "http://127.0.0.1:\(proxy.port)"])
        let session = MCPSession(serverName: "wss", transport: transport, defaultTimeout: 30,
                                 onNotification: { _, _ in }, onRequest: { method, _ in throw MCPError.methodNotFound(method) })
        try await session.start()
        _ = try await session.initialize(clientName: "mcpterm-tests", clientVersion: "0.0.1")
        await session.close()
        let through = try await targets(proxy)
        XCTAssertEqual(through, ["127.0.0.1:\(server.port)"])

        // A key file that is not a key: the server fails at once, naming the file.
        config.tls?.keyFile = certificates.path("client.pem")
        let (broken, brokenWatcher) = self.host(config)
        await broken.start()
        let status = await brokenWatcher.status("wss") { if case .failed = $0.state { true } else { false } }
        guard case .failed(let reason) = status.state else { return XCTFail("\(status.state)") }
        XCTAssertTrue(reason.contains("\"tls.keyFile\": \(certificates.path("client.pem"))"), reason)
        await brokenWatcher.shutdown()
    }

    func testAWebSocketGoesThroughTheHTTPProxyUnlessNoProxyNamesTheHost() async throws {
        let server = try start("mcp_ws_server.py")
        let proxy = try start("connect_proxy.py")
        let name = try await proxied(server, environment: ["http_proxy": "http://127.0.0.1:\(proxy.port)"])
        XCTAssertFalse(name.isEmpty)
        let through = try await targets(proxy)
        XCTAssertEqual(through, ["127.0.0.1:\(server.port)"])

        _ = try await proxied(server, environment: ["http_proxy": "127.0.0.1:\(proxy.port)", "no_proxy": "localhost,127.0.0.1"])
        let after = try await targets(proxy)
        XCTAssertEqual(after.count, 1, "no_proxy: straight to the server")
    }

    func testAProxyThatWantsCredentialsGetsThemFromTheURLAndSaysSoWithout() async throws {
        let server = try start("mcp_ws_server.py")
        let proxy = try start("connect_proxy.py", ["--require-auth", "ann:p@ss"])
        do {
            _ = try await proxied(server, environment: ["http_proxy": "http://127.0.0.1:\(proxy.port)"])
            XCTFail("the proxy let an unauthenticated tunnel through")
        } catch {
            XCTAssertTrue("\(error)".contains("through the proxy 127.0.0.1:\(proxy.port): the proxy answered HTTP 407"),
                          "\(error)")
        }
        let name = try await proxied(server, environment: ["http_proxy": "http://ann:p%40ss@127.0.0.1:\(proxy.port)"])
        XCTAssertFalse(name.isEmpty)
    }

    func testProxyVariablesFollowCurlsRules() throws {
        let secure = try XCTUnwrap(WebSocketEndpoint("wss://api.example.com/mcp"))
        let plain = try XCTUnwrap(WebSocketEndpoint("ws://api.example.com/mcp"))
        let environment = ["https_proxy": "http://p1:3128", "http_proxy": "p2:8080", "HTTP_PROXY": "http://ignored:1"]
        XCTAssertEqual(try WebSocketProxy.resolve(for: secure, environment: environment, server: "s")?.shown, "p1:3128")
        XCTAssertEqual(try WebSocketProxy.resolve(for: plain, environment: environment, server: "s")?.shown, "p2:8080")
        XCTAssertNil(try WebSocketProxy.resolve(for: plain, environment: ["HTTP_PROXY": "http://x:1"], server: "s"),
                     "HTTP_PROXY is not read, as curl does not")
        XCTAssertEqual(try WebSocketProxy.resolve(for: plain, environment: ["ALL_PROXY": "http://all:9"], server: "s")?.shown,
                       "all:9")
        XCTAssertThrowsError(try WebSocketProxy.resolve(for: secure, environment: ["https_proxy": "socks5://s:1080"],
                                                        server: "s")) { error in
            XCTAssertTrue("\(error)".contains("only http:// proxies are supported"), "\(error)")
        }
        for (noProxy, bypassed) in [("*", true), ("example.com", true), (".example.com", true), ("api.example.com:443", true),
                                    ("other.com, example.org", false), ("ample.com", false), ("", false)] {
            XCTAssertEqual(WebSocketProxy.bypasses("api.example.com", noProxy: noProxy), bypassed, noProxy)
        }
    }
}
