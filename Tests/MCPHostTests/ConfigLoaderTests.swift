import Foundation
import MCPHost
import XCTest

final class ConfigLoaderTests: XCTestCase {
    private let env = ["HOME": "/home/u", "TOKEN": "s3cret"]

    /// Parses `lines` joined by newlines, so a test can name the line each problem should point at.
    private func load(_ lines: [String], env: [String: String]? = nil) -> ServersFile {
        ServersFileLoader.parse(Data(lines.joined(separator: "\n").utf8), displayName: "servers.json", environment: env ?? self.env)
    }

    /// A file with one server `s` whose entry body is `body` (starting on line 3).
    private func loadOne(_ body: [String], env: [String: String]? = nil) -> ServersFile {
        load(["{ \"mcpServers\": {", "  \"ok\": { \"command\": \"true\" },", "  \"s\": {"] + body + ["  }", "} }"], env: env)
    }

    private func messages(_ file: ServersFile) -> [String] { file.problems.map(\.description) }

    // MARK: - A full example

    func testExampleFileLoadsEveryServer() {
        let file = load([
            #"{ "mcpServers": {"#,
            #"    "time": { "command": "uvx", "args": ["mcp-server-time"], "env": {"TZ": "${TZ:-UTC}"}, "cwd": "~/work", "disabled": false,"#,
            #"              "timeout": 60, "alwaysAllow": ["get_current_time"], "roots": ["~/notes"] },"#,
            #"    "remote": { "type": "http", "url": "https://host/mcp", "headers": {"Authorization": "Bearer ${TOKEN}"} },"#,
            #"    "old": { "type": "sse", "url": "http://127.0.0.1:8000/sse" },"#,
            #"    "sock": { "type": "ws", "url": "ws://127.0.0.1:9000/mcp" } } }"#,
        ])
        XCTAssertEqual(file.problems, [])
        XCTAssertNil(file.path)
        XCTAssertEqual(file.servers, [
            ServerConfig(name: "time", kind: .stdio, command: "uvx", args: ["mcp-server-time"], env: ["TZ": "UTC"],
                         cwd: "/home/u/work", timeout: 60, alwaysAllow: ["get_current_time"], roots: ["/home/u/notes"], line: 2),
            ServerConfig(name: "remote", kind: .http, url: "https://host/mcp", headers: ["Authorization": "Bearer s3cret"], line: 4),
            ServerConfig(name: "old", kind: .sse, url: "http://127.0.0.1:8000/sse", line: 5),
            ServerConfig(name: "sock", kind: .ws, url: "ws://127.0.0.1:9000/mcp", line: 6),
        ])
    }

    func testTraceSizeSetsTheServersRingAndABadValueSaysTheRange() {
        let file = loadOne(["    \"command\": \"true\", \"traceSize\": 50"])
        XCTAssertEqual(file.problems, [])
        XCTAssertEqual(file.servers.first { $0.name == "s" }?.traceSize, 50)
        XCTAssertNil(file.servers.first { $0.name == "ok" }?.traceSize, "unset: the default ring")
        XCTAssertEqual(ServerHost.traceCapacities(file.servers), ["s": 50])
        let bad = loadOne(["    \"command\": \"true\", \"traceSize\": 5"])
        XCTAssertEqual(messages(bad).count, 1)
        XCTAssertTrue(messages(bad).first?.contains("a whole number from 10 to 1000000") ?? false, "\(messages(bad))")
    }

    func testMouseIsATopLevelSettingAndAWrongValueIsAWarning() {
        XCTAssertNil(load([#"{ "mcpServers": {} }"#]).mouse, "not said: the app's default")
        let off = load([#"{ "mouse": false,"#, #"  "mcpServers": { "ok": { "command": "true" } } }"#])
        XCTAssertEqual(off.mouse, false)
        XCTAssertEqual(off.problems, [])
        XCTAssertEqual(off.servers.map(\.name), ["ok"])
        let wrong = load([#"{ "mcpServers": { "ok": { "command": "true" } },"#, #"  "mouse": "no" }"#])
        XCTAssertNil(wrong.mouse)
        XCTAssertEqual(messages(wrong), [#"servers.json:2: "mouse" must be true or false (it is ignored)"#])
        XCTAssertEqual(wrong.problems.map(\.isWarning), [true], "a warning: the servers still load and /reload applies")
        XCTAssertEqual(wrong.servers.map(\.name), ["ok"])
    }

    func testLoadFromDiskSetsPathAndMissingFileIsAProblem() throws {
        let path = NSTemporaryDirectory() + "mcpterm-loader-\(UUID().uuidString).json"
        try Data(#"{"mcpServers": {"a": {"url": "http://x"}}}"#.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = ServersFileLoader.load(path: path, displayName: "my.json", environment: [:])
        XCTAssertEqual(file.path, path)
        XCTAssertEqual(file.servers.map(\.name), ["a"])

        let missing = ServersFileLoader.load(path: path + ".gone", displayName: "gone.json", environment: [:])
        XCTAssertEqual(missing.servers, [])
        XCTAssertEqual(missing.problems.count, 1)
        XCTAssertTrue(missing.problems[0].description.hasPrefix("gone.json: cannot read the file: "), missing.problems[0].description)
    }

    // MARK: - Type inference

    func testCommandMeansStdioAndURLMeansHTTP() {
        let file = load([#"{"mcpServers": {"a": {"command": "x"}, "b": {"url": "https://h/mcp"}}}"#])
        XCTAssertEqual(file.servers.map(\.kind), [.stdio, .http])
    }

    func testTypeAliases() {
        let file = load([
            #"{"mcpServers": {"a": {"type": "streamable-http", "url": "http://h"}, "b": {"type": "streamableHttp", "url": "http://h"},"#,
            #"  "c": {"type": "websocket", "url": "wss://h"}, "d": {"type": "stdio", "command": "x"}}}"#,
        ])
        XCTAssertEqual(file.problems, [])
        XCTAssertEqual(file.servers.map(\.kind), [.http, .http, .ws, .stdio])
    }

    func testDefaults() {
        let s = load([#"{"mcpServers": {"a": {"command": "x"}}}"#]).servers[0]
        XCTAssertEqual(s, ServerConfig(name: "a", kind: .stdio, command: "x", timeout: 60, line: 1))
    }

    // MARK: - Errors, with exact text and line

    func testBothCommandAndURL() {
        XCTAssertEqual(messages(loadOne([#"    "command": "x","#, #"    "url": "http://h""#])),
                       [#"servers.json:3: server "s": has both "command" and "url"; give one of them"#])
    }

    func testNeitherCommandNorURL() {
        XCTAssertEqual(messages(loadOne([#"    "args": []"#])),
                       [#"servers.json:3: server "s": needs "command" (a local server) or "url" (a remote one)"#])
    }

    func testUnknownType() {
        XCTAssertEqual(messages(loadOne([#"    "url": "http://h","#, #"    "type": "grpc""#])),
                       [#"servers.json:5: server "s": "type" must be one of "stdio", "http", "sse", "ws" (not "grpc")"#])
    }

    func testTypeNotAString() {
        XCTAssertEqual(messages(loadOne([#"    "url": "http://h", "type": 3"#])),
                       [#"servers.json:4: server "s": "type" must be a string"#])
    }

    func testStdioTypeWithoutCommand() {
        XCTAssertEqual(messages(loadOne([#"    "type": "stdio", "args": []"#])),
                       [#"servers.json:3: server "s": a stdio server needs "command""#])
    }

    func testRemoteTypeWithoutURL() {
        XCTAssertEqual(messages(loadOne([#"    "type": "sse""#])),
                       [#"servers.json:3: server "s": a "sse" server needs "url""#])
    }

    func testCommandMustBeANonEmptyString() {
        XCTAssertEqual(messages(loadOne([#"    "command": """#])),
                       [#"servers.json:4: server "s": "command" must be a non-empty string"#])
        XCTAssertEqual(messages(loadOne([#"    "command":"#, #"      ["x"]"#])),
                       [#"servers.json:5: server "s": "command" must be a non-empty string"#])
    }

    func testArgsMustBeAnArrayOfStrings() {
        XCTAssertEqual(messages(loadOne([#"    "command": "x","#, #"    "args": "a b""#])),
                       [#"servers.json:5: server "s": "args" must be an array of strings"#])
    }

    func testArgsElementOnItsOwnLineIsPointedAt() {
        XCTAssertEqual(messages(loadOne([#"    "command": "x", "args": ["#, #"      "ok","#, #"      7]"#])),
                       [#"servers.json:6: server "s": "args" must be an array of strings"#])
    }

    func testEnvMustBeAnObjectOfStrings() {
        XCTAssertEqual(messages(loadOne([#"    "command": "x", "env": {"PORT": 8000}"#])),
                       [#"servers.json:4: server "s": "env" must be an object of strings"#])
        XCTAssertEqual(messages(loadOne([#"    "command": "x", "env": ["A=1"]"#])),
                       [#"servers.json:4: server "s": "env" must be an object of strings"#])
    }

    func testHeadersMustBeAnObjectOfStrings() {
        XCTAssertEqual(messages(loadOne([#"    "url": "http://h", "headers": {"X-N": true}"#])),
                       [#"servers.json:4: server "s": "headers" must be an object of strings"#])
    }

    func testCwdMustBeAString() {
        XCTAssertEqual(messages(loadOne([#"    "command": "x", "cwd": null"#])),
                       [#"servers.json:4: server "s": "cwd" must be a string"#])
    }

    func testSamplingIsAskAllowOrDenyAndAsksByDefault() {
        XCTAssertEqual(loadOne([#"    "command": "x""#]).servers.last?.sampling, .ask)
        XCTAssertEqual(loadOne([#"    "command": "x", "sampling": "allow""#]).servers.last?.sampling, .allow)
        XCTAssertEqual(loadOne([#"    "command": "x", "sampling": "deny""#]).servers.last?.sampling, .deny)
        for bad in [#""never""#, "true", #""Ask""#] {
            let file = loadOne([#"    "command": "x","#, #"    "sampling": "# + bad])
            XCTAssertEqual(messages(file), [#"servers.json:5: server "s": "sampling" must be one of ask, allow, deny"#], bad)
            XCTAssertEqual(file.servers.map(\.name), ["ok"], "the bad entry is left out")
        }
    }

    func testDisabledMustBeABool() {
        XCTAssertEqual(messages(loadOne([#"    "command": "x", "disabled": "yes""#])),
                       [#"servers.json:4: server "s": "disabled" must be true or false"#])
    }

    func testTimeoutMustBeInItsRange() {
        for (bad, shown) in [("0", " (not 0)"), ("-5", " (not -5)"), ("\"60\"", ""), ("1e19", " (not 1e+19)"),
                             ("86401", " (not 86401)")] {
            XCTAssertEqual(messages(loadOne([#"    "command": "x", "timeout": "# + bad])),
                           [#"servers.json:4: server "s": "timeout" must be a number of seconds from 0.001 to 86400"#
                            + shown], bad)
        }
        XCTAssertEqual(loadOne([#"    "command": "x", "timeout": 2.5"#]).servers.last?.timeout, 2.5)
        XCTAssertEqual(loadOne([#"    "command": "x", "timeout": 86400"#]).servers.last?.timeout, 86400)
    }

    func testShareWorkingDirectoryFalseLeavesOnlyTheConfiguredRoots() {
        let shared = loadOne([#"    "command": "x", "cwd": "/work/proj", "roots": ["/data/東京"]"#]).servers.last
        XCTAssertEqual(shared?.rootList().map(\.uri), ["file:///work/proj", "file:///data/%E6%9D%B1%E4%BA%AC"])
        XCTAssertEqual(shared?.rootPaths(), ["/work/proj", "/data/東京"])
        let kept = loadOne([#"    "command": "x", "shareWorkingDirectory": false, "roots": ["/data"]"#]).servers.last
        XCTAssertEqual(kept?.rootList().map(\.uri), ["file:///data"])
        XCTAssertEqual(loadOne([#"    "command": "x", "shareWorkingDirectory": false"#]).servers.last?.rootList().count, 0)
        XCTAssertEqual(messages(loadOne([#"    "command": "x", "shareWorkingDirectory": "no""#])),
                       [#"servers.json:4: server "s": "shareWorkingDirectory" must be true or false"#])
    }

    func testMaxTimeoutIsReadAndBoundedLikeTimeout() {
        XCTAssertEqual(loadOne([#"    "command": "x""#]).servers.last?.maxTimeout, 600, "ten minutes unless told")
        XCTAssertEqual(loadOne([#"    "command": "x", "maxTimeout": 1800"#]).servers.last?.maxTimeout, 1800)
        XCTAssertEqual(messages(loadOne([#"    "command": "x", "maxTimeout": -1"#])),
                       [#"servers.json:4: server "s": "maxTimeout" must be a number of seconds from 0.001 to 86400 (not -1)"#])
    }

    /// `"heartbeat": 1e19` used to load and then trap (SIGILL) when it became a `Duration`, at
    /// start or on /reload; every number out of its range is now refused with where and why.
    func testHugeAndNegativeNumbersAreRefusedWithTheirRangeAndLine() {
        let heartbeat = #"servers.json:4: server "s": "heartbeat" must be 0 (off) or a number of seconds from 1 to 86400"#
        for (bad, shown) in [("1e19", "1e+19"), ("9.2e18", "9.2e+18"), ("1e308", "1e+308"), ("-1", "-1"),
                             ("0.5", "0.5"), ("-1e-9", "-1e-09"), ("100000", "100000")] {
            let file = loadOne([#"    "command": "x", "heartbeat": "# + bad])
            XCTAssertEqual(messages(file), [heartbeat + " (not \(shown))"], bad)
            XCTAssertEqual(file.servers.map(\.name), ["ok"], "the bad entry is left out, the others load")
        }
        // JSON has no NaN or infinity; a literal past Double's range is a syntax error with its place.
        for bad in ["1e400", "-1e400", "NaN", "Infinity"] {
            let found = messages(loadOne([#"    "command": "x", "heartbeat": "# + bad]))
            XCTAssertEqual(found.count, 1, bad)
            XCTAssertTrue(found.first?.hasPrefix("servers.json:4:") ?? false, "\(bad): \(found)")
        }
        XCTAssertEqual(messages(loadOne([#"    "command": "x", "maxMessageBytes": 1e19"#])),
                       [#"servers.json:4: server "s": "maxMessageBytes" must be a whole number of bytes "#
                        + "from 1024 to 2147483647 (not 1e+19)"])
        XCTAssertEqual(loadOne([#"    "command": "x", "heartbeat": 86400"#]).servers.last?.heartbeat, 86400)
    }

    func testInheritEnvIsABoolOrAListOfNames() {
        XCTAssertEqual(loadOne([#"    "command": "x""#]).servers.last?.inheritEnv, .minimal)
        XCTAssertEqual(loadOne([#"    "command": "x", "inheritEnv": true"#]).servers.last?.inheritEnv, .all)
        XCTAssertEqual(loadOne([#"    "command": "x", "inheritEnv": false"#]).servers.last?.inheritEnv, .minimal)
        XCTAssertEqual(loadOne([#"    "command": "x", "inheritEnv": ["GITHUB_TOKEN", "http_proxy"]"#])
                        .servers.last?.inheritEnv, .names(["GITHUB_TOKEN", "http_proxy"]))
        XCTAssertEqual(messages(loadOne([#"    "command": "x", "inheritEnv": "all""#])),
                       [#"servers.json:4: server "s": "inheritEnv" must be true, false or an array of variable names"#])
        XCTAssertEqual(messages(loadOne([#"    "command": "x","#, #"    "inheritEnv": ["A", 1]"#])),
                       [#"servers.json:5: server "s": "inheritEnv" must be an array of strings"#])
        XCTAssertEqual(messages(loadOne([#"    "command": "x","#, #"    "inheritEnv": ["A=B"]"#])),
                       [#"servers.json:5: server "s": "inheritEnv" names must be non-empty and contain no "=" (not "A=B")"#])
        let remote = loadOne([#"    "url": "http://h", "inheritEnv": true"#])
        XCTAssertEqual(messages(remote), [#"servers.json:4: server "s": "inheritEnv" is ignored: it applies only to local (stdio) servers"#])
    }

    func testAlwaysAllowAndRootsMustBeArraysOfStrings() {
        XCTAssertEqual(messages(loadOne([#"    "command": "x", "alwaysAllow": "all""#])),
                       [#"servers.json:4: server "s": "alwaysAllow" must be an array of strings"#])
        XCTAssertEqual(messages(loadOne([#"    "command": "x", "roots": [{}]"#])),
                       [#"servers.json:4: server "s": "roots" must be an array of strings"#])
    }

    func testURLSchemes() {
        XCTAssertEqual(messages(loadOne([#"    "url": "ftp://h""#])),
                       [#"servers.json:4: server "s": "url" must start with http:// or https://"#])
        XCTAssertEqual(messages(loadOne([#"    "type": "ws", "url": "http://h""#])),
                       [#"servers.json:4: server "s": "url" must start with ws:// or wss://"#])
        XCTAssertEqual(messages(loadOne([#"    "url": 80"#])),
                       [#"servers.json:4: server "s": "url" must be a string"#])
        XCTAssertEqual(loadOne([#"    "url": "HTTPS://h/mcp""#]).problems, [])
    }

    func testURLMustHaveAHost() {
        XCTAssertEqual(messages(loadOne([#"    "url": "http://""#])),
                       [#"servers.json:4: server "s": "url" is not a valid URL with a host"#])
        XCTAssertEqual(messages(loadOne([#"    "url": "${BASE:-http://}/mcp""#])),
                       [#"servers.json:4: server "s": "url" is not a valid URL with a host"#])
    }

    func testHeaderValueWithLineBreakIsRefused() {
        // The value comes from the environment: it must not smuggle in another header.
        let file = loadOne([#"    "url": "http://h", "headers": {"Authorization": "${T}"}"#], env: ["T": "x\r\nX-Evil: 1"])
        XCTAssertEqual(messages(file), [#"servers.json:4: server "s": "headers.Authorization" must not contain line breaks"#])
    }

    func testHeaderNameMustBeAToken() {
        XCTAssertEqual(messages(loadOne([#"    "url": "http://h", "headers": {"Bad Name": "x"}"#])),
                       [#"servers.json:4: server "s": "Bad Name" is not a valid HTTP header name"#])
    }

    func testEnvNameMustNotContainEquals() {
        XCTAssertEqual(messages(loadOne([#"    "command": "x", "env": {"A=B": "x"}"#])),
                       [#"servers.json:4: server "s": "env" names must be non-empty and contain no "=" (not "A=B")"#])
    }

    func testEntryMustBeAnObject() {
        XCTAssertEqual(messages(load(["{\"mcpServers\": {", "  \"s\":", "    \"uvx x\"", "}}"])),
                       [#"servers.json:3: server "s": the entry must be an object"#])
    }

    func testDuplicateKeyInEntry() {
        XCTAssertEqual(messages(loadOne([#"    "command": "x","#, #"    "command": "y""#])),
                       [#"servers.json:5: server "s": "command" is given twice (first at line 4)"#])
    }

    func testDuplicateServerKeepsTheFirst() {
        let file = load(["{\"mcpServers\": {", "  \"a\": {\"command\": \"one\"},", "  \"a\": {\"command\": \"two\"}", "}}"])
        XCTAssertEqual(file.servers.map(\.command), ["one"])
        XCTAssertEqual(messages(file), [#"servers.json:3: server "a": is defined twice (first at line 2); this entry is left out"#])
    }

    // MARK: - Variables

    func testUnsetVariableDisablesThatServer() {
        let file = loadOne([#"    "url": "http://h","#, #"    "headers": {"Authorization": "Bearer ${API_KEY}"}"#])
        XCTAssertEqual(file.servers.map(\.name), ["ok"])
        XCTAssertEqual(messages(file), [
            #"servers.json:5: server "s": "headers.Authorization": ${API_KEY} is not set (give a default with ${API_KEY:-value})"#,
        ])
    }

    func testVariablesExpandInCommandArgsEnvCwdURLAndHeaders() {
        let env = ["HOME": "/h", "BIN": "/opt/bin", "V": "v"]
        let stdio = loadOne([#"    "command": "${BIN}/srv", "args": ["--x=${V}", "$V"], "env": {"A": "${V}"}, "cwd": "${BIN}""#], env: env)
        XCTAssertEqual(stdio.problems, [])
        let s = stdio.servers[1]
        XCTAssertEqual([s.command, s.cwd], ["/opt/bin/srv", "/opt/bin"])
        XCTAssertEqual(s.args, ["--x=v", "$V"])
        XCTAssertEqual(s.env, ["A": "v"])
        let remote = loadOne([#"    "url": "https://${V}.example/mcp", "headers": {"X": "${V}${V}"}"#], env: env)
        XCTAssertEqual(remote.servers[1].url, "https://v.example/mcp")
        XCTAssertEqual(remote.servers[1].headers, ["X": "vv"])
    }

    func testVariableNotExpandedInToolNames() {
        XCTAssertEqual(loadOne([#"    "command": "x", "alwaysAllow": ["${T}"]"#]).servers[1].alwaysAllow, ["${T}"])
    }

    func testTildeExpandsInCommandCwdAndRootsOnly() {
        let s = loadOne([#"    "command": "~/bin/srv", "args": ["~/a"], "cwd": "~", "roots": ["~/n", "file:///x", "a~/b"]"#]).servers[1]
        XCTAssertEqual(s.command, "/home/u/bin/srv")
        XCTAssertEqual(s.args, ["~/a"])
        XCTAssertEqual(s.cwd, "/home/u")
        XCTAssertEqual(s.roots, ["/home/u/n", "file:///x", "a~/b"])
    }

    // MARK: - Isolation of bad entries, warnings, file-level problems

    func testBadEntryDisablesOnlyThatServer() {
        let file = load([
            "{\"mcpServers\": {",
            "  \"a\": {\"command\": \"a\"},",
            "  \"time\": {\"command\": \"uvx\",",
            "    \"args\": \"mcp-server-time\"},",
            "  \"c\": {\"url\": \"http://c\"}",
            "}}",
        ])
        XCTAssertEqual(file.servers.map(\.name), ["a", "c"])
        XCTAssertEqual(messages(file), [#"servers.json:4: server "time": "args" must be an array of strings"#])
        XCTAssertFalse(file.problems[0].isWarning)
        XCTAssertEqual(file.problems[0].server, "time")
    }

    func testUnknownKeyIsAWarningAndTheServerLoads() {
        let file = loadOne([#"    "command": "x","#, #"    "autoApprove": ["t"]"#])
        XCTAssertEqual(file.servers.map(\.name), ["ok", "s"])
        XCTAssertEqual(messages(file), [#"servers.json:5: server "s": unknown key "autoApprove" is ignored"#])
        XCTAssertEqual(file.problems.map(\.isWarning), [true])
    }

    func testKeysForTheOtherKindOfServerAreWarnings() {
        let stdio = loadOne([#"    "command": "x", "headers": {}"#])
        XCTAssertEqual(messages(stdio), [#"servers.json:4: server "s": "headers" is ignored: it applies only to remote servers"#])
        let remote = loadOne([#"    "url": "http://h", "env": {}"#])
        XCTAssertEqual(messages(remote), [#"servers.json:4: server "s": "env" is ignored: it applies only to local (stdio) servers"#])
        XCTAssertEqual(remote.servers.count, 2)
    }

    func testWarningsBeforeAnErrorAreKept() {
        let file = loadOne([#"    "x": 1, "command": 2"#])
        XCTAssertEqual(file.problems.map(\.isWarning), [true, false])
    }

    func testSyntaxErrorGivesOneFileProblemWithLineAndColumn() {
        let file = load(["{\"mcpServers\": {", "  \"a\": {\"command\": \"a\",}", "}}"])
        XCTAssertEqual(file.servers, [])
        XCTAssertEqual(messages(file), ["servers.json:2:24: expected a string key in double quotes, found '}'"])
        XCTAssertEqual(file.problems[0].line, 2)
        XCTAssertEqual(file.problems[0].column, 24)
        XCTAssertNil(file.problems[0].server)
    }

    func testMissingMcpServersIsAFileProblem() {
        XCTAssertEqual(messages(load(["{", "  \"servers\": {}", "}"])), [#"servers.json:1: no "mcpServers" object"#])
    }

    func testMcpServersMustBeAnObject() {
        XCTAssertEqual(messages(load(["{", "  \"mcpServers\":", "    []", "}"])), [#"servers.json:3: "mcpServers" must be an object"#])
    }

    func testTopLevelMustBeAnObject() {
        XCTAssertEqual(messages(load(["[]"])), [#"servers.json:1: the file must hold a JSON object with an "mcpServers" object"#])
    }

    func testOtherTopLevelKeysAreAllowed() {
        let file = load([#"{"globalShortcut": "Ctrl+Space", "mcpServers": {"a": {"command": "x"}}}"#])
        XCTAssertEqual(file.problems, [])
        XCTAssertEqual(file.servers.count, 1)
    }

    func testEmptyServerNameIsAnError() {
        XCTAssertEqual(messages(load([#"{"mcpServers": {"": {"command": "x"}}}"#])),
                       [#"servers.json:1: server "": the server name must not be empty"#])
    }

    func testDisabledServerIsLoadedWithTheFlag() {
        XCTAssertEqual(loadOne([#"    "command": "x", "disabled": true"#]).servers[1].disabled, true)
    }

    // MARK: - "llm" and "models"

    func testTheLLMSectionAndModelProfilesAreReadWithVariablesExpanded() {
        let file = load([
            "{ \"mcpServers\": {},",
            "  \"llm\": { \"provider\": \"anthropic\", \"model\": \"claude-sonnet-4-5\", \"apiKey\": \"${TOKEN}\",",
            "           \"maxTokens\": 2000, \"temperature\": 0.5, \"systemPrompt\": \"短く答えて\", \"contextWindow\": 200000 },",
            "  \"models\": { \"local\": { \"provider\": \"ollama\", \"model\": \"qwen3\", \"baseURL\": \"http://127.0.0.1:11434\" },",
            "              \"fast\": { \"model\": \"claude-haiku-4-5\" } } }",
        ])
        XCTAssertEqual(messages(file), [])
        XCTAssertEqual(file.models.llm, ModelProfile(provider: "anthropic", model: "claude-sonnet-4-5", apiKey: "s3cret",
                                                     maxTokens: 2000, temperature: 0.5, systemPrompt: "短く答えて",
                                                     contextWindow: 200_000))
        XCTAssertEqual(file.models.profiles.map(\.name), ["local", "fast"])
        XCTAssertEqual(file.models.profile(named: "fast")?.over(file.models.llm!).provider, "anthropic")
    }

    func testBadModelSettingsNameTheLineAndSectionAndLeaveItOut() {
        let file = load([
            "{ \"mcpServers\": { \"ok\": { \"command\": \"true\" } },",
            "  \"llm\": { \"model\": \"m\",",
            "           \"temperature\": 7 },",
            "  \"models\": { \"a\": { \"baseURL\": \"localhost:1\" },",
            "              \"b\": { \"model\": \"x\", \"colour\": 1 },",
            "              \"c\": { \"apiKey\": \"${MISSING}\" },",
            "              \"d\": { \"connectTimeout\": 0 },",
            "              \"e\": { \"idleTimeout\": 600, \"connectTimeout\": 3 } } }",
        ])
        XCTAssertEqual(messages(file), [
            #"servers.json:3: "llm"."temperature" must be a number from 0 to 2; "llm" is left out"#,
            #"servers.json:4: "models"."a"."baseURL" must start with http:// or https://; "models"."a" is left out"#,
            #"servers.json:5: unknown key "models"."b"."colour" is ignored"#,
            #"servers.json:6: "models"."c"."apiKey": ${MISSING} is not set (give a default with ${MISSING:-value}); "models"."c" is left out"#,
            #"servers.json:7: "models"."d"."connectTimeout" must be a number of seconds from 0.1 to 86400; "models"."d" is left out"#,
        ])
        XCTAssertEqual(file.models.profile(named: "e"), ModelProfile(connectTimeout: 3, idleTimeout: 600))
        XCTAssertNil(file.models.llm)
        XCTAssertEqual(file.models.profiles.map(\.name), ["b", "e"])
        XCTAssertEqual(file.servers.map(\.name), ["ok"], "the servers load whatever the model settings say")
    }
}
