import Foundation
import MCPHost
import XCTest

/// The `"auth"`, `"oauth"` and `"tls"` keys of a remote entry: what they become, and what a
/// mistake in them says.
final class ConfigAuthTLSTests: XCTestCase {
    private let env = ["HOME": "/home/u", "SECRET": "s3"]

    private func load(_ entry: String) -> ServersFile {
        let text = "{ \"mcpServers\": {\n  \"r\": " + entry + "\n} }"
        return ServersFileLoader.parse(Data(text.utf8), displayName: "servers.json", environment: env)
    }

    func testAuthOAuthAndTLSKeysAreRead() {
        let file = load(#"{ "url": "https://host/mcp", "auth": "oauth", "oauth": {"clientId": "app", "clientSecret": "${SECRET}", "#
                        + #""scopes": ["a", "b"], "callbackPort": 8765, "clientMetadataUrl": "https://me.example/client.json"}, "#
                        + #""tls": {"caFile": "~/ca.pem", "certFile": "/c.pem", "keyFile": "/c.key", "insecure": false} }"#)
        XCTAssertEqual(file.problems, [])
        let server = file.servers.first
        XCTAssertEqual(server?.auth, .oauth)
        XCTAssertEqual(server?.oauth, OAuthClientSettings(clientID: "app", clientSecret: "s3", scopes: ["a", "b"],
                                                          callbackPort: 8765, clientMetadataURL: "https://me.example/client.json"))
        XCTAssertEqual(server?.tls, TLSSettings(caFile: "/home/u/ca.pem", certFile: "/c.pem", keyFile: "/c.key"))
    }

    func testMistakesSayWhatIsWrongAndWhere() {
        let cases: [(String, String)] = [
            (#"{ "url": "https://h/mcp", "auth": "basic" }"#, #"servers.json:2: server "r": "auth" must be one of auto, oauth, none"#),
            (#"{ "url": "https://h/mcp", "oauth": {"callbackPort": 70000} }"#,
             #"servers.json:2: server "r": "oauth.callbackPort" must be a port number, 1 to 65535"#),
            (#"{ "url": "https://h/mcp", "oauth": {"clientSecret": "x"} }"#,
             #"servers.json:2: server "r": "oauth.clientSecret" needs "oauth.clientId""#),
            (#"{ "url": "https://h/mcp", "oauth": {"clientMetadataUrl": "http://me/c.json"} }"#,
             #"servers.json:2: server "r": "oauth.clientMetadataUrl" must be an https:// URL with a path"#),
            (#"{ "url": "https://h/mcp", "tls": {"insecure": "yes"} }"#, #"servers.json:2: server "r": "tls.insecure" must be true or false"#),
            (#"{ "url": "https://h/mcp", "tls": {"caFile": ""} }"#,
             #"servers.json:2: server "r": "tls.caFile" must be a path (a non-empty string)"#),
        ]
        for (entry, message) in cases {
            XCTAssertEqual(load(entry).problems.map(\.description), [message], entry)
        }
    }

    func testKeysThatDoNotApplyAreWarnedAbout() {
        let stdio = load(#"{ "command": "x", "tls": {"insecure": true}, "auth": "oauth" }"#)
        XCTAssertEqual(stdio.servers.count, 1)
        XCTAssertEqual(Set(stdio.problems.map(\.message)), [
            #""tls" is ignored: it applies only to remote servers"#,
            #""auth" is ignored: OAuth login applies only to "http" (Streamable HTTP) servers"#,
        ])
        let unknown = load(#"{ "type": "ws", "url": "wss://h/mcp", "tls": {"cafile": "/x"} }"#)
        XCTAssertEqual(unknown.problems.map(\.message), [#"unknown key "tls.cafile" is ignored"#])
    }

    func testAnOAuthEntryWarnsThatItsOwnAuthorizationHeaderIsReplaced() {
        let file = load(#"{ "url": "https://h/mcp", "auth": "oauth", "headers": {"authorization": "Bearer x"} }"#)
        XCTAssertEqual(file.servers.count, 1)
        XCTAssertEqual(file.problems.map(\.message),
                       [#""headers": its Authorization is replaced by the OAuth token ("auth": "oauth")"#])
    }
}
