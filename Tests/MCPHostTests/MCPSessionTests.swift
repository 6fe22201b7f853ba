import Foundation
import MCP
@testable import MCPHost
import TestSupport
import XCTest

final class MCPSessionTests: XCTestCase {
    private struct Trace: Sendable {
        var direction: String
        var json: String
    }

    private let traces = Recorder<Trace>()
    private let notifications = Recorder<String>()
    private var sessions: [MCPSession] = []

    override func tearDown() async throws {
        for session in sessions { await session.close() }
        sessions = []
    }

    private func session(name: String, command: String, args: [String],
                         onRequest: @escaping @Sendable (String, Value?) async throws -> Value = { method, _ in
                             throw MCPError.methodNotFound(method)
                         }) -> MCPSession {
        let traces = self.traces
        let notifications = self.notifications
        let transport = StdioProcessTransport(name: name, command: command, args: args, env: [:], cwd: nil,
                                              onStderr: { _ in })
        let session = MCPSession(serverName: name, transport: transport, defaultTimeout: 30,
                                 onNotification: { method, _ in notifications.append(method) },
                                 onRequest: onRequest,
                                 onTrace: { direction, json in traces.append(Trace(direction: direction, json: json)) })
        sessions.append(session)
        return session
    }

    private func fixture() async throws -> MCPSession {
        let session = session(name: "fixture", command: FixtureServers.python, args: [FixtureServers.fixtureScript])
        try await session.start()
        _ = try await session.initialize(clientName: "mcpterm-tests", clientVersion: "0.0.1")
        return session
    }

    private func raw(_ extraArgs: [String] = [],
                     onRequest: @escaping @Sendable (String, Value?) async throws -> Value = { method, _ in
                         throw MCPError.methodNotFound(method)
                     }) async throws -> MCPSession {
        let session = session(name: "raw", command: FixtureServers.python,
                              args: [FixtureServers.rawScript] + extraArgs, onRequest: onRequest)
        try await session.start()
        return session
    }

    private func text(_ result: CallTool.Result) -> String? {
        guard case .text(let text, _, _)? = result.content.first else { return nil }
        return text
    }

    func testInitializeListAndCallEchoWithCJKText() async throws {
        let session = session(name: "fixture", command: FixtureServers.python, args: [FixtureServers.fixtureScript])
        try await session.start()
        let result = try await session.initialize(clientName: "mcpterm-tests", clientVersion: "0.0.1")
        XCTAssertEqual(result.protocolVersion, "2025-11-25")
        XCTAssertEqual(result.serverInfo.name, "fixture")
        let protocolVersion = await session.protocolVersion
        XCTAssertEqual(protocolVersion, "2025-11-25")

        let tools = try await session.request(ListTools.self, ListTools.Parameters())
        let names = Set(tools.tools.map(\.name))
        XCTAssertTrue(names.isSuperset(of: ["echo", "add", "fail", "sleep", "stderr_line", "log_message"]), "\(names)")

        let cjk = "日本語のテキスト 中文 한국어 🎌 \"quoted\" \\ back/slash"
        let dataLike = try await session.request(CallTool.self, .init(name: "echo", arguments: ["text": "data:,hello"]))
        XCTAssertEqual(text(dataLike), "data:,hello", "text that looks like a data URL is passed through unchanged")
        let echoed = try await session.request(CallTool.self, .init(name: "echo", arguments: ["text": .string(cjk)]))
        XCTAssertEqual(text(echoed), cjk)
        XCTAssertNotEqual(echoed.isError, true)

        let sum = try await session.request(CallTool.self, .init(name: "add", arguments: ["a": 2, "b": 40]))
        XCTAssertEqual(text(sum), "42")
    }

    func testFailingToolIsReportedAsAnErrorResult() async throws {
        let session = try await fixture()
        do {
            let result = try await session.request(CallTool.self, .init(name: "fail", arguments: [:]))
            XCTAssertEqual(result.isError, true)
            XCTAssertTrue(text(result)?.contains("fail") ?? false)
        } catch SessionError.rpc(let server, let method, _, _) {
            XCTAssertEqual(server, "fixture")
            XCTAssertEqual(method, "tools/call")
        }
    }

    func testTimeoutSendsCancelledAndTheSessionStillWorks() async throws {
        let session = try await fixture()
        do {
            _ = try await session.request(CallTool.self, .init(name: "sleep", arguments: ["seconds": 30]), timeout: 0.5)
            XCTFail("a 30 s call with a 0.5 s timeout must time out")
        } catch let error as SessionError {
            XCTAssertEqual(error, .timedOut(server: "fixture", method: "tools/call", seconds: 0.5))
            XCTAssertEqual(error.description, "server \"fixture\": \"tools/call\" timed out after 0.5 s")
        }
        let cancelled = await traces.first { $0.direction == "send" && $0.json.contains("notifications/cancelled") }
        XCTAssertTrue(cancelled.json.contains("\"requestId\""))
        let echoed = try await session.request(CallTool.self, .init(name: "echo", arguments: ["text": "still here"]))
        XCTAssertEqual(text(echoed), "still here")
    }

    func testCancellingTheCallingTaskSendsCancelled() async throws {
        let session = try await fixture()
        let call = Task {
            try await session.request(CallTool.self, .init(name: "sleep", arguments: ["seconds": 30]))
        }
        _ = await traces.first { $0.direction == "send" && $0.json.contains("\"sleep\"") }
        call.cancel()
        do {
            _ = try await call.value
            XCTFail("a cancelled call must throw")
        } catch {
            XCTAssertTrue(error is CancellationError, "got \(error)")
        }
        let cancelled = await traces.first { $0.direction == "send" && $0.json.contains("notifications/cancelled") }
        XCTAssertTrue(cancelled.json.contains("cancelled by the client"))
        let echoed = try await session.request(CallTool.self, .init(name: "echo", arguments: ["text": "ok"]))
        XCTAssertEqual(text(echoed), "ok")
    }

    func testServerExitingMidCallFailsTheCallNamingTheServer() async throws {
        let session = try await raw()
        _ = try await session.initialize(clientName: "t", clientVersion: "1")
        do {
            // The timeout is far away: the call must fail because the process ended, not by timing out.
            _ = try await session.requestRaw(method: "tools/call", params: ["name": "exit"], timeout: 120)
            XCTFail("the call must fail when the server exits")
        } catch let error as SessionError {
            XCTAssertEqual(error, .closed(server: "raw", reason: "process ended (exit status 3)"))
            XCTAssertTrue(error.description.contains("\"raw\""))
        }
        do {
            _ = try await session.requestRaw(method: "ping", params: nil)
            XCTFail("a closed session must refuse new requests")
        } catch let error as SessionError {
            guard case .closed(let server, _) = error else { return XCTFail("got \(error)") }
            XCTAssertEqual(server, "raw")
        }
    }

    func testNonJSONLineIsSkipped() async throws {
        let session = try await raw()
        let result = try await session.initialize(clientName: "t", clientVersion: "1")
        XCTAssertEqual(result.serverInfo.name, "raw")
        let skipped = traces.all.filter { $0.direction == "skip" }.map(\.json)
        XCTAssertEqual(skipped, ["this is not json"])
    }

    func testErrorWhoseDataIsAStringStillResolves() async throws {
        let session = try await raw()
        _ = try await session.initialize(clientName: "t", clientVersion: "1")
        do {
            _ = try await session.requestRaw(method: "tools/call", params: ["name": "string_error_data"])
            XCTFail("an error response must throw")
        } catch let error as SessionError {
            XCTAssertEqual(error, .rpc(server: "raw", method: "tools/call", code: -32000, message: "boom"))
        }
    }

    func testMalformedResultFailsOnlyThatRequest() async throws {
        let session = try await raw()
        _ = try await session.initialize(clientName: "t", clientVersion: "1")
        do {
            _ = try await session.request(CallTool.self, .init(name: "malformed"))
            XCTFail("a result of the wrong shape must throw")
        } catch let error as SessionError {
            guard case .malformed(let server, let detail) = error else { return XCTFail("got \(error)") }
            XCTAssertEqual(server, "raw")
            XCTAssertTrue(detail.contains("tools/call"), detail)
        }
        let next = try await session.request(CallTool.self, .init(name: "after"))
        XCTAssertEqual(text(next), "after")
    }

    func testUnsupportedProtocolVersionFailsClearly() async throws {
        let session = try await raw(["--version", "1999-01-01"])
        do {
            _ = try await session.initialize(clientName: "t", clientVersion: "1")
            XCTFail("an unknown protocol version must be refused")
        } catch let error as SessionError {
            XCTAssertEqual(error, .unsupportedProtocolVersion(server: "raw", version: "1999-01-01"))
            XCTAssertTrue(error.description.contains("2025-11-25"))
        }
    }

    func testServerRequestsAreAnsweredAndPingIsAnsweredInternally() async throws {
        let session = try await raw(onRequest: { method, _ in
            guard method == "roots/list" else { throw MCPError.methodNotFound("no \(method)") }
            return ["roots": [["uri": "file:///tmp/project"]]]
        })
        _ = try await session.initialize(clientName: "t", clientVersion: "1")

        let roots = try await session.request(CallTool.self, .init(name: "ask", arguments: ["method": "roots/list"]))
        let rootsReply = try JSONSerialization.jsonObject(with: Data((text(roots) ?? "").utf8)) as? [String: Any]
        let uris = ((rootsReply?["result"] as? [String: Any])?["roots"] as? [[String: Any]])?.compactMap { $0["uri"] as? String }
        XCTAssertEqual(uris, ["file:///tmp/project"])

        let ping = try await session.request(CallTool.self, .init(name: "ask", arguments: ["method": "ping"]))
        XCTAssertTrue(text(ping)?.contains("\"result\": {}") ?? false, text(ping) ?? "")

        let other = try await session.request(CallTool.self, .init(name: "ask", arguments: ["method": "sampling/createMessage"]))
        let otherReply = try JSONSerialization.jsonObject(with: Data((text(other) ?? "").utf8)) as? [String: Any]
        XCTAssertEqual((otherReply?["error"] as? [String: Any])?["code"] as? Int, -32601)
    }

    func testTimeServerGivesTheCurrentTimeInUTC() async throws {
        let session = session(name: "time", command: FixtureServers.timeServer, args: [])
        try await session.start()
        _ = try await session.initialize(clientName: "mcpterm-tests", clientVersion: "0.0.1")
        let tools = try await session.request(ListTools.self, ListTools.Parameters())
        XCTAssertTrue(tools.tools.contains { $0.name == "get_current_time" })
        let result = try await session.request(CallTool.self,
                                               .init(name: "get_current_time", arguments: ["timezone": "UTC"]))
        let json = try XCTUnwrap(text(result))
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        XCTAssertNotNil(object?["datetime"] as? String, json)
        XCTAssertEqual(object?["timezone"] as? String, "UTC")
    }

    func testCloseFailsPendingRequestsAndStopsTheProcess() async throws {
        let traces = self.traces
        let transport = StdioProcessTransport(name: "fixture", command: FixtureServers.python,
                                              args: [FixtureServers.fixtureScript], env: [:], cwd: nil, onStderr: { _ in })
        let session = MCPSession(serverName: "fixture", transport: transport, onNotification: { _, _ in },
                                 onRequest: { _, _ in .null },
                                 onTrace: { traces.append(Trace(direction: $0, json: $1)) })
        try await session.start()
        _ = try await session.initialize(clientName: "t", clientVersion: "1")
        let maybePid = await transport.pid
        let pid = try XCTUnwrap(maybePid)
        let call = Task { try await session.requestRaw(method: "tools/call", params: ["name": "sleep", "arguments": ["seconds": 30]]) }
        _ = await traces.first { $0.direction == "send" && $0.json.contains("\"sleep\"") }
        await session.close()
        do {
            _ = try await call.value
            XCTFail("a pending call must fail on close")
        } catch let error as SessionError {
            XCTAssertEqual(error, .closed(server: "fixture", reason: "closed by the host"))
        }
        XCTAssertTrue(ProcessProbe.isGone(pid))
    }

    func testLogNotificationsReachTheHandler() async throws {
        let session = try await fixture()
        _ = try await session.request(CallTool.self, .init(name: "log_message", arguments: ["text": "careful"]))
        _ = await notifications.first { $0 == "notifications/message" }
    }
}
