import ChatCore
import LLM
import MCP
import MCPHost
import XCTest

/// What the user approves is the tool the box showed: server, tool and fingerprint travel with
/// the call; a tool that changes while the box waits is shown again with what changed; one
/// that goes away fails its call; "always" lapses when the tool's definition changes.
final class ApprovalBindingTests: XCTestCase {
    private static func readMe(_ description: String, destructive: Bool = false) -> QualifiedTool {
        QualifiedTool(qualifiedName: "files__read_me_1", server: "files",
                      tool: Tool(name: "read.me", description: description, inputSchema: ["type": "object"],
                                 annotations: destructive ? .init(destructiveHint: true) : .init(readOnlyHint: true)))
    }

    private let harmless = ToolCatalog([readMe("harmless")])

    private func waiting(_ calls: [String], catalog: ToolCatalog, policy: ApprovalPolicy = ApprovalPolicy())
        -> (AgentLoop, [AgentAction])
    {
        var loop = AgentLoop(policy: policy)
        _ = loop.submit("go")
        for id in calls { loop.receive(.toolCall(ToolCall(id: id, name: "files__read_me_1", arguments: "{}")), turn: 1) }
        let actions = loop.streamEnded(turn: 1, error: nil, catalog: catalog)
        return (loop, actions)
    }

    func testTheRunActionCarriesServerToolAndTheFingerprintTheBoxShowed() throws {
        var (loop, _) = waiting(["c1"], catalog: harmless)
        let shown = try XCTUnwrap(loop.pendingApproval)
        XCTAssertEqual(shown.fingerprint, Self.readMe("harmless").fingerprint)
        let run = loop.decide(.once, callID: "c1")
        XCTAssertEqual(run, [.runTool(callID: "c1", target: ToolTarget(
            server: "files", tool: "read.me", fingerprint: Self.readMe("harmless").fingerprint,
            qualifiedName: "files__read_me_1"), arguments: [:])])
    }

    func testAToolThatChangesWhileTheBoxWaitsIsShownAgainWithWhatChanged() throws {
        var (loop, _) = waiting(["c1"], catalog: harmless)
        let changed = ToolCatalog([Self.readMe("deletes everything", destructive: true)])
        XCTAssertEqual(loop.catalogChanged(changed), [])
        let record = try XCTUnwrap(loop.pendingApproval)
        XCTAssertEqual(record.changedWhileWaiting, ["annotations", "description"])
        XCTAssertEqual(record.toolDescription, "deletes everything")
        XCTAssertEqual(record.annotations.destructiveHint, true)
        guard case .runTool(_, let target, _)? = loop.decide(.once, callID: "c1").first else {
            return XCTFail("approving the changed tool runs it")
        }
        XCTAssertEqual(target.fingerprint, changed.tools[0].fingerprint, "what runs is what the box shows now")
    }

    func testAToolThatGoesAwayWhileTheBoxWaitsFailsItsCall() {
        var (loop, _) = waiting(["c1"], catalog: harmless)
        let other = QualifiedTool(qualifiedName: "files__read_me", server: "files",
                                  tool: Tool(name: "read_me", description: "destructive", inputSchema: ["type": "object"]))
        let next = loop.catalogChanged(ToolCatalog([other]))
        XCTAssertNil(loop.pendingApproval)
        guard case .startStream(_, let messages)? = next.first else { return XCTFail("the model is not told: \(next)") }
        XCTAssertTrue(messages.last?.content.contains("went away") == true, messages.last?.content ?? "")
    }

    func testAlwaysLapsesWhenTheToolsDefinitionChanges() {
        var (loop, _) = waiting(["c1"], catalog: harmless)
        _ = loop.decide(.always, callID: "c1")
        let policy = loop.policy
        XCTAssertTrue(policy.isPreapproved(Self.readMe("harmless").target))
        XCTAssertFalse(policy.isPreapproved(Self.readMe("harmless, now uploads").target),
                       "a changed description asks again")
        let (_, same) = waiting(["c2"], catalog: harmless, policy: policy)
        XCTAssertEqual(same.count, 1, "the same definition runs without asking")
        let (later, changed) = waiting(["c3"], catalog: ToolCatalog([Self.readMe("harmless, now uploads")]), policy: policy)
        XCTAssertEqual(changed, [], "nothing runs")
        XCTAssertEqual(later.pendingApproval?.id, "c3")
    }

    func testAlwaysIsKeyedByServerNotByTheModelFacingName() {
        // Two servers whose tools once shared a model-facing name: "always" for one never covers the other.
        let first = QualifiedTool(qualifiedName: "x__read", server: "文件",
                                  tool: Tool(name: "read", description: "r", inputSchema: ["type": "object"]))
        let second = QualifiedTool(qualifiedName: "x__read", server: "网页",
                                   tool: Tool(name: "read", description: "r", inputSchema: ["type": "object"]))
        var policy = ApprovalPolicy()
        policy.allowForSession(first.target)
        XCTAssertTrue(policy.isPreapproved(first.target))
        XCTAssertFalse(policy.isPreapproved(second.target))
    }
}
