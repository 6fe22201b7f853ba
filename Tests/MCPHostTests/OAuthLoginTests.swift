import Foundation
import HTTPStreaming
import MCP
@testable import MCPHost
import Synchronization
import TestSupport
import XCTest

/// OAuth 2.1 login against a real authorization server and MCP resource server on 127.0.0.1
/// (`mcp_oauth_server.py`): discovery, registration, PKCE, `state`, `iss`, `resource`, tokens
/// stored 0600 and reused, refresh before expiry and on 401, step-up on 403, logout. The
/// "browser" is the test: it GETs the authorization URL and hands the redirect to mcpterm's
/// loopback listener.
final class OAuthLoginTests: XCTestCase {
    private var fixtures: [FixtureServer] = []
    private var directories: [String] = []
    /// The time tokens expire by; moved by hand.
    let now = MovableDate()

    final class MovableDate: Sendable {
        private let value = Mutex(Date(timeIntervalSince1970: 1_900_000_000))
        var date: Date { value.withLock { $0 } }
        func advance(by seconds: TimeInterval) { value.withLock { $0 += seconds } }
    }

    override func tearDown() {
        for fixture in fixtures { fixture.stop() }
        for directory in directories { try? FileManager.default.removeItem(atPath: directory) }
        fixtures = []
        directories = []
        super.tearDown()
    }

    // MARK: - Harness

    private func fixture(_ arguments: [String] = []) throws -> FixtureServer {
        let server = try FixtureServer(script: "mcp_oauth_server.py", arguments: arguments)
        fixtures.append(server)
        return server
    }

    private func storeDirectory() -> String {
        let path = NSTemporaryDirectory() + "mcpterm-oauth-\(UUID().uuidString)"
        directories.append(path)
        return path
    }

    private func config(_ fixture: FixtureServer, name: String = "secure") -> ServerConfig {
        ServerConfig(name: name, kind: .http, url: fixture.baseURL + "/mcp", heartbeat: 0)
    }

    private func host(_ configs: [ServerConfig], store: String) -> (ServerHost, HostWatcher) {
        let now = self.now
        let host = ServerHost(configs: configs, clientVersion: "0.0.1-test",
                              authorization: AuthorizationEnvironment(storeDirectory: store,
                                                                      now: { now.date }))
        return (host, HostWatcher(host))
    }

    /// The browser: follows the authorization URL to the authorization server's redirect and
    /// returns where it points (mcpterm's listener), without going there.
    private func authorize(_ url: String) async throws -> String {
        let (head, _) = try await HTTPClient.shared.send(HTTPRequest(url: url))
        guard head.status == 302, let location = head.headers["location"] else {
            XCTFail("the authorization server answered \(head.status), not a redirect")
            return ""
        }
        return location
    }

    /// The browser arrives at the redirect (mcpterm's loopback listener).
    private func arrive(_ location: String) async throws {
        let (head, body) = try await HTTPClient.shared.send(HTTPRequest(url: location))
        XCTAssertEqual(head.status, 200)
        XCTAssertTrue(String(decoding: body, as: UTF8.self).contains("mcpterm received the answer"))
    }

    /// What the fixture was asked, in order.
    private func requests(_ fixture: FixtureServer) async throws -> [[String: Any]] {
        let (_, body) = try await HTTPClient.shared.send(HTTPRequest(url: fixture.baseURL + "/test/log"))
        let object = try JSONSerialization.jsonObject(with: body) as? [String: Any]
        return (object?["log"] as? [[String: Any]] ?? []).filter { ($0["path"] as? String) != "/test/log" }
    }

    private func post(_ fixture: FixtureServer, _ path: String) async throws {
        _ = try await HTTPClient.shared.send(HTTPRequest(url: fixture.baseURL + path, method: "POST", body: Data()))
    }

    private func loginStarted(_ watcher: HostWatcher, after: Int) async -> String {
        let found = await watcher.seen.first { item in
            if item.index >= after, case .loginStarted = item.event { return true }
            if item.index >= after, case .loginFinished = item.event { return true }
            return false
        }
        switch found.event {
        case .loginStarted(_, let url): return url
        case .loginFinished(_, let error): XCTFail("the login ended before it started: \(error ?? "")")
        default: break
        }
        return ""
    }

    private func loginFinished(_ watcher: HostWatcher, after: Int) async -> String? {
        let found = await watcher.seen.first { item in
            if item.index >= after, case .loginFinished = item.event { return true }
            return false
        }
        guard case .loginFinished(_, let error) = found.event else { return "no event" }
        return error
    }

    private func needsLogin(_ watcher: HostWatcher, _ name: String = "secure", after: Int = 0) async -> String {
        let status = await watcher.status(name, after: after) { if case .needsLogin = $0.state { true } else { false } }
        guard case .needsLogin(let reason) = status.state else { return "" }
        XCTAssertNil(status.health.retry, "a server that needs login is not retried by itself")
        return reason
    }

    /// A whole login: start it, follow the browser, wait for the server to be ready.
    private func logIn(_ host: ServerHost, _ watcher: HostWatcher, name: String = "secure") async throws -> String {
        let mark = watcher.mark
        await host.login(server: name)
        let url = await loginStarted(watcher, after: mark)
        try await arrive(try await authorize(url))
        let finished = await watcher.seen.first { item in
            if item.index >= mark, case .loginFinished = item.event { return true }
            return false
        }
        guard case .loginFinished(_, let error) = finished.event else { return url }
        XCTAssertNil(error)
        // Ready again after the login (a server that was ready reconnects with the new token).
        _ = await watcher.ready(name, after: finished.index)
        return url
    }

    private func query(_ url: String) -> [String: String] {
        let items = URLComponents(string: url)?.queryItems ?? []
        return Dictionary(items.map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { first, _ in first })
    }

    private func text(_ result: CallTool.Result) -> String {
        if case .text(let text, _, _)? = result.content.first { return text }
        return ""
    }

    // MARK: - Tests

    func testA401MeansNeedsLoginAndALoginWithDiscoveryRegistrationPKCEAndResourceConnects() async throws {
        let server = try fixture()
        let store = storeDirectory()
        let (host, watcher) = host([config(server)], store: store)
        await host.start()
        let reason = await needsLogin(watcher)
        XCTAssertTrue(reason.contains("401"), reason)

        let url = try await logIn(host, watcher)
        let asked = query(url)
        XCTAssertTrue(url.hasPrefix(server.baseURL + "/authorize?"), url)
        XCTAssertEqual(asked["response_type"], "code")
        XCTAssertEqual(asked["code_challenge_method"], "S256")
        XCTAssertEqual(asked["code_challenge"]?.count, 43, "base64url of a SHA-256")
        XCTAssertEqual(asked["resource"], server.baseURL + "/mcp")
        XCTAssertEqual(asked["scope"], "mcp:tools offline_access", "the challenge's scope, and a refresh token")
        XCTAssertTrue(asked["client_id"]?.hasPrefix("dyn-") ?? false, "dynamically registered")
        XCTAssertTrue(asked["redirect_uri"]?.hasPrefix("http://127.0.0.1:") ?? false)
        XCTAssertGreaterThanOrEqual(asked["state"]?.count ?? 0, 20)

        let seen = try await requests(server)
        let wellKnown = seen.filter { ($0["path"] as? String)?.contains(".well-known") ?? false }.map { $0["path"] as? String }
        XCTAssertEqual(wellKnown, ["/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-authorization-server"],
                       "the 401's resource_metadata, then RFC 8414 at the issuer")
        let registration = seen.first { ($0["path"] as? String) == "/register" }?["json"] as? [String: Any]
        XCTAssertEqual(registration?["application_type"] as? String, "native")
        XCTAssertEqual(registration?["token_endpoint_auth_method"] as? String, "none")
        let token = seen.first { ($0["path"] as? String) == "/token" }?["form"] as? [String: String]
        XCTAssertEqual(token?["grant_type"], "authorization_code")
        XCTAssertEqual(token?["resource"], server.baseURL + "/mcp", "resource in the token request too")
        XCTAssertEqual(token?["code_verifier"]?.count, 64)

        let result = try await host.callTool(qualifiedName: "secure__whoami", arguments: [:])
        XCTAssertTrue(text(result).hasPrefix("client dyn-"), text(result))

        // The token file: 0600, in a 0700 directory, holding the token the server saw; never logged.
        let after = try await requests(server)
        guard let bearer = after.last(where: { ($0["path"] as? String) == "/mcp" })?["authorization"] as? String else {
            return XCTFail("no bearer token reached the server")
        }
        let accessToken = String(bearer.dropFirst("Bearer ".count))
        let file = store + "/secure.json"
        let attributes = try FileManager.default.attributesOfItem(atPath: file)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        let directory = try FileManager.default.attributesOfItem(atPath: store)
        XCTAssertEqual((directory[.posixPermissions] as? NSNumber)?.intValue, 0o700)
        XCTAssertTrue(try String(contentsOfFile: file, encoding: .utf8).contains(accessToken))
        for case .log(let entry) in watcher.seen.all.map(\.event) {
            XCTAssertFalse(entry.message.contains(accessToken), "a token in the log: \(entry.message)")
        }
        await watcher.shutdown()

        // A new run uses the stored token: ready without another login.
        let (again, againWatcher) = self.host([config(server)], store: store)
        await again.start()
        _ = await againWatcher.ready("secure")
        let whoami = try await again.callTool(qualifiedName: "secure__whoami", arguments: [:])
        XCTAssertTrue(text(whoami).hasPrefix("client dyn-"))
        let authorizations = try await requests(server).filter { ($0["path"] as? String) == "/authorize" }
        XCTAssertEqual(authorizations.count, 1, "no second login")
        await againWatcher.shutdown()
    }

    func testDiscoveryTriesTheWellKnownPathsInTheSpecsOrder() async throws {
        let server = try fixture(["--no-resource-metadata", "--issuer-path", "/tenant1", "--as-metadata", "oidc-appended"])
        let (host, watcher) = host([config(server)], store: storeDirectory())
        await host.start()
        _ = await needsLogin(watcher)
        _ = try await logIn(host, watcher)
        let paths = try await requests(server).compactMap { $0["path"] as? String }.filter { $0.contains(".well-known") }
        XCTAssertEqual(paths, [
            "/.well-known/oauth-protected-resource/mcp",
            "/.well-known/oauth-protected-resource",
            "/.well-known/oauth-authorization-server/tenant1",
            "/.well-known/openid-configuration/tenant1",
            "/tenant1/.well-known/openid-configuration",
        ])
        await watcher.shutdown()
    }

    func testAnAuthorizationServerWithoutPKCES256IsRefusedBeforeAnythingIsRegistered() async throws {
        let server = try fixture(["--no-pkce"])
        let (host, watcher) = host([config(server)], store: storeDirectory())
        await host.start()
        _ = await needsLogin(watcher)
        let mark = watcher.mark
        await host.login(server: "secure")
        let error = await loginFinished(watcher, after: mark)
        XCTAssertTrue(error?.contains("does not support PKCE with S256") ?? false, error ?? "")
        let paths = try await requests(server).compactMap { $0["path"] as? String }
        XCTAssertFalse(paths.contains("/register"))
        XCTAssertFalse(paths.contains("/authorize"))
        await watcher.shutdown()
    }

    func testARedirectWithAnotherStateIsRefusedAndNoTokenIsAskedFor() async throws {
        let server = try fixture()
        let (host, watcher) = host([config(server)], store: storeDirectory())
        await host.start()
        _ = await needsLogin(watcher)
        let mark = watcher.mark
        await host.login(server: "secure")
        let url = await loginStarted(watcher, after: mark)
        let location = try await authorize(url)
        guard var parts = URLComponents(string: location) else { return XCTFail("bad location \(location)") }
        parts.queryItems = parts.queryItems?.map { $0.name == "state" ? URLQueryItem(name: "state", value: "forged") : $0 }
        try await arrive(parts.string ?? "")
        let error = await loginFinished(watcher, after: mark)
        XCTAssertTrue(error?.contains("state does not match") ?? false, error ?? "")
        let paths = try await requests(server).compactMap { $0["path"] as? String }
        XCTAssertFalse(paths.contains("/token"), "the code is not exchanged")
        _ = await needsLogin(watcher, after: mark)
        await watcher.shutdown()
    }

    func testAnAnswerFromAnotherIssuerOrWithoutTheAdvertisedIssIsRefused() async throws {
        for (mode, expected) in [("wrong", "https://evil.example"), ("missing", "has no iss")] {
            let server = try fixture(["--iss", mode])
            let (host, watcher) = host([config(server)], store: storeDirectory())
            await host.start()
            _ = await needsLogin(watcher)
            let mark = watcher.mark
            await host.login(server: "secure")
            let url = await loginStarted(watcher, after: mark)
            try await arrive(try await authorize(url))
            let error = await loginFinished(watcher, after: mark) ?? ""
            XCTAssertTrue(error.contains(expected), error)
            let paths = try await requests(server).compactMap { $0["path"] as? String }
            XCTAssertFalse(paths.contains("/token"), "\(mode): the code is not exchanged")
            await watcher.shutdown()
        }
    }

    func testTokensAreRefreshedBeforeTheyExpireAndOn401AndARefusedRefreshNeedsLogin() async throws {
        let server = try fixture(["--expires-in", "3600"])
        let (host, watcher) = host([config(server)], store: storeDirectory())
        await host.start()
        _ = await needsLogin(watcher)
        _ = try await logIn(host, watcher)
        func grants() async throws -> [String] {
            try await requests(server).compactMap { ($0["form"] as? [String: String])?["grant_type"] }
        }
        let before = try await grants()
        XCTAssertEqual(before, ["authorization_code"])

        // Within a minute of the expiry: the next request refreshes first.
        now.advance(by: 3600 - 30)
        _ = try await host.callTool(qualifiedName: "secure__whoami", arguments: [:])
        let refreshed = try await grants()
        XCTAssertEqual(refreshed, ["authorization_code", "refresh_token"])
        let refresh = try await requests(server).last { ($0["form"] as? [String: String])?["grant_type"] == "refresh_token" }
        XCTAssertEqual((refresh?["form"] as? [String: String])?["resource"], server.baseURL + "/mcp")

        // The server forgets the access token: the 401 brings a refresh and the call goes through.
        try await post(server, "/test/revoke")
        let result = try await host.callTool(qualifiedName: "secure__whoami", arguments: [:])
        XCTAssertTrue(text(result).hasPrefix("client dyn-"))
        let again = try await grants()
        XCTAssertEqual(again.filter { $0 == "refresh_token" }.count, 2)

        // The refresh token is gone too: the call fails, and the server needs a login.
        let mark = watcher.mark
        try await post(server, "/test/revoke-refresh")
        do {
            _ = try await host.callTool(qualifiedName: "secure__whoami", arguments: [:])
            XCTFail("a call without a usable token went through")
        } catch {
            XCTAssertTrue("\(error)".contains("needs login"), "\(error)")
        }
        let reason = await needsLogin(watcher, after: mark)
        XCTAssertTrue(reason.contains("refused the refresh token"), reason)
        await watcher.shutdown()
    }

    func testA403InsufficientScopeAsksForALoginWithTheUnionOfScopes() async throws {
        let server = try fixture()
        let (host, watcher) = host([config(server)], store: storeDirectory())
        await host.start()
        _ = await needsLogin(watcher)
        _ = try await logIn(host, watcher)
        do {
            _ = try await host.callTool(qualifiedName: "secure__write", arguments: [:])
            XCTFail("the write went through without its scope")
        } catch {
            XCTAssertTrue("\(error)".contains("files:write"), "\(error)")
        }
        let url = try await logIn(host, watcher)
        XCTAssertEqual(query(url)["scope"], "files:write mcp:tools offline_access")
        let written = try await host.callTool(qualifiedName: "secure__write", arguments: [:])
        XCTAssertEqual(text(written), "written")
        await watcher.shutdown()
    }

    func testLogoutForgetsTheTokensAndTheServerNeedsLoginAgain() async throws {
        let server = try fixture()
        let store = storeDirectory()
        let (host, watcher) = host([config(server)], store: store)
        await host.start()
        _ = await needsLogin(watcher)
        _ = try await logIn(host, watcher)
        XCTAssertTrue(FileManager.default.fileExists(atPath: store + "/secure.json"))
        let mark = watcher.mark
        await host.logout(server: "secure")
        _ = await needsLogin(watcher, after: mark)
        XCTAssertFalse(FileManager.default.fileExists(atPath: store + "/secure.json"))
        await watcher.shutdown()
    }

    func testAnOAuthEntryWithoutTokensNeedsLoginBeforeTheServerIsAsked() async throws {
        let server = try fixture()
        var entry = config(server)
        entry.auth = .oauth
        let (host, watcher) = host([entry], store: storeDirectory())
        await host.start()
        let reason = await needsLogin(watcher)
        XCTAssertTrue(reason.contains("\"auth\": \"oauth\""), reason)
        let paths = try await requests(server).compactMap { $0["path"] as? String }
        XCTAssertEqual(paths, [], "nothing was sent to the server")
        _ = try await logIn(host, watcher)
        await watcher.shutdown()
    }

    func testAPreRegisteredConfidentialClientLogsInWithItsSecretAndAPastedRedirect() async throws {
        let server = try fixture(["--client-id", "pre-1", "--client-secret", "s3cr3t", "--no-dcr"])
        var entry = config(server)
        entry.oauth = OAuthClientSettings(clientID: "pre-1", clientSecret: "s3cr3t", scopes: ["mcp:tools"])
        let (host, watcher) = host([entry], store: storeDirectory())
        await host.start()
        _ = await needsLogin(watcher)
        let mark = watcher.mark
        await host.login(server: "secure")
        let url = await loginStarted(watcher, after: mark)
        XCTAssertEqual(query(url)["client_id"], "pre-1")
        XCTAssertEqual(query(url)["scope"], "mcp:tools offline_access")
        // A browser elsewhere: the user pastes the address it landed on.
        let location = try await authorize(url)
        await host.completeLogin(server: "secure", redirect: location)
        let error = await loginFinished(watcher, after: mark)
        XCTAssertNil(error)
        _ = await watcher.ready("secure", after: mark)
        let token = try await requests(server).first { ($0["path"] as? String) == "/token" }
        XCTAssertEqual(token?["basic"] as? String, "Basic " + Data("pre-1:s3cr3t".utf8).base64EncodedString())
        let paths = try await requests(server).compactMap { $0["path"] as? String }
        XCTAssertFalse(paths.contains("/register"))
        // The listener closed with the pasted login: nothing listens there any more.
        do {
            _ = try await HTTPClient.shared.send(HTTPRequest(url: location))
            XCTFail("the listener still answers")
        } catch {
            XCTAssertTrue("\(error)".contains("connect"), "\(error)")
        }
        await watcher.shutdown()
    }

    func testAClientIDMetadataDocumentIsUsedWhereTheServerSupportsThemAndNamedWhenMissing() async throws {
        let server = try fixture(["--cimd", "--no-dcr"])
        var entry = config(server)
        entry.oauth = OAuthClientSettings(clientMetadataURL: "https://mcpterm.example/oauth/client.json")
        let (host, watcher) = host([entry], store: storeDirectory())
        await host.start()
        _ = await needsLogin(watcher)
        let url = try await logIn(host, watcher)
        XCTAssertEqual(query(url)["client_id"], "https://mcpterm.example/oauth/client.json")
        let paths = try await requests(server).compactMap { $0["path"] as? String }
        XCTAssertFalse(paths.contains("/register"))
        await watcher.shutdown()

        // Without a document to name, and no registration endpoint: the message says what to set.
        let (bare, bareWatcher) = self.host([config(server, name: "bare")], store: storeDirectory())
        await bare.start()
        _ = await needsLogin(bareWatcher, "bare")
        let mark = bareWatcher.mark
        await bare.login(server: "bare")
        let error = await loginFinished(bareWatcher, after: mark) ?? ""
        XCTAssertTrue(error.contains("clientMetadataUrl") && error.contains("clientId"), error)
        await bareWatcher.shutdown()
    }
}
