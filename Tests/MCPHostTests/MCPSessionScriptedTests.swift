import Foundation
import MCP
@testable import MCPHost
import TestSupport
import XCTest

/// Session rules checked against a scripted transport and a hand-moved clock: no processes, no real time.
final class MCPSessionScriptedTests: XCTestCase {
    private let transport = ScriptedTransport()
    private let clock = ManualSessionClock()
    private let notifications = Recorder<String>()

    private func makeSession(onRequest: @escaping @Sendable (String, Value?) async throws -> Value = { method, _ in
        throw MCPError.methodNotFound(method)
    }) async throws -> MCPSession {
        let notifications = self.notifications
        let session = MCPSession(serverName: "scripted", transport: transport, defaultTimeout: 60,
                                 onNotification: { method, _ in notifications.append(method) },
                                 onRequest: onRequest, clock: clock)
        try await session.start()
        return session
    }

    /// The JSON object of the first sent message containing `marker`.
    private func sentMessage(containing marker: String) async throws -> [String: Any] {
        let line = await transport.sent.first { $0.contains(marker) }
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    func testTimeoutFiresOnTheClockAndSendsCancelled() async throws {
        let session = try await makeSession()
        let call = Task { try await session.requestRaw(method: "tools/call", params: ["name": "slow"], timeout: 5) }
        let request = try await sentMessage(containing: "tools/call")
        let id = try XCTUnwrap(request["id"] as? Int)
        clock.advance(by: 5)
        do {
            _ = try await call.value
            XCTFail("the call must time out")
        } catch let error as SessionError {
            XCTAssertEqual(error, .timedOut(server: "scripted", method: "tools/call", seconds: 5))
        }
        let cancelled = try await sentMessage(containing: "notifications/cancelled")
        XCTAssertEqual((cancelled["params"] as? [String: Any])?["requestId"] as? Int, id)
        await session.close()
    }

    func testEachRequestTimesOutAtItsOwnDeadlineWhateverTheOrderSent() async throws {
        let session = try await makeSession()
        let long = Task { try await session.requestRaw(method: "tools/call", params: ["name": "long"], timeout: 30) }
        _ = try await sentMessage(containing: "\"long\"")
        // Sent later with a shorter timeout: it must not wait for the first one's deadline.
        let short = Task { try await session.requestRaw(method: "tools/call", params: ["name": "short"], timeout: 5) }
        _ = try await sentMessage(containing: "\"short\"")
        clock.advance(by: 5)
        do {
            _ = try await short.value
            XCTFail("the short call must time out")
        } catch let error as SessionError {
            XCTAssertEqual(error, .timedOut(server: "scripted", method: "tools/call", seconds: 5))
        }
        clock.advance(by: 24) // 29 s: the long call is still in time
        let third = Task { try await session.requestRaw(method: "ping", params: nil, timeout: 60) }
        let ping = try await sentMessage(containing: "\"ping\"")
        transport.deliver(#"{"jsonrpc":"2.0","id":\#(try XCTUnwrap(ping["id"] as? Int)),"result":{}}"#)
        _ = try await third.value
        clock.advance(by: 1)
        do {
            _ = try await long.value
            XCTFail("the long call must time out at 30 s")
        } catch let error as SessionError {
            XCTAssertEqual(error, .timedOut(server: "scripted", method: "tools/call", seconds: 30))
        }
        await session.close()
    }

    func testProgressRestartsTheTimeoutClock() async throws {
        let session = try await makeSession()
        let call = Task { try await session.requestRaw(method: "tools/call", params: ["name": "slow"], timeout: 10) }
        let request = try await sentMessage(containing: "tools/call")
        let id = try XCTUnwrap(request["id"] as? Int)
        let meta = (request["params"] as? [String: Any])?["_meta"] as? [String: Any]
        let token = try XCTUnwrap(meta?["progressToken"] as? Int, "requests carry a progress token")

        clock.advance(by: 8)
        transport.deliver(#"{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":\#(token),"progress":1}}"#)
        _ = await notifications.first { $0 == "notifications/progress" }
        clock.advance(by: 8) // 16 s after the request, 8 s after the progress: still in time
        transport.deliver(#"{"jsonrpc":"2.0","id":\#(id),"result":{"content":[]}}"#)
        let result = try await call.value
        XCTAssertEqual(result, .object(["content": .array([])]))
        await session.close()
    }

    func testProgressReachesTheCallersListenerAndMaxTimeoutEndsTheCallAnyway() async throws {
        let session = try await makeSession()
        let heard = Recorder<ToolProgress>()
        let call = Task {
            try await session.requestRaw(method: "tools/call", params: ["name": "slow"], timeout: 10, maxTimeout: 15) {
                heard.append($0)
            }
        }
        let request = try await sentMessage(containing: "tools/call")
        let meta = (request["params"] as? [String: Any])?["_meta"] as? [String: Any]
        let token = try XCTUnwrap(meta?["progressToken"] as? Int)

        clock.advance(by: 8)
        transport.deliver(#"{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":\#(token),"progress":2,"total":8,"message":"東京 2/8"}}"#)
        let first = await heard.first { _ in true }
        XCTAssertEqual(first, ToolProgress(progress: 2, total: 8, message: "東京 2/8"))
        XCTAssertEqual(first.fraction, 0.25)
        // Progress keeps the call alive past its 10 s timeout, but not past its 15 s in all.
        clock.advance(by: 7)
        do {
            _ = try await call.value
            XCTFail("the call outlived its maxTimeout")
        } catch let error as SessionError {
            XCTAssertEqual(error, .exceededMaxTime(server: "scripted", method: "tools/call", seconds: 15))
            XCTAssertTrue(error.description.contains("stopped after 15 s (its maxTimeout)"), error.description)
        }
        let cancel = try await sentMessage(containing: "notifications/cancelled")
        XCTAssertNotNil(cancel["params"], "the server is told to stop")
        await session.close()
    }

    func testServerRequestWaitingForTheUserDoesNotBlockResponses() async throws {
        let gate = Recorder<Bool>()
        let session = try await makeSession(onRequest: { method, _ in
            XCTAssertEqual(method, "elicitation/create")
            _ = await gate.first { $0 }
            return ["action": "decline"]
        })
        transport.deliver(#"{"jsonrpc":"2.0","id":"e1","method":"elicitation/create","params":{}}"#)
        let call = Task { try await session.requestRaw(method: "tools/list", params: nil) }
        let request = try await sentMessage(containing: "tools/list")
        transport.deliver(#"{"jsonrpc":"2.0","id":\#(request["id"] as? Int ?? -1),"result":{"tools":[]}}"#)
        let tools = try await call.value
        XCTAssertEqual(tools, .object(["tools": .array([])]), "answered while the elicitation is still open")

        gate.append(true)
        let reply = try await sentMessage(containing: "\"e1\"")
        XCTAssertEqual((reply["result"] as? [String: Any])?["action"] as? String, "decline")
        await session.close()
    }

    func testPingFromTheServerIsAnsweredWithAnEmptyResult() async throws {
        let session = try await makeSession()
        transport.deliver(#"{"jsonrpc":"2.0","id":99,"method":"ping"}"#)
        let reply = try await sentMessage(containing: "\"id\":99")
        XCTAssertEqual((reply["result"] as? [String: Any])?.count, 0)
        await session.close()
    }

    func testTransportFailureFailsEveryPendingRequestAtOnce() async throws {
        let session = try await makeSession()
        let first = Task { try await session.requestRaw(method: "a", params: nil) }
        let second = Task { try await session.requestRaw(method: "b", params: nil) }
        _ = try await sentMessage(containing: "\"a\"")
        _ = try await sentMessage(containing: "\"b\"")
        transport.fail(TransportError.processExited(server: "scripted", status: "exit status 1"))
        for call in [first, second] {
            do {
                _ = try await call.value
                XCTFail("pending calls must fail when the transport ends")
            } catch let error as SessionError {
                XCTAssertEqual(error, .closed(server: "scripted", reason: "process ended (exit status 1)"))
            }
        }
        await session.close()
    }
}
