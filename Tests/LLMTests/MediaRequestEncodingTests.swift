import Foundation
@testable import LLM
import XCTest

/// Media in tool results and user messages, in each provider's wire format: OpenAI's image and
/// audio parts in a user message after the tool run, Anthropic's image blocks inside the
/// tool_result (and `is_error`), Ollama's `images`; what a provider cannot take as its placeholder.
final class MediaRequestEncodingTests: XCTestCase {
    private let png = ChatMedia(kind: .image, mimeType: "image/png", base64: "iVBORw0KGgo=",
                                placeholder: "[image image/png, 8 bytes]")
    private let tiff = ChatMedia(kind: .image, mimeType: "image/tiff", base64: "SUkqAA==",
                                 placeholder: "[image image/tiff, 4 bytes]")
    private let wav = ChatMedia(kind: .audio, mimeType: "audio/wav", base64: "UklGRg==",
                                placeholder: "[audio audio/wav, 4 bytes]")
    /// Wrapped base64 (as some servers send it) and a misspelt type: sent unbroken, as image/jpeg.
    private let jpeg = ChatMedia(kind: .image, mimeType: "image/JPG", base64: "/9j/\n4AAQ",
                                 placeholder: "[image image/jpeg, 6 bytes]")

    private var request: ChatRequest {
        ChatRequest(model: "m", messages: [
            .user("Draw it and say it"),
            .assistant("", toolCalls: [
                ToolCall(id: "c1", name: "draw", arguments: "{}"),
                ToolCall(id: "c2", name: "say", arguments: "{}"),
            ]),
            .tool(id: "c1", parts: [.text("Here:"), .media(png), .media(tiff), .text("done")]),
            .tool(id: "c2", parts: [.text("Error: no speaker"), .media(wav)], isError: true),
            .assistant("A red square."),
            ChatMessage(role: .user, parts: [.text("And this?"), .media(jpeg)]),
        ])
    }

    private func messages(_ body: Data) throws -> NSArray {
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: body) as? [String: Any])
        return try XCTUnwrap(object["messages"] as? NSArray)
    }

    private func json(_ text: String) throws -> NSArray {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSArray)
    }

    func testOpenAIFollowsTheToolRunWithOneUserMessageOfImageAndAudioParts() throws {
        let body = try OpenAIRequestEncoder.body(for: request, model: "m")
        XCTAssertEqual(try messages(body), try json(#"""
        [
          {"role": "user", "content": "Draw it and say it"},
          {"role": "assistant", "content": null, "tool_calls": [
            {"id": "c1", "type": "function", "function": {"name": "draw", "arguments": "{}"}},
            {"id": "c2", "type": "function", "function": {"name": "say", "arguments": "{}"}}]},
          {"role": "tool", "tool_call_id": "c1",
           "content": "Here:\n[image image/png, 8 bytes]\n[image image/tiff, 4 bytes]\ndone"},
          {"role": "tool", "tool_call_id": "c2", "content": "Error: no speaker\n[audio audio/wav, 4 bytes]"},
          {"role": "user", "content": [
            {"type": "text", "text": "Media from the result of tool call c1:"},
            {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}},
            {"type": "text", "text": "Media from the result of tool call c2:"},
            {"type": "input_audio", "input_audio": {"data": "UklGRg==", "format": "wav"}}]},
          {"role": "assistant", "content": "A red square."},
          {"role": "user", "content": [
            {"type": "text", "text": "And this?"},
            {"type": "image_url", "image_url": {"url": "data:image/jpeg;base64,/9j/4AAQ"}}]}
        ]
        """#))
    }

    func testAnthropicPutsImageBlocksInsideTheToolResultAndFlagsTheError() throws {
        let body = try AnthropicRequestEncoder.body(for: request, model: "m", defaultMaxTokens: 10)
        XCTAssertEqual(try messages(body), try json(#"""
        [
          {"role": "user", "content": [{"type": "text", "text": "Draw it and say it"}]},
          {"role": "assistant", "content": [
            {"type": "tool_use", "id": "c1", "name": "draw", "input": {}},
            {"type": "tool_use", "id": "c2", "name": "say", "input": {}}]},
          {"role": "user", "content": [
            {"type": "tool_result", "tool_use_id": "c1", "content": [
              {"type": "text", "text": "Here:"},
              {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="}},
              {"type": "text", "text": "[image image/tiff, 4 bytes]\ndone"}]},
            {"type": "tool_result", "tool_use_id": "c2", "is_error": true,
             "content": "Error: no speaker\n[audio audio/wav, 4 bytes]"}]},
          {"role": "assistant", "content": [{"type": "text", "text": "A red square."}]},
          {"role": "user", "content": [
            {"type": "text", "text": "And this?"},
            {"type": "image", "source": {"type": "base64", "media_type": "image/jpeg", "data": "/9j/4AAQ"}}]}
        ]
        """#))
    }

    func testOllamaPutsPNGAndJPEGInTheMessagesImagesAndKeepsThePlaceholdersInTheText() throws {
        let body = try OllamaRequestEncoder.body(for: request, model: "m")
        XCTAssertEqual(try messages(body), try json(#"""
        [
          {"role": "user", "content": "Draw it and say it"},
          {"role": "assistant", "content": "", "tool_calls": [
            {"function": {"name": "draw", "arguments": {}}}, {"function": {"name": "say", "arguments": {}}}]},
          {"role": "tool", "tool_name": "draw", "images": ["iVBORw0KGgo="],
           "content": "Here:\n[image image/png, 8 bytes]\n[image image/tiff, 4 bytes]\ndone"},
          {"role": "tool", "tool_name": "say", "content": "Error: no speaker\n[audio audio/wav, 4 bytes]"},
          {"role": "assistant", "content": "A red square."},
          {"role": "user", "content": "And this?\n[image image/jpeg, 6 bytes]", "images": ["/9j/4AAQ"]}
        ]
        """#))
    }

    func testAToolRunWithoutMediaAddsNoUserMessage() throws {
        let plain = ChatRequest(model: "m", messages: [
            .user("hi"), .assistant("", toolCalls: [ToolCall(id: "c1", name: "t", arguments: "{}")]),
            .tool(id: "c1", parts: [.text("ok"), .media(tiff)]), .assistant("done"),
        ])
        let roles = try messages(OpenAIRequestEncoder.body(for: plain, model: "m")).compactMap { ($0 as? [String: Any])?["role"] as? String }
        XCTAssertEqual(roles, ["user", "assistant", "tool", "assistant"], "a TIFF is only a placeholder there")
    }
}
