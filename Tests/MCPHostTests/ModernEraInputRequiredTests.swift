import Foundation
import MCP
@testable import MCPHost
import TestSupport
import XCTest

/// 2026-07-28 multi-round-trip requests over a scripted transport: embedded input requests go
/// through the session's `onRequest` (the handshake era's path for server-initiated requests),
/// and the original request is retried with the answers and the echoed `requestState`.
final class ModernEraInputRequiredTests: XCTestCase {
    private let transport = ScriptedTransport()
    private let clock = ManualSessionClock()
    private let asked = Recorder<String>()

    private func modernSession(
        onRequest: @escaping @Sendable (String, Value?) async throws -> Value
    ) async throws -> MCPSession {
        let session = MCPSession(serverName: "scripted", transport: transport, defaultTimeout: 60,
                                 onNotification: { _, _ in }, onRequest: onRequest, clock: clock)
        try await session.start()
        let negotiation = Task { try await session.negotiate(clientName: "t", clientVersion: "1") }
        let probe = try await sent("server/discover", number: 1)
        transport.deliver(#"{"jsonrpc":"2.0","id":\#(probe["id"] as? Int ?? 0),"result":{"supportedVersions":["2026-07-28"],"capabilities":{}}}"#)
        _ = try await negotiation.value
        return session
    }

    private func sent(_ method: String, number: Int) async throws -> [String: Any] {
        let marker = "\"method\":\"\(method)\""
        let seen = MatchCounter()
        let line = await transport.sent.first { $0.contains(marker) && seen.next() == number }
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    private func answer(_ request: [String: Any], _ result: String) {
        transport.deliver(#"{"jsonrpc":"2.0","id":\#(request["id"] as? Int ?? 0),"result":\#(result)}"#)
    }

    private static let askForName = #"""
        {"resultType":"input_required","requestState":"opaque-1","inputRequests":{\#
        "name":{"method":"elicitation/create","params":{"mode":"form","message":"Name?","requestedSchema":{"type":"object"}}},\#
        "where":{"method":"roots/list"}}}
        """#

    func testInputRequiredIsAnsweredThroughOnRequestAndRetriedWithTheAnswersAndState() async throws {
        let asked = self.asked
        let session = try await modernSession { method, params in
            asked.append(method)
            if method == "elicitation/create" {
                XCTAssertEqual(params?.objectValue?["message"], "Name?")
                return ["action": "accept", "content": ["name": "Ada"]]
            }
            return ["roots": []]
        }
        let call = Task {
            try await session.request(CallTool.self, CallTool.Parameters(name: "ask", arguments: [:]))
        }
        let first = try await sent("tools/call", number: 1)
        answer(first, Self.askForName)

        let retry = try await sent("tools/call", number: 2)
        XCTAssertNotEqual(retry["id"] as? Int, first["id"] as? Int, "each round is a new JSON-RPC request")
        let params = try XCTUnwrap(retry["params"] as? [String: Any])
        XCTAssertEqual(params["name"] as? String, "ask", "the original request is repeated")
        XCTAssertEqual(params["requestState"] as? String, "opaque-1", "the state is echoed verbatim")
        let responses = try XCTUnwrap(params["inputResponses"] as? [String: Any])
        XCTAssertEqual((responses["name"] as? [String: Any])?["action"] as? String, "accept")
        XCTAssertNotNil((responses["where"] as? [String: Any])?["roots"], "every input request is answered")
        XCTAssertEqual((params["_meta"] as? [String: Any])?["io.modelcontextprotocol/protocolVersion"] as? String,
                       "2026-07-28", "the retry carries the envelope too")
        XCTAssertEqual(Set(asked.all), ["elicitation/create", "roots/list"])

        answer(retry, #"{"content":[{"type":"text","text":"hello Ada"}],"resultType":"complete"}"#)
        let result = try await call.value
        guard case .text(let text, _, _)? = result.content.first else { return XCTFail("no text") }
        XCTAssertEqual(text, "hello Ada")
        await session.close()
    }

    func testAStateOnlyRoundWaitsOnTheClockThenRetriesWithoutResponses() async throws {
        let session = try await modernSession { method, _ in throw MCPError.methodNotFound(method) }
        let call = Task { try await session.requestRaw(method: "tools/call", params: ["name": "slow"]) }
        answer(try await sent("tools/call", number: 1), #"{"resultType":"input_required","requestState":"wait"}"#)
        // The driver sleeps on the session clock; move it in 50 ms steps until the retry goes out
        // (the step is the first backoff delay, and far below the 60 s request timeout).
        var steps = 0
        while transport.sent.all.filter({ $0.contains("\"tools/call\"") }).count < 2, steps < 100 {
            clock.advance(by: InputRequiredDriver.stateOnlyFirstDelay)
            steps += 1
            await Task.yield()
        }
        let retry = try await sent("tools/call", number: 2)
        XCTAssertGreaterThan(steps, 0, "the retry waited for the clock")
        let params = try XCTUnwrap(retry["params"] as? [String: Any])
        XCTAssertEqual(params["requestState"] as? String, "wait")
        XCTAssertNil(params["inputResponses"])
        answer(retry, #"{"content":[],"resultType":"complete"}"#)
        _ = try await call.value
        await session.close()
    }

    func testARefusedInputRequestFailsTheCallNamingTheInput() async throws {
        let session = try await modernSession { _, _ in throw MCPError.invalidRequest("the user declined") }
        let call = Task { try await session.requestRaw(method: "tools/call", params: ["name": "ask"]) }
        answer(try await sent("tools/call", number: 1),
               #"{"resultType":"input_required","inputRequests":{"name":{"method":"elicitation/create","params":{}}}}"#)
        do {
            _ = try await call.value
            XCTFail("a refused input must fail the call")
        } catch let error as ModernEraError {
            guard case .inputRequestFailed(let server, let method, let key, let reason) = error else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual([server, method, key], ["scripted", "tools/call", "name"])
            XCTAssertTrue(reason.contains("the user declined"), reason)
        }
        XCTAssertEqual(transport.sent.all.filter { $0.contains("\"tools/call\"") }.count, 1, "no retry after a refusal")
        await session.close()
    }

    func testAServerThatNeverStopsAskingIsCutOffAfterTenRounds() async throws {
        let session = try await modernSession { _, _ in ["action": "accept", "content": [:]] }
        let call = Task { try await session.requestRaw(method: "prompts/get", params: ["name": "loop"]) }
        for round in 1...11 {
            answer(try await sent("prompts/get", number: round),
                   #"{"resultType":"input_required","inputRequests":{"again":{"method":"elicitation/create","params":{}}}}"#)
        }
        do {
            _ = try await call.value
            XCTFail("an endless input_required loop must stop")
        } catch let error as ModernEraError {
            XCTAssertEqual(error, .inputRequiredRoundsExceeded(server: "scripted", method: "prompts/get", rounds: 10))
            XCTAssertEqual(error.description,
                           "server \"scripted\": \"prompts/get\" still asked for more input after 10 rounds; gave up")
        }
        XCTAssertEqual(transport.sent.all.filter { $0.contains("\"prompts/get\"") }.count, 11,
                       "the first request and ten retries")
        await session.close()
    }

    func testAnInputRequiredWithNothingToDoIsAClearError() async throws {
        let session = try await modernSession { method, _ in throw MCPError.methodNotFound(method) }
        let call = Task { try await session.requestRaw(method: "tools/call", params: ["name": "odd"]) }
        answer(try await sent("tools/call", number: 1), #"{"resultType":"input_required"}"#)
        do {
            _ = try await call.value
            XCTFail("an input_required without requests or state cannot be acted on")
        } catch let error as ModernEraError {
            guard case .malformedInputRequired = error else { return XCTFail("\(error)") }
        }
        await session.close()
    }
}
