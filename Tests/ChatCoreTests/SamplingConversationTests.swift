@testable import ChatCore
import LLM
import MCP
import MCPHost
import XCTest

/// A server's sampling request as the model gets it, and the model's reply as the server gets it.
final class SamplingConversationTests: XCTestCase {
    private let picture = Sampling.Message.Content.ContentBlock.image(data: String(repeating: "A", count: 2048),
                                                                      mimeType: "image/jpeg")

    func testTheEditReplacesTheTextOfTheLastUserMessageAndKeepsItsImage() {
        let parameters = CreateSamplingMessage.Parameters(messages: [
            .user(.text("first")),
            .assistant(.text("ok")),
            .user(.multiple([.text("What is"), picture, .text("in this picture?")])),
        ], systemPrompt: "", maxTokens: 20)
        XCTAssertEqual(SamplingConversation.editableMessage(parameters)?.index, 2)
        XCTAssertEqual(SamplingConversation.editableMessage(parameters)?.text, "What is\nin this picture?")
        let request = SamplingConversation.chatRequest(parameters, model: "m", editedText: "写真に何が？")
        let jpeg = ChatMedia(kind: .image, mimeType: "image/jpeg", base64: String(repeating: "A", count: 2048),
                             placeholder: "[image image/jpeg, 2 KB]")
        XCTAssertEqual(request.messages, [.user("first"), .assistant("ok"),
                                          ChatMessage(role: .user, parts: [.text("写真に何が？"), .media(jpeg)])],
                       "an empty system prompt is left out; the image goes to the model as an image")
        XCTAssertEqual(request.messages.last?.content, "写真に何が？\n[image image/jpeg, 2 KB]",
                       "a provider that carries no images sends the placeholder")
        XCTAssertEqual(SamplingConversation.messages(parameters, editedText: "写真に何が？")[2].content,
                       .multiple([.text("写真に何が？"), picture]))
        XCTAssertEqual(request.maxTokens, 20)
        XCTAssertNil(request.toolChoice)
    }

    func testAMessageOfToolResultsOrOnlyAnImageHasNoTextToEdit() {
        let results = CreateSamplingMessage.Parameters(messages: [
            .user(.text("go")),
            .assistant(.single(.toolUse(Sampling.ToolUseContent(id: "a", name: "t", input: ["n": 1])))),
            .user(.single(.toolResult(Sampling.ToolResultContent(toolUseId: "a", content: [.text("boom")], isError: true)))),
        ], maxTokens: 5)
        XCTAssertNil(SamplingConversation.editableMessage(results))
        XCTAssertEqual(SamplingConversation.chatRequest(results, model: "m").messages, [
            .user("go"), .assistant("", toolCalls: [ToolCall(id: "a", name: "t", arguments: #"{"n":1}"#)]),
            .tool(id: "a", content: "Error: boom", isError: true),
        ])
        let image = CreateSamplingMessage.Parameters(messages: [.user(.single(picture))], maxTokens: 5)
        XCTAssertNil(SamplingConversation.editableMessage(image))
    }

    func testTheReplyBecomesTheResultWithItsStopReason() {
        func result(_ reply: SampledReply) -> Result<CreateSamplingMessage.Result, SamplingFailure> {
            SamplingConversation.result(reply, model: "m", offered: [Tool(name: "t", description: nil, inputSchema: ["type": "object"])])
        }
        XCTAssertEqual(try result(SampledReply(text: "hi", finishReason: "length")).get().stopReason, .maxTokens)
        XCTAssertEqual(try result(SampledReply(text: "hi", finishReason: "content_filter")).get().stopReason,
                       Sampling.StopReason(rawValue: "content_filter"))
        XCTAssertEqual(try result(SampledReply(text: "")).get().content, .single(.text("")))
        let asked = try? result(SampledReply(text: "Calling.", toolCalls: [ToolCall(id: "c", name: "t", arguments: "")])).get()
        XCTAssertEqual(asked?.content, .multiple([.text("Calling."), .toolUse(Sampling.ToolUseContent(id: "c", name: "t", input: [:]))]))
        XCTAssertEqual(asked?.stopReason, .toolUse)
        XCTAssertEqual(result(SampledReply(toolCalls: [ToolCall(id: "c", name: "t", arguments: "[1]")])),
                       .failure(SamplingFailure(#"the model asked for the tool "t", but the arguments are not a JSON object"#)))
    }

    func testTheRequestListSummaryQuotesTheLastUserText() {
        let request = PendingServerRequest(id: 2, server: "s", kind: .sampling(CreateSamplingMessage.Parameters(
            messages: [.user(.multiple([picture, .text("describe it")]))], maxTokens: 9)))
        XCTAssertEqual(ServerRequestQueue.summary(request), #"#2 s sampling: "describe it" (max 9 tokens)"#)
    }

    func testModelHintsAreTriedInOrderAsPartsOfNames() {
        let available = ["gpt-4o-mini", "gpt-4o", "claude-3-5-sonnet-20241022", "claude-3-5-haiku"]
        func pick(_ hints: [String], current: String = "llama3", _ list: [String]? = available) -> SamplingModelChoice {
            SamplingModelChoice.pick(hints: hints, current: current, available: list)
        }
        XCTAssertEqual(pick(["sonnet", "gpt"]), SamplingModelChoice(model: "claude-3-5-sonnet-20241022", hint: "sonnet"))
        XCTAssertEqual(pick(["GPT-4O"]).model, "gpt-4o", "case does not matter; the closest name wins")
        XCTAssertEqual(pick(["gemini", "haiku"]).model, "claude-3-5-haiku", "a hint that matches nothing is skipped")
        XCTAssertEqual(pick(["llama", "gpt"]), SamplingModelChoice(model: "llama3", hint: "llama"),
                       "the configured model counts when it matches first")
        XCTAssertEqual(pick(["gemini"]), SamplingModelChoice(model: "llama3", hint: nil))
        XCTAssertEqual(pick(["gpt"], nil), SamplingModelChoice(model: "llama3", hint: nil), "no list, no switch")
    }
}
