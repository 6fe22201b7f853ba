import ChatCore
import LLM
import MCP
import MCPHost
@testable import MCPTermApp
import TestSupport
import XCTest

/// The tool budget: servers.json's include/exclude, `/tools off|on` in the session, and what
/// the model gets (the request's tool list, the status bar's count).
final class ToolBudgetTests: XCTestCase {
    private func tool(_ server: String, _ name: String) -> QualifiedTool {
        QualifiedTool(qualifiedName: "\(server)__\(name)", server: server,
                      tool: Tool(name: name, description: "does \(name)", inputSchema: ["type": "object"]))
    }

    func testToolsOffAndOnChangeTheRequestsToolListAndTheStatusBar() throws {
        let app = LoopHarness(width: 120, height: 30)
        app.step(.toolsChanged([tool("git", "status"), tool("git", "commit"), tool("web", "fetch")]))
        XCTAssertTrue(app.screen.last?.contains("tools 3 ~") ?? false, app.screen.last ?? "")
        app.type("/tools off git__c* web")
        app.key(.enter)
        XCTAssertTrue(app.screenText.contains("2 tools off for the model; the model gets 1 tool"), app.screenText)
        XCTAssertTrue(app.screen.last?.contains("tools 1 ~") ?? false, app.screen.last ?? "")
        app.type("hello")
        app.key(.enter)
        let request = try XCTUnwrap(app.effects.reversed().lazy.compactMap { effect -> ChatRequest? in
            if case .streamChat(_, let request) = effect { return request }
            return nil
        }.first)
        XCTAssertEqual(request.tools.map(\.name), ["git__status"])
        app.key(.escape)
        app.type("/tools on web")
        app.key(.enter)
        XCTAssertEqual(app.loop.state.catalog.tools.map(\.qualifiedName), ["git__status", "web__fetch"])
        app.type("/tools")
        app.key(.enter)
        XCTAssertTrue(app.screenText.contains("git: status, commit (off)"), app.screenText)
        app.type("/tools off nothing*")
        app.key(.enter)
        XCTAssertTrue(app.screenText.contains("/tools off: no tool matches \"nothing*\""), app.screenText)
    }

    func testServersJSONIncludeAndExcludeDecideWhichToolsExist() async throws {
        let root = FixtureServer.packageRoot.path
        let data = Data("""
            { "mcpServers": { "f": { "command": "\(root)/.venv/bin/python", "args": ["\(root)/Tests/Fixtures/mcp_fixture_server.py"],
                                     "tools": { "include": ["e*", "a?d", "sleep"], "exclude": ["sleep"] } } } }
            """.utf8)
        let file = ServersFileLoader.parse(data, displayName: "servers.json", environment: [:])
        XCTAssertEqual(file.problems, [])
        let config = try XCTUnwrap(file.servers.first)
        XCTAssertEqual(config.tools, ToolFilter(include: ["e*", "a?d", "sleep"], exclude: ["sleep"]))
        let host = ServerHost(configs: [config], clientVersion: "0.0.1-test")
        let events = Recorder<HostEvent>()
        let pump = Task { for await event in host.events { events.append(event) } }
        await host.start()
        _ = await events.first { event in
            if case .toolsChanged = event { return true }
            return false
        }
        let names = await host.tools().map(\.qualifiedName)
        XCTAssertEqual(Set(names), ["f__echo", "f__add"])
        do {
            _ = try await host.callTool(qualifiedName: "f__sleep", arguments: ["seconds": 0])
            XCTFail("an excluded tool cannot be called")
        } catch let error as HostError {
            XCTAssertEqual(error, .unknownTool(qualifiedName: "f__sleep"))
        }
        await host.shutdown()
        await pump.value
    }
}
