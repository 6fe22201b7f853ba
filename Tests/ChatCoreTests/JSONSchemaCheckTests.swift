import ChatCore
import Foundation
import MCP
import XCTest

/// The schema subset tools write, as the Python SDK writes it ($defs, enums, anyOf for optional
/// fields), with problems that say where.
final class JSONSchemaCheckTests: XCTestCase {
    private func json(_ text: String) throws -> Value {
        try JSONDecoder().decode(Value.self, from: Data(text.utf8))
    }

    /// The outputSchema the results fixture server publishes for `measure` (pydantic's output).
    private var measurement: Value {
        get throws {
            try json(#"""
            {"properties": {"size": {"$ref": "#/$defs/Size"},
                            "colour": {"enum": ["red", "green"], "title": "Colour", "type": "string"}},
             "required": ["size", "colour"], "type": "object", "title": "Measurement",
             "$defs": {"Size": {"properties": {"width": {"title": "Width", "type": "integer"},
                                               "height": {"title": "Height", "type": "integer"}},
                                "required": ["width", "height"], "title": "Size", "type": "object"}}}
            """#)
        }
    }

    func testAValueThatFitsANestedSchemaWithRefsHasNoProblems() throws {
        let value = try json(#"{"size": {"width": 4, "height": 3.0}, "colour": "red", "extra": true}"#)
        XCTAssertEqual(JSONSchemaCheck.problems(value, against: try measurement), [])
    }

    func testProblemsSayWhereWhatWasExpectedAndWhatCame() throws {
        let value = try json(#"{"size": {"width": "4"}, "colour": "blue"}"#)
        XCTAssertEqual(JSONSchemaCheck.problems(value, against: try measurement), [
            #"/colour: not one of the allowed values ("red", "green")"#,
            #"/size: missing required property "height""#,
            "/size/width: expected integer, got string",
        ])
        XCTAssertEqual(JSONSchemaCheck.problems(try json("[1]"), against: try measurement), ["top level: expected object, got array"])
        XCTAssertEqual(JSONSchemaCheck.problems(try json("{}"), against: try measurement), [
            #"top level: missing required property "size""#, #"top level: missing required property "colour""#,
        ])
    }

    func testAdditionalPropertiesFalseArraysAndBounds() throws {
        let closed = try json(#"{"type": "object", "properties": {"a/b": {"type": "string"}}, "additionalProperties": false}"#)
        XCTAssertEqual(JSONSchemaCheck.problems(try json(#"{"a/b": "x", "c": 1}"#), against: closed),
                       ["/c: not allowed (the schema lists no such property)"])
        XCTAssertEqual(JSONSchemaCheck.problems(try json(#"{"a/b": 1}"#), against: closed),
                       ["/a~1b: expected string, got integer"], "a JSON Pointer escapes the slash")
        let list = try json(#"{"type": "array", "items": {"type": "integer", "minimum": 0}, "maxItems": 3}"#)
        XCTAssertEqual(JSONSchemaCheck.problems(try json("[1, -2, 3.5, 4]"), against: list), [
            "top level: at most 3 items (has 4)", "/1: must be at least 0", "/2: expected integer, got number",
        ])
        let exclusive = try json(#"{"type": "number", "exclusiveMaximum": 1}"#)
        XCTAssertEqual(JSONSchemaCheck.problems(.int(1), against: exclusive), ["top level: must be less than 1"])
        XCTAssertEqual(JSONSchemaCheck.problems(.double(0.5), against: exclusive), [])
    }

    func testStringsAreMeasuredInCodePointsAndFormatsChecked() throws {
        let schema = try json(#"{"type": "string", "minLength": 3, "format": "date"}"#)
        XCTAssertEqual(JSONSchemaCheck.problems(.string("東京"), against: schema), [
            "top level: at least 3 characters (has 2)", "top level: not a date (YYYY-MM-DD)",
        ])
        XCTAssertEqual(JSONSchemaCheck.problems(.string("2026-02-28"), against: schema), [])
    }

    func testCombinationsAndReferences() throws {
        let optional = try json(#"{"anyOf": [{"type": "string"}, {"type": "null"}]}"#)
        XCTAssertEqual(JSONSchemaCheck.problems(.null, against: optional), [])
        XCTAssertEqual(JSONSchemaCheck.problems(.int(3), against: optional),
                       ["top level: matches none of the schemas it may take (anyOf)"])
        let one = try json(#"{"oneOf": [{"type": "number"}, {"type": "integer"}]}"#)
        XCTAssertEqual(JSONSchemaCheck.problems(.int(3), against: one),
                       ["top level: matches 2 of the schemas where exactly one must (oneOf)"])
        XCTAssertEqual(JSONSchemaCheck.problems(.double(0.5), against: one), [])
        XCTAssertEqual(JSONSchemaCheck.problems(.int(1), against: try json(##"{"$ref": "#"}"##)), [],
                       "a schema that refers to itself ends")
        XCTAssertEqual(JSONSchemaCheck.problems(.int(1), against: try json(##"{"$ref": "#/$defs/Nope"}"##)),
                       ["top level: the schema refers to #/$defs/Nope, which it does not define"])
        XCTAssertEqual(JSONSchemaCheck.problems(.int(1), against: .bool(true)), [])
        XCTAssertEqual(JSONSchemaCheck.problems(.int(1), against: .bool(false)), ["top level: not allowed here"])
        XCTAssertEqual(JSONSchemaCheck.problems(.double(2.0), against: try json(#"{"const": 2}"#)), [], "2.0 is 2")
    }
}
