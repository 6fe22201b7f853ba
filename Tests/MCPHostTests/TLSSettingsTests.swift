import Foundation
import MCP
@testable import MCPHost
import TestSupport
import XCTest

/// `"tls"` of a remote entry against a Python `ssl` server on 127.0.0.1 with a throwaway CA
/// made by `openssl` in the test: the server's certificate trusted through `caFile`, a client
/// certificate accepted where one is required and its absence refused, `insecure` shown, and
/// files that are wrong named with what is wrong.
final class TLSSettingsTests: XCTestCase {
    private var fixtures: [FixtureServer] = []
    private var directory = ""
    private let clock = ManualSessionClock()

    private var certificates: TestCertificates?

    override func setUpWithError() throws {
        try XCTSkipUnless(TestCertificates.opensslAvailable, "openssl is not installed")
        directory = NSTemporaryDirectory() + "mcpterm-tls-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDown() {
        for fixture in fixtures { fixture.stop() }
        fixtures = []
        if !directory.isEmpty { try? FileManager.default.removeItem(atPath: directory) }
        certificates?.remove()
        super.tearDown()
    }

    private func makeCertificates() throws {
        certificates = try TestCertificates()
    }

    /// A certificate file, or a file of this test's own directory.
    private func path(_ name: String) -> String {
        if let certificates, FileManager.default.fileExists(atPath: certificates.path(name)) { return certificates.path(name) }
        return directory + "/" + name
    }

    private func tlsServer(requireClientCertificate: Bool) throws -> FixtureServer {
        var arguments = ["--auth", "none", "--tls-cert", path("server.pem"), "--tls-key", path("server.key")]
        if requireClientCertificate { arguments += ["--client-ca", path("ca.pem")] }
        let server = try FixtureServer(script: "mcp_oauth_server.py", arguments: arguments)
        fixtures.append(server)
        return server
    }

    private func host(_ server: FixtureServer, tls: TLSSettings?) -> (ServerHost, HostWatcher) {
        var config = ServerConfig(name: "tls", kind: .http, url: "https://127.0.0.1:\(server.port)/mcp", heartbeat: 0)
        config.tls = tls
        let lifecycle = LifecycleEnvironment(clock: clock, random: { 0 }, now: { Date(timeIntervalSince1970: 0) })
        let host = ServerHost(configs: [config], clientVersion: "0.0.1-test", lifecycle: lifecycle,
                              authorization: AuthorizationEnvironment(storeDirectory: nil))
        return (host, HostWatcher(host))
    }

    private func failure(_ watcher: HostWatcher) async -> String {
        let status = await watcher.status("tls") { if case .failed = $0.state { true } else { $0.state == .ready } }
        guard case .failed(let reason) = status.state else {
            XCTFail("the server became ready")
            return ""
        }
        return reason
    }

    // MARK: - Tests

    func testMutualTLSWithAPrivateCAConnectsAndAMissingClientCertificateIsRefused() async throws {
        try makeCertificates()
        let server = try tlsServer(requireClientCertificate: true)

        let (host, watcher) = host(server, tls: TLSSettings(caFile: path("ca.pem"), certFile: path("client.pem"),
                                                             keyFile: path("client.key")))
        await host.start()
        let ready = await watcher.ready("tls")
        XCTAssertFalse(ready.insecureTLS)
        let result = try await host.callTool(qualifiedName: "tls__whoami", arguments: [:])
        XCTAssertEqual(result.isError ?? false, false)
        await watcher.shutdown()

        // The same CA, no client certificate: the server refuses the handshake.
        let (bare, bareWatcher) = self.host(server, tls: TLSSettings(caFile: path("ca.pem")))
        await bare.start()
        let reason = await failure(bareWatcher)
        XCTAssertTrue(reason.contains("https://127.0.0.1:\(server.port)/mcp"), reason)
        await bareWatcher.shutdown()
    }

    func testWithoutTheCAFileTheServerIsNotTrustedAndInsecureConnectsLoudly() async throws {
        try makeCertificates()
        let server = try tlsServer(requireClientCertificate: false)

        let (system, systemWatcher) = host(server, tls: nil)
        await system.start()
        let reason = await failure(systemWatcher)
        XCTAssertTrue(reason.lowercased().contains("certificate"), reason)
        await systemWatcher.shutdown()

        let (insecure, watcher) = host(server, tls: TLSSettings(insecure: true))
        await insecure.start()
        let ready = await watcher.ready("tls")
        XCTAssertTrue(ready.insecureTLS, "the pane is told")
        let warning = await watcher.log { $0.server == "tls" && $0.level == .warning }
        XCTAssertTrue(warning.message.contains("verification is OFF"), warning.message)
        await watcher.shutdown()
    }

    func testFilesThatAreWrongAreNamedWithWhatIsWrongBeforeConnecting() throws {
        try "not a certificate\n".write(toFile: path("junk.pem"), atomically: true, encoding: .utf8)
        try "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n"
            .write(toFile: path("locked.key"), atomically: true, encoding: .utf8)
        try "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
            .write(toFile: path("only-cert.pem"), atomically: true, encoding: .utf8)

        XCTAssertEqual(TLSSettings(caFile: path("missing.pem")).problem(),
                       "\"tls.caFile\": \(path("missing.pem")) does not exist")
        XCTAssertEqual(TLSSettings(caFile: directory).problem(),
                       "\"tls.caFile\": \(directory) is a directory, not a PEM file")
        XCTAssertEqual(TLSSettings(caFile: path("junk.pem")).problem(),
                       "\"tls.caFile\": \(path("junk.pem")) holds no PEM certificate (-----BEGIN CERTIFICATE-----)")
        XCTAssertTrue(TLSSettings(certFile: path("only-cert.pem"), keyFile: path("locked.key")).problem()?
            .contains("is encrypted") ?? false)
        XCTAssertEqual(TLSSettings(certFile: path("only-cert.pem")).problem(),
                       "\"tls.keyFile\" is missing: \(path("only-cert.pem")) holds no private key")
        XCTAssertNil(TLSSettings(caFile: path("only-cert.pem"), insecure: false).problem())
    }

    func testABadFileFailsTheServerWithTheFileNamedAndNoRetry() async throws {
        let server = try FixtureServer(script: "mcp_oauth_server.py", arguments: ["--auth", "none"])
        fixtures.append(server)
        let (host, watcher) = host(server, tls: TLSSettings(caFile: path("nope.pem")))
        await host.start()
        let status = await watcher.status("tls") { if case .failed = $0.state { true } else { false } }
        XCTAssertEqual(status.state, .failed("\"tls.caFile\": \(path("nope.pem")) does not exist"))
        XCTAssertNil(status.health.retry, "a file problem is not retried by itself")
        await watcher.shutdown()
    }
}
