import Foundation
import MCP
@testable import MCPHost
import TestSupport
import XCTest

/// `x-mcp-header` (MCP 2026-07-28 streamable HTTP): which annotations are valid, how values are
/// sent as `Mcp-Param-*` (checked by the Python SDK 2.x server, which refuses a call whose
/// headers do not match), a `HeaderMismatch` answered by listing the tools again and retrying
/// once, and a tool with an invalid annotation left out with a warning.
final class ToolParameterHeaderTests: XCTestCase {
    private var fixtures: [FixtureServer] = []

    override func tearDown() {
        for fixture in fixtures { fixture.stop() }
        fixtures = []
        super.tearDown()
    }

    private func schema(_ json: String) throws -> Value {
        try JSONCoding.value(from: Data(json.utf8))
    }

    func testAnnotationsOnPropertiesReachedThroughPropertiesAloneAreValid() throws {
        let nested = try schema(#"{"type": "object", "properties": {"region": {"type": "string", "x-mcp-header": "Region"}, "#
                                + #""opts": {"type": "object", "properties": {"dry": {"type": "boolean", "x-mcp-header": "Dry-Run"}}}, "#
                                + #""note": {"type": "string", "default": {"x-mcp-header": "data, not an annotation"}}}}"#)
        guard case .success(let headers) = ToolParameterHeaders.parse(nested) else { return XCTFail("refused") }
        XCTAssertEqual(Set(headers.map(\.name)), ["Region", "Dry-Run"])
        XCTAssertEqual(headers.first { $0.name == "Dry-Run" }?.path, ["opts", "dry"])

        let invalid: [(String, String)] = [
            (#"{"properties": {"tags": {"type": "array", "items": {"type": "string", "x-mcp-header": "Tag"}}}}"#, "not on a property"),
            (#"{"properties": {"a": {"oneOf": [{"type": "string", "x-mcp-header": "A"}]}}}"#, "not on a property"),
            (#"{"x-mcp-header": "Root", "type": "string"}"#, "the schema root"),
            (#"{"properties": {"n": {"type": "number", "x-mcp-header": "N"}}}"#, "not of type string, integer or boolean"),
            (#"{"properties": {"a": {"type": "string", "x-mcp-header": "has space"}}}"#, "not a header name token"),
            (#"{"properties": {"a": {"type": "string", "x-mcp-header": ""}}}"#, "not a header name token"),
            (#"{"properties": {"a": {"type": "string", "x-mcp-header": "Same"}, "b": {"type": "integer", "x-mcp-header": "same"}}}"#,
             "used twice"),
        ]
        for (text, reason) in invalid {
            guard case .failure(let error) = ToolParameterHeaders.parse(try schema(text)) else {
                XCTFail("accepted: \(text)")
                continue
            }
            XCTAssertTrue(error.reason.contains(reason), "\(text): \(error.reason)")
        }
    }

    func testValuesAreSentAsTheSpecEncodesThem() {
        let declared = [ParameterHeader(name: "Region", path: ["region"]), ParameterHeader(name: "Greeting", path: ["greeting"]),
                        ParameterHeader(name: "Text", path: ["text"]), ParameterHeader(name: "Val", path: ["val"]),
                        ParameterHeader(name: "Count", path: ["count"]), ParameterHeader(name: "On", path: ["on"]),
                        ParameterHeader(name: "Gone", path: ["gone"]), ParameterHeader(name: "Null", path: ["null"]),
                        ParameterHeader(name: "Deep", path: ["opts", "deep"])]
        let headers = ToolParameterHeaders.headers(declared, arguments: [
            "region": "us-west1", "greeting": "Hello, 世界", "text": " padded ", "val": "=?base64?literal?=",
            "count": .int(-7), "on": .bool(false), "null": .null, "opts": ["deep": "x"],
        ])
        XCTAssertEqual(headers.map { "\($0.0): \($0.1)" }, [
            "Mcp-Param-Region: us-west1",
            "Mcp-Param-Greeting: =?base64?SGVsbG8sIOS4lueVjA==?=",
            "Mcp-Param-Text: =?base64?IHBhZGRlZCA=?=",
            "Mcp-Param-Val: =?base64?PT9iYXNlNjQ/bGl0ZXJhbD89?=",
            "Mcp-Param-Count: -7",
            "Mcp-Param-On: false",
            "Mcp-Param-Deep: x",
        ], "absent and null values send no header")
    }

    func testParametersTravelAsHeadersAndAHeaderMismatchListsTheToolsAgainAndRetriesOnce() async throws {
        let recordFile = NSTemporaryDirectory() + "mcp-param-\(UUID().uuidString).log"
        defer { try? FileManager.default.removeItem(atPath: recordFile) }
        let fixture = try FixtureServer(script: "mcp_modern_server.py", arguments: ["http", "--record", recordFile])
        fixtures.append(fixture)
        var config = ServerConfig(name: "web", kind: .http, url: fixture.baseURL + "/mcp")
        config.heartbeat = 0
        let host = ServerHost(configs: [config], clientVersion: "0.0.1-test",
                              authorization: AuthorizationEnvironment(storeDirectory: nil))
        let watcher = HostWatcher(host)
        await host.start()
        _ = await watcher.ready("web")

        let found = try await host.callTool(qualifiedName: "web__lookup", arguments: ["region": "東京", "query": "q"])
        XCTAssertEqual(found.isError ?? false, false, "\(found.content)")
        guard case .text(let text, _, _)? = found.content.first else { return XCTFail("no text") }
        XCTAssertEqual(text, "東京: q")

        _ = try await host.callTool(qualifiedName: "web__where", arguments: ["place": "here"])
        _ = try await host.callTool(qualifiedName: "web__annotate_where", arguments: [:])
        let mark = watcher.mark
        let there = try await host.callTool(qualifiedName: "web__where", arguments: ["place": "there"])
        guard case .text(let whereText, _, _)? = there.content.first else { return XCTFail("no text") }
        XCTAssertEqual(whereText, "at there")
        let notice = await watcher.log(after: mark) { $0.message.contains("listed the tools again and retried") }
        XCTAssertEqual(notice.server, "web")
        await watcher.shutdown()

        let posts = try String(contentsOfFile: recordFile, encoding: .utf8).split(separator: "\n").map {
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        let calls = posts.filter { $0["method"] as? String == "tools/call" }
        let params = calls.map { ($0["mcpName"] as? String ?? "", $0["params"] as? [String: String] ?? [:]) }
        XCTAssertEqual(params.first?.1, ["mcp-param-region": "=?base64?5p2x5Lqs?="])
        let whereCalls = params.filter { $0.0 == "where" }.map(\.1)
        XCTAssertEqual(whereCalls, [[:], [:], ["mcp-param-place": "there"]],
                       "before the swap, the refused call, the retry with the header")
        let lists = posts.filter { $0["method"] as? String == "tools/list" }.count
        XCTAssertGreaterThanOrEqual(lists, 2, "listed again after the mismatch")
    }

    func testAToolWithAnInvalidAnnotationIsLeftOutWithAWarning() async throws {
        let fixture = try FixtureServer(script: "mcp_oauth_server.py", arguments: ["--auth", "none", "--bad-header-tool"])
        fixtures.append(fixture)
        let config = ServerConfig(name: "plain", kind: .http, url: fixture.baseURL + "/mcp", heartbeat: 0)
        let host = ServerHost(configs: [config], clientVersion: "0.0.1-test",
                              authorization: AuthorizationEnvironment(storeDirectory: nil))
        let watcher = HostWatcher(host)
        await host.start()
        let ready = await watcher.ready("plain")
        XCTAssertEqual(ready.toolCount, 2)
        let names = await host.tools().map(\.tool.name)
        XCTAssertEqual(names, ["whoami", "write"])
        let warning = await watcher.log { $0.level == .warning && $0.message.contains("\"bad\" left out") }
        XCTAssertTrue(warning.message.contains("invalid x-mcp-header annotation"), warning.message)
        await watcher.shutdown()
    }
}
