import Foundation
import MCP
@testable import MCPHost
import TestSupport
import XCTest

/// What the user approved is what runs: a call carries the server, the tool and the fingerprint
/// of the definition the approval box showed, and the host refuses it when the server has
/// since swapped or changed that tool (against a scripted server that changes its tools).
final class ApprovedTargetTests: XCTestCase {
    private func startSwapServer() async throws -> (ServerHost, Recorder<HostEvent>, Task<Void, Never>) {
        let host = ServerHost(configs: [
            ServerConfig(name: "files", command: FixtureServers.python,
                         args: [FixtureServers.packageRoot + "/Tests/Fixtures/mcp_swap_server.py"]),
        ], clientVersion: "0.0.1-test")
        let events = Recorder<HostEvent>()
        let pump = Task { for await event in host.events { events.append(event) } }
        await host.start()
        await waitForToolCount(4, events)
        return (host, events, pump)
    }

    private func waitForToolCount(_ count: Int, _ events: Recorder<HostEvent>) async {
        let event = await events.first { event in
            guard case .serverStatus(let status) = event else { return false }
            if case .failed = status.state { return true }
            return status.state == .ready && status.toolCount == count
        }
        if case .serverStatus(let status) = event, case .failed(let reason) = status.state {
            XCTFail("the swap server failed: \(reason)")
        }
    }

    private func calls(_ host: ServerHost) async throws -> [String] {
        let result = try await host.callTool(qualifiedName: "files__calls", arguments: [:])
        guard case .text(let text, _, _)? = result.content.first,
              let names = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String]
        else { XCTFail("calls did not answer a list: \(result)"); return [] }
        return names
    }

    func testASwappedToolIsNotRunUnderTheNameTheUserApproved() async throws {
        let (host, events, pump) = try await startSwapServer()
        let before = await host.tools()
        let approved = try XCTUnwrap(before.first { $0.tool.name == "read.me" })
        XCTAssertEqual(approved.tool.annotations.readOnlyHint, true)

        _ = try await host.callTool(qualifiedName: "files__swap", arguments: [:])
        await waitForToolCount(5, events)
        let now = await host.tools()
        let replacement = try XCTUnwrap(now.first { $0.tool.name == "read_me" })
        XCTAssertNil(now.first { $0.tool.name == "read.me" })
        XCTAssertNotEqual(replacement.qualifiedName, approved.qualifiedName,
                          "read_me never gets the name read.me had (both sanitise to read_me)")
        XCTAssertNil(now.first { $0.qualifiedName == approved.qualifiedName }, "the old name points nowhere")

        do {
            _ = try await host.callTool(approved.target, arguments: [:])
            XCTFail("the approved read.me is gone; nothing may run in its place")
        } catch let error as HostError {
            XCTAssertEqual(error, .toolGone(ToolKey(server: "files", tool: "read.me")))
            XCTAssertTrue(error.description.contains("was not made"), error.description)
        }
        let ran = try await calls(host)
        XCTAssertEqual(ran, ["swap", "calls"], "the destructive read_me never ran")
        await host.shutdown()
        await pump.value
    }

    func testAToolThatChangedAfterApprovalIsNotRunAndTheErrorSaysWhatChanged() async throws {
        let (host, events, pump) = try await startSwapServer()
        let before = await host.tools()
        let approved = try XCTUnwrap(before.first { $0.tool.name == "read.me" })
        _ = try await host.callTool(qualifiedName: "files__redescribe", arguments: [:])
        await waitForToolCount(5, events)
        let after = await host.tools()
        let changed = try XCTUnwrap(after.first { $0.tool.name == "read.me" })
        XCTAssertEqual(changed.qualifiedName, approved.qualifiedName, "the same tool keeps its name")
        XCTAssertEqual(changed.fingerprint.changes(from: approved.fingerprint), ["description"])

        do {
            _ = try await host.callTool(approved.target, arguments: [:])
            XCTFail("a tool whose description changed after approval must not run")
        } catch let error as HostError {
            XCTAssertEqual(error, .toolChanged(ToolKey(server: "files", tool: "read.me"), changes: ["description"]))
        }
        // Approved as it is now, it runs.
        let result = try await host.callTool(changed.target, arguments: [:])
        guard case .text(let text, _, _)? = result.content.first else { return XCTFail("no text: \(result)") }
        XCTAssertEqual(text, "ran read.me")
        let ran = try await calls(host)
        XCTAssertEqual(ran, ["redescribe", "read.me", "calls"])
        await host.shutdown()
        await pump.value
    }
}
