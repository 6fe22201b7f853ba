import ChatCore
import Foundation
import LLM
import MCP
import MCPHost
@testable import MCPTermApp
import TestSupport
import TUI
import XCTest

/// A real Python SDK server samples (`mcp_sampling_server.py`), the user approves in the box, the
/// request goes to a real loopback OpenAI-compatible model (`fake_openai_agent.py`), the reply is
/// approved in the box and reaches the server; then the server's tool loop (2025-11-25 sampling
/// with tools) runs through two boxes.
final class SamplingServerTests: XCTestCase {
    private typealias Loop = AppLoop<MemoryBackend, ManualClock>
    private var model: FixtureServer?
    private var requestLog: URL?

    override func tearDown() {
        model?.stop()
        if let requestLog { try? FileManager.default.removeItem(at: requestLog) }
        super.tearDown()
    }

    /// The request bodies the loopback model received, in order.
    private func modelRequests() throws -> [[String: Any]] {
        guard let requestLog else { return [] }
        let text = try String(contentsOf: requestLog, encoding: .utf8)
        return try text.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
        }
    }

    func testTheLoopbackModelGetsTheServersMessagesAndTheServerGetsTheApprovedReply() async throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("sampling-\(UUID().uuidString).jsonl")
        requestLog = log
        let model = try FixtureServer(script: "fake_openai_agent.py", arguments: ["--log", log.path])
        self.model = model
        let description = ModelDescription(provider: .openai, model: "fake-model", baseURL: "\(model.baseURL)/v1")
        let provider = ProviderSettings.makeProvider(description, environment: [:])

        let feed = HostEventFeed(configs: [HostEventFeed.pythonServer("sampler", script: "mcp_sampling_server.py")])
        let host = feed.host
        func nextHost(_ matches: (HostEvent) -> Bool) async -> HostEvent? { await feed.next(matches) }
        func nextRequest() async -> PendingServerRequest? { await feed.nextRequest() }
        await feed.startAndWaitUntilReady()

        // The model runs and the answers go for real; the test delivers the arming timers itself.
        let (appEvents, continuation) = AsyncStream<AppEvent>.makeStream(bufferingPolicy: .unbounded)
        var appIncoming = appEvents.makeAsyncIterator()
        let app = LoopHarness(model: description, width: 90, height: 40, continuation: continuation) { events in
            RecordingRunner(passing: { effect in
                switch effect {
                case .sample, .cancelSample, .respond: true
                default: false
                }
            }, host: host, provider: provider, events: events)
        }
        let runner = app.runner
        func step(_ event: AppEvent) { app.step(event) }
        func arm() {
            guard case .armSampling(let showing, _)? = runner.effects.last(where: {
                if case .armSampling = $0 { true } else { false }
            }) else { return XCTFail("the box did not ask to be armed") }
            step(.samplingArmed(showing: showing))
        }
        /// Waits for the model's reply the runner sends, and hands it to the loop.
        func awaitReply() async {
            while let event = await appIncoming.next() {
                if case .samplingReply = event {
                    step(event)
                    return
                }
            }
        }
        var screen: String { app.screenText }

        // 1. Text: the server's conversation goes to the model, the model's reply to the server.
        let call = Task { try await host.callTool(qualifiedName: "sampler__ask", arguments: ["question": "Now: 東京 thanks"]) }
        guard let request = await nextRequest() else { return XCTFail("no sampling request came") }
        step(.serverRequest(request))
        XCTAssertTrue(screen.contains("┌─ sampler asks for a model reply ─"), screen)
        XCTAssertTrue(screen.contains("System    You are a translator."), screen)
        XCTAssertTrue(screen.contains("the server suggests claude-3-sonnet"), screen)
        XCTAssertTrue(screen.contains("Now: 東京 thanks"), screen)
        arm()
        step(.key(.char("y")))
        await awaitReply()
        XCTAssertTrue(screen.contains("Reply from fake-model · endTurn · return it to sampler?"), screen)
        XCTAssertTrue(screen.contains("You said: Now: 東京 thanks"), screen)
        arm()
        step(.key(.char("y")))
        let result = try await call.value
        guard case .text(let text, _, _)? = result.content.first else { return XCTFail("no text: \(result)") }
        XCTAssertEqual(text, "fake-model|endTurn|You said: Now: 東京 thanks")

        let first = try XCTUnwrap(try modelRequests().first)
        let messages = (first["messages"] as? [[String: Any]] ?? []).map { "\($0["role"] ?? ""): \($0["content"] ?? "")" }
        XCTAssertEqual(messages, ["system: You are a translator.", "user: Translate: good morning",
                                  "assistant: おはようございます", "user: Now: 東京 thanks"])
        XCTAssertEqual(first["max_tokens"] as? Int, 60)
        XCTAssertEqual(first["temperature"] as? Double, 0.3)
        XCTAssertEqual(first["stop"] as? [String], ["END"])
        XCTAssertEqual(first["model"] as? String, "fake-model")

        // 2. Tools: the model asks for the server's tool, the server runs it and asks again.
        let loopCall = Task {
            try await host.callTool(qualifiedName: "sampler__ask_with_tools", arguments: ["question": "echo 東京"])
        }
        guard let round1 = await nextRequest() else { return XCTFail("no first round came") }
        step(.serverRequest(round1))
        XCTAssertTrue(screen.contains("Tools     local__echo: the model may ask for them, the server runs them"), screen)
        arm()
        step(.key(.char("y")))
        await awaitReply()
        XCTAssertTrue(screen.contains("Reply from fake-model · toolUse · return it to sampler?"), screen)
        XCTAssertTrue(screen.contains(#"tool use local__echo {"text":"東京"}"#), screen)
        arm()
        step(.key(.char("y")))
        guard let round2 = await nextRequest() else { return XCTFail("no second round came") }
        step(.serverRequest(round2))
        XCTAssertTrue(screen.contains("result of call_e2e: echo: 東京"), screen)
        arm()
        step(.key(.char("y")))
        await awaitReply()
        arm()
        step(.key(.char("y")))
        let loopResult = try await loopCall.value
        guard case .text(let loopText, _, _)? = loopResult.content.first else { return XCTFail("no text: \(loopResult)") }
        XCTAssertEqual(loopText, "rounds=2|endTurn|Tool said: echo: 東京")

        let requests = try modelRequests()
        XCTAssertEqual(requests.count, 3)
        let tools = (requests[1]["tools"] as? [[String: Any]] ?? []).compactMap { ($0["function"] as? [String: Any])?["name"] as? String }
        XCTAssertEqual(tools, ["local__echo"])
        let followUp = requests[2]["messages"] as? [[String: Any]] ?? []
        XCTAssertEqual(followUp.map { $0["role"] as? String ?? "" }, ["user", "assistant", "tool"])
        XCTAssertEqual(followUp.last?["tool_call_id"] as? String, "call_e2e")
        XCTAssertEqual(followUp.last?["content"] as? String, "echo: 東京")
        let asked = (followUp[1]["tool_calls"] as? [[String: Any]])?.first?["function"] as? [String: Any]
        XCTAssertEqual(asked?["name"] as? String, "local__echo")
        XCTAssertEqual(asked?["arguments"] as? String, #"{"text":"東京"}"#)

        XCTAssertTrue(screen.contains("Returned fake-model's reply to sampler's sampling request"), screen)
        runner.cancelAll()
        await feed.shutdown()
    }
}
