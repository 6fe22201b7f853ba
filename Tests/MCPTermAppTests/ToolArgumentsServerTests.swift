import ChatCore
import Foundation
import LLM
import MCP
import MCPHost
import TestSupport
import XCTest

/// Tool arguments reach a real server exactly as the model wrote them.
final class ToolArgumentsServerTests: XCTestCase {
    func testADataURLStringArrivesAtTheServerUnchanged() async throws {
        let root = FixtureServer.packageRoot.path
        let host = ServerHost(configs: [
            ServerConfig(name: "fixture", command: root + "/.venv/bin/python",
                         args: [root + "/Tests/Fixtures/mcp_fixture_server.py"]),
        ], clientVersion: "0.0.1-test")
        // Waits on the host's events until the catalog holds the server's tools (or it failed).
        let ready = Task { () -> [QualifiedTool] in
            for await event in host.events {
                switch event {
                case .toolsChanged:
                    let tools = await host.tools()
                    if !tools.isEmpty { return tools }
                case .serverStatus(let status):
                    if case .failed(let reason) = status.state { XCTFail(reason); return [] }
                default: break
                }
            }
            return []
        }
        await host.start()
        let tools = await ready.value
        let pump = Task { for await _ in host.events {} }
        let catalog = ToolCatalog(tools)
        let written = #"{"text":"data:text/plain,hi 東京"}"#
        let record = AgentLoop.record(for: ToolCall(id: "c1", name: "fixture__echo", arguments: written), catalog: catalog)
        let target = try XCTUnwrap(record.target)
        let result = try await host.callTool(target, arguments: record.arguments)
        guard case .text(let text, _, _)? = result.content.first else { return XCTFail("no text: \(result)") }
        XCTAssertEqual(text, "data:text/plain,hi 東京")
        await host.shutdown()
        await pump.value
    }
}
