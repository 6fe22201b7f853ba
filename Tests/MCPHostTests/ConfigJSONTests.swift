import Foundation
import XCTest

@testable import MCPHost

final class ConfigJSONTests: XCTestCase {
    private func parse(_ text: String) throws -> ConfigJSON { try ConfigJSON.parse(Data(text.utf8)) }

    private func syntaxError(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> ConfigJSON.SyntaxError? {
        do {
            let value = try parse(text)
            XCTFail("expected a syntax error, got \(value)", file: file, line: line)
            return nil
        } catch {
            return error as? ConfigJSON.SyntaxError
        }
    }

    func testScalarsAndNesting() throws {
        let doc = try parse(#"{"a": [1, -2.5e3, true, false, null, "x"], "b": {}}"#)
        guard case .object(let members) = doc.value else { return XCTFail("not an object") }
        XCTAssertEqual(members.map(\.key), ["a", "b"])
        guard case .array(let items) = members[0].value.value else { return XCTFail("not an array") }
        XCTAssertEqual(items.map(\.value), [.number(1), .number(-2500), .bool(true), .bool(false), .null, .string("x")])
        XCTAssertEqual(members[1].value.value, .object([]))
    }

    func testLinesOfValuesAndKeys() throws {
        let doc = try parse("{\n  \"a\":\n    1,\n  \"b\": [\n    \"x\",\n    \"y\"]\n}")
        XCTAssertEqual(doc.line, 1)
        guard case .object(let m) = doc.value, case .array(let items) = m[1].value.value else { return XCTFail() }
        XCTAssertEqual(m[0].keyLine, 2)
        XCTAssertEqual(m[0].value.line, 3)
        XCTAssertEqual(m[1].keyLine, 4)
        XCTAssertEqual(items.map(\.line), [5, 6])
    }

    func testStringEscapesAndSurrogatePairs() throws {
        let doc = try parse(#""a\"b\\c\/d\n\t\u00e9\u6771\ud83d\ude00""#)
        XCTAssertEqual(doc.value, .string("a\"b\\c/d\n\té東😀"))
    }

    func testRawUTF8IsKept() throws {
        XCTAssertEqual(try parse("\"東京 👩‍💻\"").value, .string("東京 👩‍💻"))
    }

    func testByteOrderMarkIsSkipped() throws {
        XCTAssertEqual(try ConfigJSON.parse(Data([0xEF, 0xBB, 0xBF]) + Data("[]".utf8)).value, .array([]))
    }

    func testDuplicateKeysAreKept() throws {
        guard case .object(let m) = try parse(#"{"a":1,"a":2}"#).value else { return XCTFail() }
        XCTAssertEqual(m.count, 2)
    }

    func testTrailingCommaReportsLineAndColumn() {
        let e = syntaxError("{\n  \"a\": 1,\n}")
        XCTAssertEqual(e?.line, 3)
        XCTAssertEqual(e?.column, 1)
        XCTAssertEqual(e?.message, "expected a string key in double quotes, found '}'")
    }

    func testMissingCommaReportsColumnAfterCJKText() {
        // Columns count characters, not bytes: "東京" is 2 columns of 6 bytes.
        let e = syntaxError("{\"東京\": 1 \"b\": 2}")
        XCTAssertEqual(e?.line, 1)
        XCTAssertEqual(e?.column, 10)
        XCTAssertEqual(e?.message, "expected ',' or '}' in object, found '\"'")
    }

    func testCommentsAreRejected() {
        XCTAssertEqual(syntaxError("// hi\n{}")?.message, "expected a value, found '/'")
    }

    func testSingleQuotesAreRejected() {
        XCTAssertEqual(syntaxError("{'a': 1}")?.column, 2)
    }

    func testEmptyInputIsAnError() {
        XCTAssertEqual(syntaxError("")?.description, "1:1: expected a value, found end of file")
    }

    func testUnterminatedStringIsAnError() {
        XCTAssertEqual(syntaxError("{\"a\": \"abc")?.message, "unterminated string")
    }

    func testRawControlCharacterInStringIsAnError() {
        XCTAssertEqual(syntaxError("\"a\tb\"")?.column, 3)
    }

    func testNumberGrammar() {
        XCTAssertEqual(syntaxError("01")?.message, "numbers must not have leading zeros")
        XCTAssertNotNil(syntaxError("1."))
        XCTAssertNotNil(syntaxError(".5"))
        XCTAssertNotNil(syntaxError("+1"))
        XCTAssertNotNil(syntaxError("1e"))
        XCTAssertNotNil(syntaxError("1e999"))
        XCTAssertEqual(try parse("0.5E-1").value, .number(0.05))
    }

    func testBadLiteralsAndEscapes() {
        XCTAssertNotNil(syntaxError("tru"))
        XCTAssertNotNil(syntaxError("NaN"))
        XCTAssertNotNil(syntaxError(#""\x""#))
        XCTAssertEqual(syntaxError(#""\ud83d""#)?.message, "unpaired surrogate in \\u escape")
        XCTAssertNotNil(syntaxError(#""\ude00""#))
    }

    func testTrailingGarbageIsAnError() {
        XCTAssertEqual(syntaxError("{} x")?.message, "unexpected 'x' after the end of the JSON value")
    }

    func testInvalidUTF8IsAnError() {
        XCTAssertThrowsError(try ConfigJSON.parse(Data([0x22, 0xFF, 0x22])))
    }

    func testDeepNestingIsAnErrorNotACrash() {
        XCTAssertEqual(syntaxError(String(repeating: "[", count: 10_000))?.message, "nested more than 256 levels deep")
    }
}
