@testable import LLM
import XCTest

final class AnthropicStreamParserTests: XCTestCase {
    func testStopReasonWithoutMessageStopStillEndsTheReplyWithUsage() throws {
        var parser = AnthropicStreamParser(provider: "test")
        var events: [StreamEvent] = []
        events += try parser.consume(#"{"type":"message_start","message":{"usage":{"input_tokens":3,"output_tokens":1}}}"#)
        events += try parser.consume(#"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":"Hi"}}"#)
        events += try parser.consume(#"{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":2}}"#)
        events += try parser.finish()
        XCTAssertEqual(events, [.text("Hi"), .finish(reason: "stop"), .usage(prompt: 3, completion: 2)])
    }

    func testToolUseBlockStillOpenAtTheStopReasonIsEmitted() throws {
        var parser = AnthropicStreamParser(provider: "test")
        _ = try parser.consume(#"{"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"t","name":"f","input":{}}}"#)
        _ = try parser.consume(#"{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\"a\":1}"}}"#)
        let events = try parser.consume(#"{"type":"message_delta","delta":{"stop_reason":"tool_use"}}"#)
        XCTAssertEqual(events, [.toolCall(ToolCall(id: "t", name: "f", arguments: #"{"a":1}"#)), .finish(reason: "tool_calls")])
    }

    func testInputJSONForATextBlockIsBadStream() throws {
        var parser = AnthropicStreamParser(provider: "test")
        _ = try parser.consume(#"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#)
        XCTAssertThrowsError(try parser.consume(
            #"{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{"}}"#)) { error in
            guard case ProviderError.badStream(let message) = error else { return XCTFail("got \(error)") }
            XCTAssertTrue(message.contains("content block 0"), message)
        }
    }

    func testUnknownStopReasonPassesThrough() {
        XCTAssertEqual(AnthropicStreamParser.finishReason("refusal"), "refusal")
        XCTAssertEqual(AnthropicStreamParser.finishReason("stop_sequence"), "stop")
    }
}
