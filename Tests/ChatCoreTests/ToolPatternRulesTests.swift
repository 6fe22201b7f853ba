import ChatCore
import LLM
import MCP
import MCPHost
import XCTest

/// `--allow` and `--deny` (`mcpterm -p`): globs on `server__tool`; a deny wins over every allow,
/// `alwaysAllow` included; a call nothing allows waits, and `refuse` ends it with the reason the
/// model is told.
final class ToolPatternRulesTests: XCTestCase {
    private static func tool(_ server: String, _ name: String, qualified: String? = nil) -> QualifiedTool {
        QualifiedTool(qualifiedName: qualified ?? "\(server)__\(name)", server: server,
                      tool: Tool(name: name, description: name, inputSchema: ["type": "object"]))
    }

    private let catalog = ToolCatalog([tool("git", "status"), tool("git", "push"), tool("fs", "read")])

    func testGlobsMatchServerAndToolNames() {
        let status = Self.tool("git", "status").target
        XCTAssertEqual(ToolPatternRules(allow: ["git__*"]).match(status), .allowed(pattern: "git__*"))
        XCTAssertEqual(ToolPatternRules(allow: ["*__stat?s"]).match(status), .allowed(pattern: "*__stat?s"))
        XCTAssertEqual(ToolPatternRules(allow: ["git__[ps]*"]).match(status), .allowed(pattern: "git__[ps]*"))
        XCTAssertNil(ToolPatternRules(allow: ["git__push", "fs__*", "git"]).match(status))
        XCTAssertNil(ToolPatternRules().match(status))
    }

    func testAPatternMatchesTheConfiguredNamesAndTheNameTheModelSees() {
        // A server name with a dot is sanitised for the model: both names match.
        let target = Self.tool("my.git", "status", qualified: "my_git__status").target
        XCTAssertEqual(ToolPatternRules(allow: ["my.git__*"]).match(target), .allowed(pattern: "my.git__*"))
        XCTAssertEqual(ToolPatternRules(allow: ["my_git__*"]).match(target), .allowed(pattern: "my_git__*"))
    }

    func testDenyWinsOverAllowAlwaysAllowAndTheSession() {
        let push = Self.tool("git", "push").target
        var policy = ApprovalPolicy(configAllowed: ["git": ["push"]],
                                    patterns: ToolPatternRules(allow: ["git__*"], deny: ["*__push"]))
        policy.allowForSession(push)
        XCTAssertEqual(policy.verdict(push), .deniedByPattern("*__push"))
        XCTAssertFalse(policy.isPreapproved(push))
        let status = Self.tool("git", "status").target
        XCTAssertEqual(policy.verdict(status), .allowedByPattern("git__*"))
        XCTAssertTrue(policy.isPreapproved(status))
        policy.patterns = ToolPatternRules()
        XCTAssertEqual(policy.verdict(push), .alwaysAllow)
        XCTAssertNil(policy.verdict(Self.tool("fs", "read").target))
    }

    func testAllowedCallsRunAndARefusedOneTellsTheModelWhy() throws {
        var loop = AgentLoop(policy: ApprovalPolicy(patterns: ToolPatternRules(allow: ["git__*"])))
        _ = loop.submit("go")
        loop.receive(.toolCall(ToolCall(id: "a", name: "git__status", arguments: "{}")), turn: 1)
        loop.receive(.toolCall(ToolCall(id: "b", name: "fs__read", arguments: "{}")), turn: 1)
        let actions = loop.streamEnded(turn: 1, error: nil, catalog: catalog)
        XCTAssertEqual(actions, [.runTool(callID: "a", target: catalog.tools[0].target, arguments: [:])])
        XCTAssertEqual(loop.pendingApproval?.id, "b")

        XCTAssertEqual(loop.refuse(callID: "b", reason: "not allowed here"), [], "a still runs")
        XCTAssertNil(loop.pendingApproval)
        guard case .toolCall(let refused)? = loop.transcript.last else { return XCTFail("\(loop.transcript)") }
        XCTAssertEqual(refused.state, .denied)
        XCTAssertEqual(refused.resultText, "not allowed here")
        XCTAssertEqual(loop.messages.last?.content, "Error: not allowed here")
        XCTAssertEqual(loop.refuse(callID: "a", reason: "too late"), [], "a running call is not refused")

        let next = loop.toolFinished(callID: "a", outcome: .result(text: "clean", isError: false))
        guard case .startStream? = next.first else { return XCTFail("the results go to the model: \(next)") }
    }
}
