import Foundation
import MCP
@testable import MCPHost
import XCTest

/// The session's own JSON reader and writer: what they accept, what they refuse, and that their
/// output reads back the same through Foundation's parser.
final class JSONValueCodingTests: XCTestCase {
    private func parse(_ text: String) throws -> Value {
        try JSONValueParser.parse(Data(text.utf8))
    }

    private func syntaxError(_ text: String) -> JSONValueParser.SyntaxError? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error as? JSONValueParser.SyntaxError
        }
    }

    private func written(_ value: Value) throws -> String {
        String(decoding: try JSONValueWriter.bytes(value), as: UTF8.self)
    }

    func testParsesEveryKindOfValue() throws {
        let value = try parse(#" {"a": [1, -2, 3.5, 1e3, true, false, null], "b": {"c": "d"}, "e": {}, "f": []} "#)
        XCTAssertEqual(value, .object([
            "a": .array([.int(1), .int(-2), .double(3.5), .double(1000), .bool(true), .bool(false), .null]),
            "b": .object(["c": .string("d")]), "e": .object([:]), "f": .array([]),
        ]))
    }

    func testIntegersStayIntegersAndLargeOnesBecomeDoubles() throws {
        XCTAssertEqual(try parse("9223372036854775807"), .int(Int.max))
        XCTAssertEqual(try parse("-9223372036854775808"), .int(Int.min))
        XCTAssertEqual(try parse("9223372036854775808"), .double(9223372036854775808))
        XCTAssertEqual(try parse("-0"), .int(0))
        XCTAssertEqual(try parse("2.0"), .double(2))
    }

    func testDecodesEscapesAndSurrogatePairs() throws {
        XCTAssertEqual(try parse(#""a\"b\\c\/d\b\f\n\r\t\u00e9\u65e5\ud83d\ude00""#),
                       .string("a\"b\\c/d\u{8}\u{c}\n\r\té日😀"))
        XCTAssertEqual(try parse(#""日本語 👩‍💻""#), .string("日本語 👩‍💻"))
    }

    func testStringsThatLookLikeDataURLsStayStrings() throws {
        XCTAssertEqual(try parse(#""data:text/plain;base64,aGk=""#), .string("data:text/plain;base64,aGk="))
    }

    func testRefusesWhatIsNotJSON() {
        let cases: [(String, String)] = [
            ("", "end of input"), ("{", "expected a string key"), (#"{"a" 1}"#, "expected ':'"),
            ("[1,]", "expected a value"), ("[1 2]", "expected ',' or ']'"), ("01", "must not start with 0"),
            ("1.", "digits after '.'"), ("1e", "exponent"), ("tru", "expected a value"), ("nul", "expected a value"),
            (#""abc"#, "unterminated string"), ("\"a\u{1}b\"", "control character"), (#""\x""#, "unknown escape"),
            (#""\ud800""#, "low surrogate"), (#""\udc00""#, "lone low surrogate"), (#""\u12""#, "four hex digits"),
            ("1 2", "after the value"), ("{} x", "after the value"), ("1e999", "out of range"),
        ]
        for (text, words) in cases {
            guard let error = syntaxError(text) else {
                XCTFail("\(text) was accepted")
                continue
            }
            XCTAssertTrue(error.reason.contains(words), "\(text): \(error)")
        }
    }

    func testRefusesInvalidUTF8InStrings() {
        let bytes: [UInt8] = [0x22, 0xFF, 0xFE, 0x22]
        XCTAssertThrowsError(try JSONValueParser.parse(bytes))
    }

    func testRefusesNestingDeeperThanTheLimitWithoutCrashing() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        XCTAssertTrue(syntaxError(deep)?.reason.contains("nested deeper") == true)
        let allowed = String(repeating: "[", count: JSONValueParser.maxDepth) + String(repeating: "]", count: JSONValueParser.maxDepth)
        XCTAssertNoThrow(try parse(allowed))
    }

    func testErrorNamesTheByteOffset() {
        XCTAssertEqual(syntaxError(#"{"a":1,}"#)?.offset, 7)
    }

    func testWritesCompactJSONWithEscapesAndUnescapedSlashes() throws {
        XCTAssertEqual(try written(.string("a\"b\\c/d\n\u{1}é😀")), #""a\"b\\c/d\n\u0001é😀""#)
        XCTAssertEqual(try written(.array([.int(-3), .double(2), .double(0.1), .bool(false), .null])), "[-3,2,0.1,false,null]")
        XCTAssertEqual(try written(.object(["k": .array([])])), #"{"k":[]}"#)
        XCTAssertEqual(try written(.data(mimeType: "text/plain", Data("hi".utf8))), #""data:text/plain;base64,aGk=""#)
    }

    func testRefusesNumbersJSONCannotHold() {
        XCTAssertThrowsError(try JSONValueWriter.bytes(.double(.nan)))
        XCTAssertThrowsError(try JSONValueWriter.bytes(.array([.double(.infinity)])))
    }

    func testWrittenTextReadsBackTheSameHereAndInFoundation() throws {
        let value: Value = .object([
            "jsonrpc": "2.0", "id": .int(42), "method": "tools/call",
            "params": .object(["name": "echo", "arguments": .object(["text": "日本 \"q\" \t 😀 \u{7f}"]),
                               "_meta": .object(["progressToken": .int(42)]), "n": .double(-1.5e-7)]),
        ])
        let bytes = try JSONValueWriter.bytes(value)
        XCTAssertEqual(try JSONValueParser.parse(bytes), value)
        let foundation = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
        let params = foundation?["params"] as? [String: Any]
        XCTAssertEqual((params?["arguments"] as? [String: Any])?["text"] as? String, "日本 \"q\" \t 😀 \u{7f}")
        XCTAssertEqual(params?["n"] as? Double, -1.5e-7)
    }

    func testToolCallResultsKeepStructuredContentLiteralOnBothPaths() throws {
        let textOnly = try parse(#"{"content":[{"type":"text","text":"5"}],"structuredContent":{"u":"data:,x"},"isError":false}"#)
        let fast = try JSONCoding.convert(textOnly, to: CallTool.Result.self)
        XCTAssertEqual(fast.content, [.text(text: "5", annotations: nil, _meta: nil)])
        XCTAssertEqual(fast.structuredContent, .object(["u": .string("data:,x")]))
        XCTAssertEqual(fast.isError, false)

        let mixed = try parse(#"{"content":[{"type":"image","data":"aGk=","mimeType":"image/png"},{"type":"text","text":"t"}],"structuredContent":{"u":"data:,x"},"_meta":{"k":1}}"#)
        let slow = try JSONCoding.convert(mixed, to: CallTool.Result.self)
        XCTAssertEqual(slow.content, [.image(data: "aGk=", mimeType: "image/png", annotations: nil, _meta: nil),
                                      .text(text: "t", annotations: nil, _meta: nil)])
        XCTAssertEqual(slow.structuredContent, .object(["u": .string("data:,x")]))
        XCTAssertEqual(slow._meta?.fields, ["k": .int(1)])
    }

    func testToolCallResultWithoutContentIsRefused() throws {
        XCTAssertThrowsError(try JSONCoding.convert(try parse(#"{"isError":true}"#), to: CallTool.Result.self))
        XCTAssertThrowsError(try JSONCoding.convert(try parse(#"{"content":[],"isError":"yes"}"#), to: CallTool.Result.self))
    }

    func testToolCallParametersAreWrittenAsTheSDKWritesThem() throws {
        let parameters = CallTool.Parameters(name: "echo", arguments: ["text": "hi"],
                                             meta: Metadata(progressToken: .string("p")))
        let ours = try JSONCoding.value(of: parameters)
        let sdk = try JSONValueParser.parse(JSONEncoder().encode(parameters))
        XCTAssertEqual(ours, sdk)
    }
}
