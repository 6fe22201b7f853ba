import ChatCore
import Foundation
import HTTPStreaming
import LLM
import MCP
import MCPHost
@testable import MCPTermApp
import TestSupport
import TUI
import XCTest

/// Real servers end to end: a Python SDK server's tools return images, audio, links and
/// structured content under an outputSchema (`mcp_results_server.py`); the outcome carries them
/// through `ServerHost`; and through the whole app, the picture reaches each loopback model
/// (`llm_*_server.py call_tool`) in its own wire format while the card shows its dimensions.
final class ToolResultServerTests: XCTestCase {
    private var models: [FixtureServer] = []

    override func tearDown() {
        models.forEach { $0.stop() }
        models = []
        super.tearDown()
    }

    private var resultsServer: ServerConfig {
        let root = FixtureServer.packageRoot.path
        return ServerConfig(name: "results", command: root + "/.venv/bin/python",
                            args: [root + "/Tests/Fixtures/mcp_results_server.py"])
    }

    /// Runs `body` with a host whose results server is ready, and its tools; the host is shut
    /// down (the server process ends) however `body` ends.
    private func withResultsHost<T>(_ body: (ServerHost, [QualifiedTool]) async throws -> T) async throws -> T {
        let (host, tools, pump) = await readyHost()
        do {
            let value = try await body(host, tools)
            await host.shutdown()
            await pump.value
            return value
        } catch {
            await host.shutdown()
            await pump.value
            throw error
        }
    }

    /// A started host with the results server ready, its tools, and the task draining its events.
    private func readyHost() async -> (ServerHost, [QualifiedTool], Task<Void, Never>) {
        let host = ServerHost(configs: [resultsServer], clientVersion: "0.0.1-test")
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
        XCTAssertEqual(Set(tools.map(\.tool.name)), ["picture", "measure", "mismatch", "sound", "links", "broken"])
        return (host, tools, pump)
    }

    func testImagesStructuredContentAndErrorsFromAPythonServerReachTheOutcome() async throws {
        try await withResultsHost { host, tools in try await checkResults(host, tools) }
    }

    private func checkResults(_ host: ServerHost, _ tools: [QualifiedTool]) async throws {
        let catalog = ToolCatalog(tools)
        func call(_ name: String) async throws -> (ToolCallRecord, CallTool.Result) {
            let record = AgentLoop.record(for: ToolCall(id: name, name: "results__\(name)", arguments: "{}"), catalog: catalog)
            return (record, try await host.callTool(try XCTUnwrap(record.target), arguments: record.arguments))
        }

        let (measureRecord, measured) = try await call("measure")
        XCTAssertNotNil(measureRecord.outputSchema, "the record keeps the schema the catalog had")
        let measure = ToolResultContent(measured, outputSchema: measureRecord.outputSchema)
        XCTAssertEqual(measure.schemaProblems, [], "pydantic's schema ($defs, $ref, enum) accepts what pydantic sent")
        guard case .media(let picture)? = measure.modelParts.first else { return XCTFail("\(measure.modelParts)") }
        XCTAssertEqual(picture.kind, .image)
        XCTAssertEqual(ImageHeader.read(base64: picture.base64), ImageHeader(width: 4, height: 3))
        XCTAssertEqual(measure.modelParts.last, .text(#"{"colour":"red","size":{"height":3,"width":4}}"#),
                       "no text block: the model reads the structured content")
        XCTAssertTrue(measure.shownText.hasPrefix("[image image/png, ") && measure.shownText.contains(", 4×3]\n{"),
                      measure.shownText)

        let (mismatchRecord, mismatched) = try await call("mismatch")
        XCTAssertEqual(ToolResultContent(mismatched, outputSchema: mismatchRecord.outputSchema).schemaProblems,
                       ["/celsius: expected number, got string"])

        let (linksRecord, linked) = try await call("links")
        let links = ToolResultContent(linked, outputSchema: linksRecord.outputSchema).shownText.split(separator: "\n")
        XCTAssertEqual(links.first, "[resource link report: file:///srv/report.md]")
        XCTAssertEqual(links[1], "[resource file:///srv/notes.txt text/plain, 12 bytes]")
        XCTAssertTrue(links.last?.hasPrefix("[resource file:///srv/dot.png image/png, ") == true
                      && links.last?.hasSuffix(", 5×7]") == true, "\(links)")

        let (_, sound) = try await call("sound")
        XCTAssertEqual(ToolResultContent(sound, outputSchema: nil).shownText, "[audio audio/wav, 844 bytes]")

        // Through the loop: an isError result fails its card and is an error for the model.
        var loop = AgentLoop(policy: ApprovalPolicy(configAllowed: ["results": ["broken"]]))
        _ = loop.submit("break it")
        loop.receive(.toolCall(ToolCall(id: "b1", name: "results__broken", arguments: "{}")), turn: 1)
        guard case .runTool(_, let target, let arguments)? = loop.streamEnded(turn: 1, error: nil, catalog: catalog).first
        else { return XCTFail("the preapproved call did not run") }
        let broken = try await host.callTool(target, arguments: arguments)
        guard case .startStream(_, let messages)? = loop.toolFinished(callID: "b1", outcome: .result(broken)).first
        else { return XCTFail("no follow-up") }
        XCTAssertEqual(messages.last?.isError, true)
        XCTAssertEqual(messages.last?.parts.first, .text("Error: disk full"))
        XCTAssertEqual(messages.last?.media.count, 1, "the picture of the failure goes along")
        guard case .toolCall(let card)? = loop.transcript.last else { return XCTFail("no card") }
        XCTAssertEqual(card.state.label, "failed")
    }

    // MARK: The whole app, three providers

    /// One turn: the user types "call picture", the loopback model calls `results__picture`
    /// (allowed by policy), the real server answers with text and a 3×2 PNG, the model is asked
    /// again. Returns the body of that second request and the screen at the end.
    private func pictureTurn(_ kind: ProviderKind, script: String, baseURL: (String) -> String) async throws
        -> (body: [String: Any], screen: [String])
    {
        let model = try FixtureServer(script: script, arguments: ["call_tool"])
        models.append(model)
        let description = ModelDescription(provider: kind, model: "m", baseURL: baseURL(model.baseURL))
        let provider = ProviderSettings.makeProvider(description, environment: [:])
        let screen = try await withResultsHost { host, tools in try await runTurn(host, tools, description, provider) }
        let (_, data) = try await HTTPClient.shared.send(HTTPRequest(url: "\(model.baseURL)/last-request"))
        let recorded = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        return (try XCTUnwrap(recorded["body"] as? [String: Any]), screen)
    }

    /// The app's loop with the real effect runner until the turn is over; the screen at the end.
    private func runTurn(_ host: ServerHost, _ tools: [QualifiedTool], _ description: ModelDescription,
                         _ provider: any ChatProvider) async throws -> [String] {
        let (events, continuation) = AsyncStream<AppEvent>.makeStream(bufferingPolicy: .unbounded)
        let runner = EffectRunner(events: continuation, host: host, provider: provider)
        var state = AppState(agent: AgentLoop(policy: ApprovalPolicy(configAllowed: ["results": ["picture"]])),
                             model: description, width: 100, height: 24)
        state.sidePaneVisible = false
        let backend = MemoryBackend(width: 100, height: 24)
        let clock = ManualClock()
        let loop = AppLoop(state: state, backend: backend, theme: .builtinDefault, clock: clock, runner: runner,
                           persistence: nil, continuation: continuation)
        func step(_ event: AppEvent) {
            clock.advance(by: AppLoop<MemoryBackend, ManualClock>.frameInterval)
            loop.handle(event)
        }
        loop.start()
        step(.toolsChanged(tools))
        for c in "call picture" { step(.key(.char(c))) }
        step(.key(.enter))
        for await event in events {
            step(event)
            if loop.state.agent.phase == .idle { break }
        }
        loop.finish()
        return backend.lastFrame?.trimmedLines() ?? []
    }

    /// The card of the picture call and the model's last words are on screen.
    private func assertCardAndAnswer(_ screen: [String], file: StaticString = #filePath, line: UInt = #line) {
        let text = screen.joined(separator: "\n")
        XCTAssertTrue(screen.contains("   └ a 3×2 picture"), text, file: file, line: line)
        XCTAssertTrue(screen.contains("     [image image/png, 73 bytes, 3×2]"), text, file: file, line: line)
        XCTAssertTrue(screen.contains("   Tool answered."), text, file: file, line: line)
    }

    /// The base64 of the picture the server made, checked to be a 3×2 PNG.
    private func picture(_ base64: Any?, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let data = try XCTUnwrap(base64 as? String, file: file, line: line)
        XCTAssertEqual(ImageHeader.read(base64: data), ImageHeader(width: 3, height: 2), file: file, line: line)
        return data
    }

    private func json(_ text: String) throws -> NSDictionary {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSDictionary)
    }

    func testThePictureReachesAnOpenAICompatibleModelAsAnImageURLPartAfterTheToolMessage() async throws {
        let (body, screen) = try await pictureTurn(.openai, script: "llm_openai_server.py") { $0 + "/v1" }
        assertCardAndAnswer(screen)
        let messages = try XCTUnwrap(body["messages"] as? [[String: Any]])
        XCTAssertEqual(messages.map { $0["role"] as? String }, ["user", "assistant", "tool", "user"])
        let parts = try XCTUnwrap(messages[3]["content"] as? [[String: Any]])
        let url = try XCTUnwrap((parts.last?["image_url"] as? [String: Any])?["url"] as? String)
        XCTAssertTrue(url.hasPrefix("data:image/png;base64,"), url)
        let data = try picture(String(url.dropFirst("data:image/png;base64,".count)))
        XCTAssertEqual(messages[2] as NSDictionary, try json(#"""
            {"role": "tool", "tool_call_id": "call_1", "content": "a 3×2 picture\n[image image/png, 73 bytes]"}
            """#))
        XCTAssertEqual(messages[3] as NSDictionary, try json(#"""
            {"role": "user", "content": [{"type": "text", "text": "Media from the result of tool call call_1:"},
                                         {"type": "image_url", "image_url": {"url": "data:image/png;base64,\#(data)"}}]}
            """#))
    }

    func testThePictureReachesAnthropicAsAnImageBlockInsideTheToolResult() async throws {
        let (body, screen) = try await pictureTurn(.anthropic, script: "llm_anthropic_server.py") { $0 }
        assertCardAndAnswer(screen)
        let messages = try XCTUnwrap(body["messages"] as? [[String: Any]])
        let last = try XCTUnwrap(messages.last)
        let result = try XCTUnwrap((last["content"] as? [[String: Any]])?.first)
        let blocks = try XCTUnwrap(result["content"] as? [[String: Any]])
        let data = try picture((blocks.last?["source"] as? [String: Any])?["data"])
        XCTAssertEqual(last as NSDictionary, try json(#"""
            {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": [
              {"type": "text", "text": "a 3×2 picture"},
              {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "\#(data)"}}]}]}
            """#))
    }

    func testThePictureReachesOllamaInTheToolMessagesImages() async throws {
        let (body, screen) = try await pictureTurn(.ollama, script: "llm_ollama_server.py") { $0 }
        assertCardAndAnswer(screen)
        let messages = try XCTUnwrap(body["messages"] as? [[String: Any]])
        let last = try XCTUnwrap(messages.last)
        let data = try picture((last["images"] as? [Any])?.first)
        XCTAssertEqual(last as NSDictionary, try json(#"""
            {"role": "tool", "tool_name": "results__picture", "images": ["\#(data)"],
             "content": "a 3×2 picture\n[image image/png, 73 bytes]"}
            """#))
    }
}
