import Foundation
@testable import LLM
import XCTest

/// Stop sequences and the tool choice (what a server's sampling request may ask for) reach each
/// provider in its own words; without tools there is no tool choice to send.
final class StopAndToolChoiceEncodingTests: XCTestCase {
    private let weather = ToolSpec(name: "get_weather", description: "Weather", parametersJSON: Data(#"{"type":"object"}"#.utf8))

    private func request(_ choice: ChatRequest.ToolChoice?, tools: Bool = true) -> ChatRequest {
        ChatRequest(model: "m", messages: [.user("hi")], tools: tools ? [weather] : [], stopSequences: ["END", "\n\n"],
                    toolChoice: choice)
    }

    private func object(_ data: Data) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func testOpenAIGetsStopAndToolChoice() throws {
        for (choice, sent) in [(ChatRequest.ToolChoice.auto, "auto"), (.required, "required"), (.forbidden, "none")] {
            let body = try object(OpenAIRequestEncoder.body(for: request(choice), model: "m"))
            XCTAssertEqual(body["tool_choice"] as? String, sent)
            XCTAssertEqual(body["stop"] as? [String], ["END", "\n\n"])
        }
        let plain = try object(OpenAIRequestEncoder.body(for: request(.required, tools: false), model: "m"))
        XCTAssertNil(plain["tool_choice"], "no tools, no tool choice")
        XCTAssertNil(try object(OpenAIRequestEncoder.body(for: ChatRequest(model: "m", messages: []), model: "m"))["stop"])
    }

    func testAnthropicGetsStopSequencesAndItsToolChoiceTypes() throws {
        for (choice, sent) in [(ChatRequest.ToolChoice.auto, "auto"), (.required, "any"), (.forbidden, "none")] {
            let body = try object(AnthropicRequestEncoder.body(for: request(choice), model: "m", defaultMaxTokens: 10))
            XCTAssertEqual((body["tool_choice"] as? [String: Any])?["type"] as? String, sent)
            XCTAssertEqual(body["stop_sequences"] as? [String], ["END", "\n\n"])
        }
        let plain = try object(AnthropicRequestEncoder.body(for: request(nil), model: "m", defaultMaxTokens: 10))
        XCTAssertNil(plain["tool_choice"])
    }

    func testOllamaGetsStopInOptionsAndNoToolsWhenTheModelMustNotCallOne() throws {
        let body = try object(OllamaRequestEncoder.body(for: request(.auto), model: "m"))
        XCTAssertEqual((body["options"] as? [String: Any])?["stop"] as? [String], ["END", "\n\n"])
        XCTAssertNotNil(body["tools"])
        let forbidden = try object(OllamaRequestEncoder.body(for: request(.forbidden), model: "m"))
        XCTAssertNil(forbidden["tools"], "Ollama has no tool choice: \"none\" is kept by offering no tools")
    }
}
