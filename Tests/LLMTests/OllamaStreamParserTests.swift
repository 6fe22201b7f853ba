@testable import LLM
import XCTest

final class OllamaStreamParserTests: XCTestCase {
    private func consume(_ parser: inout OllamaStreamParser, _ line: String) throws -> [StreamEvent] {
        try parser.consume(Data(line.utf8))
    }

    func testCallIDsAreUniqueWithinOneReplyAndStringArgumentsPassThrough() throws {
        var parser = OllamaStreamParser(provider: "test")
        var events = try consume(&parser, #"{"message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"f","arguments":{}}},{"function":{"name":"g","arguments":"{\"x\":1}"}}]},"done":false}"#)
        events += try consume(&parser, #"{"message":{"role":"assistant","content":""},"done":true}"#)
        XCTAssertEqual(events, [
            .toolCall(ToolCall(id: "call_0", name: "f", arguments: "{}")),
            .toolCall(ToolCall(id: "call_1", name: "g", arguments: #"{"x":1}"#)),
            .finish(reason: "tool_calls"),
        ], "no usage event when the server sent no counts")
        XCTAssertTrue(parser.isDone)
    }

    func testAToolCallWithoutANameIsBadStream() {
        var parser = OllamaStreamParser(provider: "test")
        XCTAssertThrowsError(try consume(&parser, #"{"message":{"tool_calls":[{"function":{"arguments":{}}}]},"done":false}"#))
    }

    func testALineThatIsNotJSONIsBadStreamNamingTheProvider() {
        var parser = OllamaStreamParser(provider: "test")
        XCTAssertThrowsError(try consume(&parser, "<html>502 Bad Gateway</html>")) { error in
            guard case ProviderError.badStream(let message) = error else { return XCTFail("got \(error)") }
            XCTAssertTrue(message.hasPrefix("test sent a line"), message)
        }
    }
}
