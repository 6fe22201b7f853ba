import ChatCore
import Foundation
import LLM
import MCP
import MCPHost
@testable import MCPTermApp
import TestSupport
import TUI
import XCTest

/// A server's sampling request answered in its box, through the real loop into a
/// `MemoryBackend`: the box shows the request, the first approval sends it to the model as a
/// `.sample` effect, the reply shows for the second approval, which returns exactly it; decline,
/// cancel, the edit of the last user message, the servers.json policy, no model.
final class SamplingBoxTests: XCTestCase {
    private typealias Loop = AppLoop<MemoryBackend, ManualClock>

    private struct Harness {
        let app: LoopHarness
        var loop: Loop { app.loop }
        var runner: RecordingRunner { app.runner }
        var backend: MemoryBackend { app.backend }
        var screen: [String] { app.screen }
        var screenText: String { app.screenText }
        var cursor: (x: Int, y: Int)? { app.cursor }
        func step(_ event: AppEvent) { app.step(event) }
        func key(_ key: Key) { app.key(key) }
        func type(_ text: String) { app.type(text) }

        /// Delivers the arming timer the loop asked for last.
        func arm(file: StaticString = #filePath, line: UInt = #line) {
            app.arm({ if case .armSampling(let showing, ApprovalState.armDelay) = $0 { showing } else { nil } },
                    as: { .samplingArmed(showing: $0) }, file: file, line: line)
        }

        var responses: [Effect] {
            runner.effects.filter { if case .respond = $0 { return true } else { return false } }
        }

        /// The model runs the loop asked for: (request, run, chat request).
        var samples: [(id: Int, run: Int, request: ChatRequest)] {
            runner.effects.compactMap { effect in
                if case .sample(let id, let run, let request) = effect { return (id, run, request) }
                return nil
            }
        }

        var cancels: [Int] {
            runner.effects.compactMap { effect in
                if case .cancelSample(let id) = effect { return id }
                return nil
            }
        }

        /// The rows of the box, from its top border to its bottom border.
        var box: [String] {
            let screen = self.screen
            guard let top = screen.firstIndex(where: { $0.contains("┌─") }),
                  let bottom = screen[top...].firstIndex(where: { $0.contains("└─") }) else { return [] }
            return Array(screen[top...bottom])
        }
    }

    private static let model = ModelDescription(provider: .openai, model: "m", baseURL: "http://127.0.0.1:1/v1")

    private func start(model: ModelDescription? = SamplingBoxTests.model, width: Int = 80, height: Int = 30) -> Harness {
        Harness(app: LoopHarness(model: model, width: width, height: height))
    }

    /// The request's image as the model gets it (each provider sends it in its own form).
    static let png = ChatMedia(kind: .image, mimeType: "image/png", base64: String(repeating: "A", count: 4096),
                               placeholder: "[image image/png, 3 KB]")

    /// A translation request: a system prompt, an earlier exchange, an image, model preferences.
    private static let translate = CreateSamplingMessage.Parameters(
        messages: [
            .user(.text("Translate to Japanese: good morning")),
            .assistant(.text("おはようございます")),
            .user(.multiple([.text("Now: thank you very much"), .image(data: String(repeating: "A", count: 4096),
                                                                       mimeType: "image/png")])),
        ],
        modelPreferences: .init(hints: [.init(name: "claude-3-sonnet")], costPriority: UnitInterval(0.3),
                                speedPriority: UnitInterval(0.8), intelligencePriority: UnitInterval(0.5)),
        systemPrompt: "You are a translator.",
        includeContext: .thisServer,
        temperature: 0.2,
        maxTokens: 100,
        stopSequences: ["END"])

    private func request(id: Int = 5, server: String = "tr", _ parameters: CreateSamplingMessage.Parameters = translate,
                         policy: SamplingPolicy = .ask) -> PendingServerRequest {
        PendingServerRequest(id: id, server: server, kind: .sampling(parameters), samplingPolicy: policy)
    }

    func testTheBoxShowsWhoAsksTheSettingsAndEveryMessage() {
        let app = start()
        app.step(.serverRequest(request()))
        XCTAssertEqual(app.box, [
            "  ┌─ tr asks for a model reply ──────────────────────────────────────────────┐",
            "  │ Model     openai/m · the server suggests claude-3-sonnet (checking which │",
            "  │           models openai offers…)                                         │",
            "  │ Prefers   cost 0.3 · speed 0.8 · intelligence 0.5                        │",
            "  │ Limits    at most 100 tokens · temperature 0.2 · stops at \"END\"          │",
            "  │ Context   thisServer asked for: not added (mcpterm adds no context)      │",
            "  │ System    You are a translator.                                          │",
            "  │                                                                          │",
            "  │ user                                                                     │",
            "  │   Translate to Japanese: good morning                                    │",
            "  │                                                                          │",
            "  │ assistant                                                                │",
            "  │   おはようございます                                                     │",
            "  │                                                                          │",
            "  │ user                                                                     │",
            "  │   Now: thank you very much                                               │",
            "  │   [image image/png, 3 KB]                                                │",
            "  │ Images and audio go to the model as they are where its provider takes    │",
            "  │ them, else as these placeholders.                                        │",
            "  │ arming…  y send  e edit  n decline  Esc cancel  Alt-L later              │",
            "  └──────────────────────────────────────────────────────────────────────────┘",
        ], app.screenText)
        XCTAssertTrue(app.screenText.contains(
            "Server tr asks for a model reply: #5 tr sampling: \"Now: thank you very much\""), app.screenText)
        XCTAssertNil(app.cursor, "the box covers the input")
        app.arm()
        XCTAssertEqual(app.box[app.box.count - 2],
                       "  │ y send  e edit  n decline  Esc cancel  Alt-L later                       │")
    }

    func testModelHintsChooseAmongTheProvidersModels() {
        let app = start()
        app.step(.serverRequest(request()))
        XCTAssertEqual(app.runner.effects.filter { $0 == .listModels }.count, 1, "the hints need the provider's list")
        app.step(.modelsListed(.success(["gpt-4o", "claude-3-sonnet-20240229-long-name", "claude-3-sonnet-20240229"])))
        XCTAssertEqual(Array(app.box[1...2]), [
            "  │ Model     openai/claude-3-sonnet-20240229 · the server suggests          │",
            "  │           claude-3-sonnet (openai offers claude-3-sonnet-20240229)       │",
        ], app.screenText)
        app.arm()
        app.key(.char("y"))
        XCTAssertEqual(app.samples.first?.request.model, "claude-3-sonnet-20240229", "the closest name the hint is part of")
        app.step(.samplingReply(requestID: 5, run: app.samples[0].run, .success(SampledReply(text: "はい", finishReason: "stop"))))
        app.arm()
        app.key(.char("y"))
        XCTAssertEqual(app.responses, [.respond(requestID: 5, answer: .sampling(CreateSamplingMessage.Result(
            model: "claude-3-sonnet-20240229", stopReason: .endTurn, role: .assistant, content: .single(.text("はい")))))],
                       "the server is told which model answered")

        // A second request: the list is known (not asked again); no model matches, so "m" answers.
        let gemini = CreateSamplingMessage.Parameters(messages: [.user(.text("hi"))],
                                                      modelPreferences: .init(hints: [.init(name: "gemini")]), maxTokens: 9)
        app.step(.serverRequest(request(id: 6, gemini)))
        XCTAssertEqual(app.runner.effects.filter { $0 == .listModels }.count, 1)
        XCTAssertTrue(app.box.joined().contains("(openai offers none of"),
                      app.screenText)

        // A provider that cannot list its models leaves the configured model, and says so.
        let other = start()
        other.step(.serverRequest(request()))
        other.step(.modelsListed(.failure(ModelProblem("openai error (HTTP 404): no /models here"))))
        XCTAssertTrue(other.box.joined().contains("could not be listed"), other.screenText)
        XCTAssertTrue(other.loop.state.log.contains { $0.message.contains("no /models here") })
    }

    func testApproveSendsTheServersMessagesToTheModelAndTheSecondApprovalReturnsTheReplyExactly() {
        let app = start()
        app.step(.serverRequest(request()))
        app.type("y")
        app.key(.paste("y"))
        XCTAssertTrue(app.samples.isEmpty, "keys typed before the box armed are dropped")
        app.arm()
        app.key(.paste("y"))
        XCTAssertTrue(app.samples.isEmpty, "a paste never answers")
        XCTAssertTrue(app.screenText.contains("A paste does not answer this box: press a key."), app.screenText)
        app.key(.char("y"))

        XCTAssertEqual(app.samples.count, 1)
        XCTAssertEqual(app.samples.first?.id, 5)
        XCTAssertEqual(app.samples.first?.request, ChatRequest(
            model: "m",
            messages: [.system("You are a translator."), .user("Translate to Japanese: good morning"),
                       .assistant("おはようございます"),
                       ChatMessage(role: .user, parts: [.text("Now: thank you very much"), .media(Self.png)])],
            temperature: 0.2, maxTokens: 100, stopSequences: ["END"]))
        XCTAssertTrue(app.box.contains("  │ ⋯ waiting for openai/m to reply                                          │"), app.screenText)
        XCTAssertTrue(app.box.contains { $0.contains("Esc stop the model  n decline  Alt-L later") }, app.screenText)

        let run = app.samples[0].run
        app.step(.samplingReply(requestID: 5, run: run, .success(SampledReply(text: "どうもありがとうございます",
                                                                              finishReason: "stop"))))
        XCTAssertEqual(Array(app.box.suffix(5)), [
            "  │                                                                          │",
            "  │ Reply from m · endTurn · return it to tr?                                │",
            "  │   どうもありがとうございます                                             │",
            "  │ arming…  y return  n decline  Esc cancel  Alt-L later                    │",
            "  └──────────────────────────────────────────────────────────────────────────┘",
        ], app.screenText)
        app.key(.char("y"))
        XCTAssertEqual(app.responses, [], "the reply arms afresh: a y meant for the request does not return it")
        app.arm()
        app.key(.char("y"))
        XCTAssertEqual(app.responses, [.respond(requestID: 5, answer: .sampling(CreateSamplingMessage.Result(
            model: "m", stopReason: .endTurn, role: .assistant, content: .single(.text("どうもありがとうございます")))))])
        XCTAssertTrue(app.box.isEmpty, "the box closed: \(app.screenText)")
        XCTAssertTrue(app.screenText.contains("Returned m's reply to tr's sampling request #5."), app.screenText)
        XCTAssertEqual(app.loop.state.serverRequests.count, 0)
        XCTAssertNotNil(app.cursor, "the cursor is back in the chat input")
    }

    func testDeclineAndCancelAnswerTheServerAndLettersDoNothingElse() {
        let app = start()
        app.step(.serverRequest(request()))
        app.arm()
        app.type("qx")
        XCTAssertEqual(app.responses, [])
        app.key(.char("n"))
        XCTAssertEqual(app.responses, [.respond(requestID: 5, answer: .decline)])
        XCTAssertTrue(app.screenText.contains("Declined tr's sampling request #5."), app.screenText)
        XCTAssertTrue(app.samples.isEmpty, "nothing went to the model")

        app.step(.serverRequest(request(id: 6)))
        app.arm()
        app.key(.escape)
        XCTAssertEqual(app.responses.last, .respond(requestID: 6, answer: .cancel))
        XCTAssertTrue(app.screenText.contains("Cancelled tr's sampling request #6."), app.screenText)
        XCTAssertTrue(app.box.isEmpty, app.screenText)
    }

    func testTheLastUserMessageEditedWithCJKIsWhatTheModelGets() {
        let app = start()
        app.step(.serverRequest(request()))
        app.arm()
        app.key(.char("e"))
        XCTAssertTrue(app.box.contains("  │ Your version of the last user message:                                   │"), app.screenText)
        XCTAssertTrue(app.box.contains("  │ Now: thank you very much                                                 │"), app.screenText)
        XCTAssertTrue(app.box.contains { $0.contains("Enter keep  Esc drop") }, app.screenText)
        app.key(.ctrl("u"))
        app.type("ありがとう、東京")
        app.key(.left)
        app.type("の")  // in the middle of the wide characters
        let row = app.box.firstIndex { $0.hasPrefix("  │ ありがとう、東の京") }
        XCTAssertNotNil(row, app.screenText)
        XCTAssertEqual(app.cursor?.x, 4 + "ありがとう、東の".displayWidth, "the cursor after の, two columns per character")
        app.key(.enter)
        XCTAssertTrue(app.box.contains("  │ user (edited by you)                                                     │"), app.screenText)
        XCTAssertTrue(app.box.contains("  │   ありがとう、東の京                                                     │"), app.screenText)
        XCTAssertFalse(app.box.joined().contains("thank you very much"), app.screenText)
        app.key(.char("y"))
        XCTAssertEqual(app.samples.first?.request.messages.last,
                       ChatMessage(role: .user, parts: [.text("ありがとう、東の京"), .media(Self.png)]))

        // Esc in the edit field drops the edit: the message stays as it was.
        app.step(.serverRequest(request(id: 6)))
        app.step(.samplingReply(requestID: 5, run: 1, .failure(SamplingFailure("no"))))
        app.key(.escape)  // request 5's model failed: Esc cancels the request, and request 6 shows
        XCTAssertEqual(app.responses, [.respond(requestID: 5, answer: .cancel)])
        app.arm()
        XCTAssertTrue(app.box.joined().contains("Now: thank you very much"), app.screenText)
        app.key(.char("e"))
        app.type("変更")
        app.key(.escape)
        XCTAssertFalse(app.screenText.contains("変更"), app.screenText)
        XCTAssertFalse(app.screenText.contains("(edited by you)"), app.screenText)
        XCTAssertTrue(app.box.joined().contains("Now: thank you very much"), app.screenText)
    }

    func testEscWhileTheModelRunsStopsItAndALateReplyOfThatRunIsIgnored() {
        let app = start()
        app.step(.serverRequest(request()))
        app.arm()
        app.key(.char("y"))
        app.key(.escape)
        XCTAssertEqual(app.cancels, [5])
        XCTAssertEqual(app.responses, [], "the request stays open")
        XCTAssertTrue(app.screenText.contains("Stopped the model: y sends the request again"), app.screenText)
        app.step(.samplingReply(requestID: 5, run: 1, .success(SampledReply(text: "遅い返事"))))
        XCTAssertFalse(app.screenText.contains("遅い返事"), "a reply of a stopped run is dropped: \(app.screenText)")
        app.key(.char("y"))
        XCTAssertEqual(app.samples.map(\.run), [1, 2])
        app.step(.samplingReply(requestID: 5, run: 1, .success(SampledReply(text: "遅い返事"))))
        XCTAssertFalse(app.screenText.contains("遅い返事"), app.screenText)
        app.step(.samplingReply(requestID: 5, run: 2, .failure(SamplingFailure("openai-compatible error (HTTP 500): boom"))))
        XCTAssertTrue(app.box.contains("  │ ⚠ No reply: openai-compatible error (HTTP 500): boom                     │"), app.screenText)
        app.key(.char("y"))
        XCTAssertEqual(app.samples.map(\.run), [1, 2, 3], "after a failure y sends the request again")
    }

    func testDenyInServersJSONRefusesAtOnceAndAllowSkipsOnlyTheFirstApproval() {
        let app = start()
        app.step(.serverRequest(request(policy: .deny)))
        XCTAssertEqual(app.responses, [.respond(requestID: 5, answer: .refuse(reason:
            "mcpterm refuses sampling requests from server \"tr\" (\"sampling\": \"deny\" in its servers.json)"))])
        XCTAssertTrue(app.box.isEmpty, app.screenText)
        XCTAssertTrue(app.samples.isEmpty)
        XCTAssertTrue(app.screenText.contains(#"Refused tr's sampling request #5: servers.json says "sampling": "deny""#),
                      app.screenText)

        app.step(.serverRequest(request(id: 6, policy: .allow)))
        XCTAssertEqual(app.samples.map(\.id), [6], "sent to the model without a key")
        XCTAssertTrue(app.box.contains("  │ ⋯ waiting for openai/m to reply                                          │"), app.screenText)
        app.step(.samplingReply(requestID: 6, run: 1, .success(SampledReply(text: "ok", finishReason: "length"))))
        XCTAssertTrue(app.box.contains("  │ Reply from m · maxTokens · return it to tr?                              │"), app.screenText)
        app.key(.char("y"))
        XCTAssertEqual(app.responses.count, 1, "the reply still waits for the user")
        app.arm()
        app.key(.char("y"))
        XCTAssertEqual(app.responses.last, .respond(requestID: 6, answer: .sampling(CreateSamplingMessage.Result(
            model: "m", stopReason: .maxTokens, role: .assistant, content: .single(.text("ok"))))))
    }

    func testWithoutAModelASamplingRequestIsDeclinedAtOnceWithAMessage() {
        let app = start(model: nil)
        app.step(.serverRequest(request()))
        XCTAssertEqual(app.responses, [.respond(requestID: 5, answer: .refuse(
            reason: "mcpterm has no model configured, so it cannot answer sampling requests"))])
        XCTAssertTrue(app.box.isEmpty, app.screenText)
        XCTAssertTrue(app.screenText.contains("Declined tr's sampling request #5: no model is configured."), app.screenText)
        XCTAssertEqual(app.loop.state.serverRequests.count, 0)
    }

    func testAToolUseReplyGoesBackAsToolUseAndTheFollowUpCarriesTheToolResults() {
        let weather = Tool(name: "get_weather", description: "Weather of a city",
                           inputSchema: ["type": "object", "properties": ["city": ["type": "string"]]])
        let ask = CreateSamplingMessage.Parameters(messages: [.user(.text("Weather in Paris?"))], maxTokens: 50,
                                                   tools: [weather], toolChoice: .init(mode: .auto))
        let app = start()
        app.step(.serverRequest(request(ask)))
        XCTAssertTrue(app.box.contains { $0.contains("Tools     get_weather: the model may ask for them, the server") },
                      app.screenText)
        app.arm()
        app.key(.char("y"))
        let sent = app.samples.first?.request
        XCTAssertEqual(sent?.tools.map(\.name), ["get_weather"])
        XCTAssertEqual(sent?.tools.first.map { String(decoding: $0.parametersJSON, as: UTF8.self) },
                       #"{"properties":{"city":{"type":"string"}},"type":"object"}"#)
        XCTAssertEqual(sent?.toolChoice, .auto)
        app.step(.samplingReply(requestID: 5, run: 1, .success(SampledReply(
            toolCalls: [ToolCall(id: "call_1", name: "get_weather", arguments: #"{"city": "Paris"}"#)],
            finishReason: "tool_calls"))))
        XCTAssertTrue(app.box.contains("  │ Reply from m · toolUse · return it to tr?                                │"), app.screenText)
        XCTAssertTrue(app.box.contains("  │   tool use get_weather {\"city\":\"Paris\"}                                  │"),
                      app.screenText)
        app.arm()
        app.key(.char("y"))
        XCTAssertEqual(app.responses, [.respond(requestID: 5, answer: .sampling(CreateSamplingMessage.Result(
            model: "m", stopReason: .toolUse, role: .assistant,
            content: .multiple([.toolUse(Sampling.ToolUseContent(id: "call_1", name: "get_weather",
                                                                 input: ["city": "Paris"]))]))))])

        // The server ran its tool and asks again with the result: the model gets it as a tool message.
        let followUp = CreateSamplingMessage.Parameters(messages: [
            .user(.text("Weather in Paris?")),
            .assistant(.multiple([.toolUse(Sampling.ToolUseContent(id: "call_1", name: "get_weather",
                                                                   input: ["city": "Paris"]))])),
            .user(.multiple([.toolResult(Sampling.ToolResultContent(toolUseId: "call_1",
                                                                    content: [.text("18°C, partly cloudy")]))])),
        ], maxTokens: 50, tools: [weather], toolChoice: .init(mode: CreateSamplingMessage.ToolChoice.Mode.none))
        app.step(.serverRequest(request(id: 6, followUp)))
        XCTAssertTrue(app.box.contains("  │   result of call_1: 18°C, partly cloudy                                  │"),
                      app.screenText)
        app.arm()
        app.key(.char("e"))
        XCTAssertTrue(app.screenText.contains("The last user message has no text to edit"), app.screenText)
        app.key(.char("y"))
        XCTAssertEqual(app.samples.last?.request.messages, [
            .user("Weather in Paris?"),
            .assistant("", toolCalls: [ToolCall(id: "call_1", name: "get_weather", arguments: #"{"city":"Paris"}"#)]),
            .tool(id: "call_1", content: "18°C, partly cloudy"),
        ])
        XCTAssertEqual(app.samples.last?.request.toolChoice, .forbidden)
        app.step(.samplingReply(requestID: 6, run: 1, .success(SampledReply(
            toolCalls: [ToolCall(id: "call_2", name: "rm_rf", arguments: "{}")]))))
        XCTAssertTrue(app.screenText.contains(#"No reply: the model asked for the tool "rm_rf", which the server"#),
                      app.screenText)
    }

    func testFormsAndSamplingRequestsShareOneQueueOldestFirst() {
        let app = start()
        let form = PendingServerRequest(id: 3, server: "crm", kind: .elicitation(.form(.init(
            message: "Company?", requestedSchema: .init(properties: ["company": ["type": "string"]])))))
        app.step(.serverRequest(form))
        app.step(.serverRequest(request(id: 4)))
        XCTAssertTrue(app.box.first?.contains("┌─ crm asks (1 of 2) ─") ?? false, "the older form keeps the box: \(app.screenText)")
        app.step(.elicitationArmed(showing: app.loop.state.elicitation.showing))
        app.type("ACME")
        app.key(.enter)
        XCTAssertEqual(app.responses, [.respond(requestID: 3, answer: .elicitation(content: ["company": "ACME"]))])
        XCTAssertTrue(app.box.first?.contains("┌─ tr asks for a model reply ─") ?? false, app.screenText)

        app.step(.serverRequest(PendingServerRequest(id: 5, server: "crm", kind: form.kind)))
        XCTAssertTrue(app.box.first?.contains("┌─ tr asks for a model reply (1 of 2) ─") ?? false,
                      "the older sampling request keeps the box: \(app.screenText)")
        app.arm()
        app.key(.alt("l"))
        XCTAssertTrue(app.screenText.contains("Put tr's sampling request #4 aside: /accept 4 opens it again"), app.screenText)
        XCTAssertTrue(app.box.first?.contains("┌─ crm asks ─") ?? false, "the form shows next: \(app.screenText)")
        app.step(.elicitationArmed(showing: app.loop.state.elicitation.showing))
        app.key(.alt("l"))
        app.type("/accept 4")
        app.key(.enter)
        XCTAssertTrue(app.box.first?.contains("┌─ tr asks for a model reply ─") ?? false, app.screenText)
    }

    func testASmallTerminalScrollsTheRequestAndYWaitsUntilItsEndWasOnScreen() {
        let app = start(width: 60, height: 16)
        app.step(.serverRequest(request()))
        app.arm()
        XCTAssertTrue(app.box.contains { $0.contains("more lines · read on: PgDn or End") }, app.screenText)
        app.key(.char("y"))
        XCTAssertTrue(app.samples.isEmpty)
        XCTAssertTrue(app.screenText.contains("Read to the end first (PgDn, or End to jump)"), app.screenText)
        for _ in 0..<10 { app.key(.pageDown) }
        XCTAssertTrue(app.box.contains { $0.contains("above · the end") }, app.screenText)
        XCTAssertTrue(app.box.contains { $0.contains("placeholders.") }, app.screenText)
        app.key(.char("y"))
        XCTAssertEqual(app.samples.count, 1)
    }

    func testTheCommandsStillListAndAnswerASamplingRequestAndAWithdrawnRequestStopsItsModel() {
        let app = start()
        app.step(.serverRequest(request()))
        app.arm()
        app.key(.char("y"))
        app.key(.alt("l"))
        app.type("/requests")
        app.key(.enter)
        XCTAssertTrue(app.screenText.contains(#"#5 tr sampling: "Now: thank you very much" (max 100 tokens)"#), app.screenText)
        app.type("/accept 5 merci")
        app.key(.enter)
        XCTAssertEqual(app.responses, [.respond(requestID: 5, answer: .sampling(CreateSamplingMessage.Result(
            model: "m", stopReason: .endTurn, role: .assistant, content: .single(.text("merci")))))])
        XCTAssertEqual(app.cancels, [5], "the model run of the answered request stops")

        app.step(.serverRequest(request(id: 6)))
        app.arm()
        app.key(.char("y"))
        app.step(.serverRequestEnded(id: 6))
        XCTAssertEqual(app.cancels, [5, 6])
        XCTAssertTrue(app.box.isEmpty, app.screenText)
        XCTAssertTrue(app.screenText.contains("Server tr no longer waits for its sampling #6"), app.screenText)
    }
}
