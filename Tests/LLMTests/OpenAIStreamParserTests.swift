@testable import LLM
import XCTest

final class OpenAIStreamParserTests: XCTestCase {
    private func feed(_ payloads: [String]) throws -> [StreamEvent] {
        var parser = OpenAIStreamParser(provider: "test")
        var events: [StreamEvent] = []
        for payload in payloads { events += try parser.consume(payload) }
        return events + (try parser.finish())
    }

    func testToolCallsWithoutIndexStartAtEachIDAndContinueTheLastCall() throws {
        let events = try feed([
            #"{"choices":[{"delta":{"tool_calls":[{"id":"a","function":{"name":"f","arguments":"{\"x\":"}}]}}]}"#,
            #"{"choices":[{"delta":{"tool_calls":[{"function":{"arguments":"1}"}}]}}]}"#,
            #"{"choices":[{"delta":{"tool_calls":[{"id":"b","function":{"name":"g"}}]}}]}"#,
            #"{"choices":[{"delta":{},"finish_reason":"tool_calls"}]}"#,
        ])
        XCTAssertEqual(events, [
            .toolCall(ToolCall(id: "a", name: "f", arguments: #"{"x":1}"#)),
            .toolCall(ToolCall(id: "b", name: "g", arguments: "{}")),
            .finish(reason: "tool_calls"),
        ])
    }

    func testRepeatedFunctionNameIsNotDoubled() throws {
        let events = try feed([
            #"{"choices":[{"delta":{"tool_calls":[{"index":0,"id":"a","function":{"name":"read_file","arguments":"{}"}}]}}]}"#,
            #"{"choices":[{"delta":{"tool_calls":[{"index":0,"function":{"name":"read_file"}}]}}]}"#,
            "[DONE]",
        ])
        XCTAssertEqual(events, [.toolCall(ToolCall(id: "a", name: "read_file", arguments: "{}"))])
    }

    func testReasoningContentIsNotText() throws {
        let events = try feed([
            #"{"choices":[{"delta":{"reasoning_content":"hmm","content":null}}]}"#,
            #"{"choices":[{"delta":{"content":"answer"},"finish_reason":"stop"}]}"#,
        ])
        XCTAssertEqual(events, [.text("answer"), .finish(reason: "stop")])
    }

    func testToolCallWithoutNameIsBadStream() {
        XCTAssertThrowsError(try feed([
            #"{"choices":[{"delta":{"tool_calls":[{"index":0,"id":"a","function":{"arguments":"{}"}}]}}]}"#,
            "[DONE]",
        ])) { error in
            XCTAssertEqual(error as? ProviderError, .badStream("test sent tool call 0 without a function name"))
        }
    }

    func testNonJSONChunkIsBadStream() {
        XCTAssertThrowsError(try feed(["not json"])) { error in
            guard case .badStream(let message)? = error as? ProviderError else { return XCTFail("got \(error)") }
            XCTAssertTrue(message.contains("not json"), message)
        }
    }

    func testStringErrorInStreamIsAPIError() {
        XCTAssertThrowsError(try feed([#"{"error":"context length exceeded"}"#])) { error in
            XCTAssertEqual(error as? ProviderError, .api(status: 200, message: "context length exceeded", provider: "test"))
        }
    }
}

final class OpenAIRequestEncoderTests: XCTestCase {
    func testToolWhoseParametersAreNotAnObjectIsNotConfigured() {
        let request = ChatRequest(model: "m", messages: [.user("hi")],
                                  tools: [ToolSpec(name: "t", description: "", parametersJSON: Data("[1]".utf8))])
        XCTAssertThrowsError(try OpenAIRequestEncoder.body(for: request, model: "m")) { error in
            XCTAssertEqual(error as? ProviderError, .notConfigured("tool \"t\": its parameters must be a JSON Schema object"))
        }
    }
}
