import Foundation
import MCP
@testable import MCPHost
import XCTest

final class ServerRequestTests: XCTestCase {
    /// Server-initiated `elicitation/create`, `sampling/createMessage` and `roots/list` belong to the
    /// handshake era (in 2026-07-28 they ride `input_required`, see ModernEraInputRequiredTests), so
    /// these tests pin it with the `"protocol": "handshake"` key.
    static var handshakeEra: ServerConfig {
        var config = ServerConfig(name: "features")
        config.protocolMode = .handshake
        return config
    }

    /// Starts a tool call that makes the server ask the client, and returns the request the host
    /// reports (the call keeps running until it is answered).
    private func ask(_ fixture: FeatureHost, _ tool: String,
                     _ arguments: [String: Value] = [:]) async -> (PendingServerRequest, Task<String, any Error>) {
        let call = Task { try await fixture.call(tool, arguments) }
        let event = await fixture.events.first { event in
            if case .serverRequest = event { return true }
            return false
        }
        guard case .serverRequest(let request) = event else { fatalError("unreachable") }
        return (request, call)
    }

    func testElicitationWaitsForTheUserAndTheToolSeesTheAcceptedContent() async throws {
        let fixture = await FeatureHost.start(Self.handshakeEra)
        let (request, call) = await ask(fixture, "ask_name")
        XCTAssertEqual(request.server, "features")
        guard case .elicitation(.form(let form)) = request.kind else { return XCTFail("got \(request.kind)") }
        XCTAssertEqual(form.message, "What is your name?")
        XCTAssertEqual(form.requestedSchema.required, ["name"])
        let waiting = await fixture.host.pendingRequests()
        XCTAssertEqual(waiting, [request])

        // While the request waits, the same server keeps answering other calls.
        let echo = try await fixture.call("current_log_level")
        XCTAssertEqual(echo, "info")

        try await fixture.host.respond(to: request.id, with: .elicitation(content: ["name": "Ann 漢字"]))
        let result = try await call.value
        XCTAssertEqual(result, "accepted: Ann 漢字")
        _ = await fixture.events.first { event in
            if case .serverRequestEnded(id: request.id) = event { return true }
            return false
        }
        let after = await fixture.host.pendingRequests()
        XCTAssertEqual(after, [])
        await fixture.stop()
    }

    func testDeclinedAndCancelledElicitationsReachTheTool() async throws {
        let fixture = await FeatureHost.start(Self.handshakeEra)
        let (first, firstCall) = await ask(fixture, "ask_name")
        try await fixture.host.respond(to: first.id, with: .decline)
        let declined = try await firstCall.value
        XCTAssertEqual(declined, "decline")

        let (second, secondCall) = await Self.nextRequest(fixture, after: first.id, tool: "ask_name")
        try await fixture.host.respond(to: second.id, with: .cancel)
        let cancelled = try await secondCall.value
        XCTAssertEqual(cancelled, "cancel")
        await fixture.stop()
    }

    func testSamplingAnswerReachesTheToolAndARefusalIsAnError() async throws {
        let fixture = await FeatureHost.start(Self.handshakeEra)
        let (request, call) = await ask(fixture, "ask_model", ["question": "2+2?"])
        guard case .sampling(let parameters) = request.kind else { return XCTFail("got \(request.kind)") }
        XCTAssertEqual(parameters.maxTokens, 50)
        guard case .single(.text(let question)) = parameters.messages.first?.content else {
            return XCTFail("got \(parameters.messages)")
        }
        XCTAssertEqual(question, "2+2?")

        // An elicitation answer does not fit a sampling request.
        do {
            try await fixture.host.respond(to: request.id, with: .elicitation(content: [:]))
            XCTFail("a mismatched answer must be refused")
        } catch {
            XCTAssertEqual(error, .answerDoesNotFit(id: request.id, server: "features", kind: "sampling"))
        }

        try await fixture.host.respond(to: request.id, with: .sampling(CreateSamplingMessage.Result(
            model: "test-model", stopReason: .endTurn, role: .assistant, content: .single(.text("4")))))
        let answered = try await call.value
        XCTAssertEqual(answered, "test-model: 4")

        let (refused, refusedCall) = await Self.nextRequest(fixture, after: request.id, tool: "ask_model",
                                                            arguments: ["question": "secret?"])
        try await fixture.host.respond(to: refused.id, with: .decline)
        let refusal = try await refusedCall.value
        XCTAssertTrue(refusal.hasPrefix("refused:"), refusal)
        XCTAssertTrue(refusal.contains("User rejected sampling request"), refusal)

        do {
            try await fixture.host.respond(to: refused.id, with: .decline)
            XCTFail("a request answered once must not take a second answer")
        } catch {
            XCTAssertEqual(error, .notWaiting(id: refused.id))
        }
        await fixture.stop()
    }

    /// The servers.json `"sampling"` setting rides on each request, for the app to act on; a
    /// refusal with a reason reaches the server as an error it can read.
    func testTheSamplingSettingRidesOnTheRequestAndARefusalCarriesItsReason() async throws {
        var config = Self.handshakeEra
        config.sampling = .allow
        let fixture = await FeatureHost.start(config)
        let (request, call) = await ask(fixture, "ask_model", ["question": "2+2?"])
        XCTAssertEqual(request.samplingPolicy, .allow)
        try await fixture.host.respond(to: request.id, with: .refuse(reason: "mcpterm has no model configured"))
        let refusal = try await call.value
        XCTAssertTrue(refusal.hasPrefix("refused:"), refusal)
        XCTAssertTrue(refusal.contains("mcpterm has no model configured"), refusal)
        await fixture.stop()
    }

    /// MCP 2025-11-25 client/sampling#error-handling: a conversation whose tool use and results do
    /// not match is -32602 and never reaches the user.
    func testASamplingRequestWithUnmatchedToolUseIsInvalidParams() async throws {
        let broker = ServerRequestBroker(announce: { _ in XCTFail("an invalid request must not wait for the user") })
        let mixed: Value = ["maxTokens": 10, "messages": [
            ["role": "assistant", "content": [["type": "tool_use", "id": "c1", "name": "t", "input": [:]]]],
            ["role": "user", "content": [["type": "tool_result", "toolUseId": "c1", "content": []],
                                         ["type": "text", "text": "and more"]]],
        ]]
        let missing: Value = ["maxTokens": 10, "messages": [
            ["role": "user", "content": ["type": "text", "text": "weather?"]],
            ["role": "assistant", "content": [["type": "tool_use", "id": "c1", "name": "t", "input": [:]],
                                              ["type": "tool_use", "id": "c2", "name": "t", "input": [:]]]],
            ["role": "user", "content": [["type": "tool_result", "toolUseId": "c1", "content": []]]],
        ]]
        for (params, reason) in [(mixed, "Tool results mixed with other content (message 2)"),
                                 (missing, "Tool result missing in request (for tool use \"c2\" of message 2)")] {
            do {
                _ = try await broker.handle(server: "s", method: CreateSamplingMessage.name, params: params)
                XCTFail("\(reason): accepted")
            } catch let error as MCPError {
                XCTAssertEqual(error.code, -32602, reason)
                XCTAssertTrue(error.errorDescription?.contains(reason) ?? false, "\(error)")
            }
        }
    }

    func testRootsAreTheWorkingDirectoryAndTheConfiguredRoots() async throws {
        let directory = FileManager.default.temporaryDirectory.path
        var config = Self.handshakeEra
        config.cwd = directory
        config.roots = ["/srv/data", "file:///opt/x"]
        let fixture = await FeatureHost.start(config)
        let roots = try await fixture.call("list_roots")
        XCTAssertEqual(roots.split(separator: "\n").map(String.init), [
            URL(fileURLWithPath: directory).absoluteString, "file:///srv/data", "file:///opt/x",
        ])
        await fixture.stop()
    }

    func testShutdownEndsARequestThatStillWaits() async throws {
        let fixture = await FeatureHost.start(Self.handshakeEra)
        let (request, call) = await ask(fixture, "ask_name")
        await fixture.host.shutdown()
        _ = try? await call.value
        let ended = fixture.events.all.contains { event in
            if case .serverRequestEnded(id: request.id) = event { return true }
            return false
        }
        XCTAssertTrue(ended, "the app must learn that the request no longer waits")
        let waiting = await fixture.host.pendingRequests()
        XCTAssertEqual(waiting, [])
        await fixture.pump.value
    }

    /// The next request after `id`, from a new call of `tool`.
    private static func nextRequest(_ fixture: FeatureHost, after id: Int, tool: String,
                                    arguments: [String: Value] = [:]) async -> (PendingServerRequest, Task<String, any Error>) {
        let call = Task { try await fixture.call(tool, arguments) }
        let event = await fixture.events.first { event in
            if case .serverRequest(let request) = event { return request.id > id }
            return false
        }
        guard case .serverRequest(let request) = event else { fatalError("unreachable") }
        return (request, call)
    }
}
