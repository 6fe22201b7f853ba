import ChatCore
import MCP
import XCTest

/// A server's form checked against its `requestedSchema`: each rule of the spec's schema subset,
/// and the answer's values typed as the schema says.
final class ElicitationValidationTests: XCTestCase {
    private func field(_ schema: Value, required: Bool = false, name: String = "f") -> ElicitationField {
        ElicitationField(name: name, schema: schema, isRequired: required)
    }

    private func problem(_ value: Value, _ schema: Value) -> String? {
        ElicitationValidation.problem(with: value, for: field(schema))
    }

    // MARK: Reading the schema

    func testEveryKindOfPropertyBecomesItsField() {
        let schema = Elicitation.RequestSchema(properties: [
            "name": ["type": "string", "title": "Name", "description": "Your name", "minLength": 2, "maxLength": 40],
            "email": ["type": "string", "format": "email"],
            "age": ["type": "integer", "minimum": 0, "maximum": 150, "default": 30],
            "ratio": ["type": "number", "minimum": 0.5],
            "subscribe": ["type": "boolean", "default": true],
            "color": ["type": "string", "enum": ["red", "green"], "enumNames": ["Red", "Green"]],
            "size": ["type": "string", "oneOf": [["const": "s", "title": "Small"], ["const": "l", "title": "Large"]]],
            "tags": ["type": "array", "minItems": 1, "maxItems": 2,
                     "items": ["type": "string", "enum": ["a", "b", "c"]]],
            "extras": ["type": "array", "items": ["anyOf": [["const": "x", "title": "Ex"]]]],
            "nested": ["type": "object"],
        ], required: ["name", "color"])
        let fields = ElicitationField.fields(of: schema)
        XCTAssertEqual(fields.map(\.name), ["age", "color", "email", "extras", "name", "nested", "ratio", "size",
                                            "subscribe", "tags"], "sorted by key: the SDK's dictionary lost the order")
        let byName = Dictionary(uniqueKeysWithValues: fields.map { ($0.name, $0) })
        XCTAssertEqual(byName["name"]?.kind, .text(format: nil, otherFormat: nil, minLength: 2, maxLength: 40))
        XCTAssertEqual(byName["name"]?.label, "Name")
        XCTAssertEqual(byName["name"]?.description, "Your name")
        XCTAssertEqual(byName["name"]?.isRequired, true)
        XCTAssertEqual(byName["email"]?.kind, .text(format: .email, otherFormat: nil, minLength: nil, maxLength: nil))
        XCTAssertEqual(byName["email"]?.label, "email", "untitled: the key")
        XCTAssertEqual(byName["age"]?.kind, .number(integer: true, minimum: 0, maximum: 150))
        XCTAssertEqual(byName["age"]?.defaultValue, 30)
        XCTAssertEqual(byName["ratio"]?.kind, .number(integer: false, minimum: 0.5, maximum: nil))
        XCTAssertEqual(byName["subscribe"]?.kind, .boolean)
        XCTAssertEqual(byName["color"]?.kind, .choice([.init(value: "red", title: "Red"), .init(value: "green", title: "Green")]))
        XCTAssertEqual(byName["size"]?.kind, .choice([.init(value: "s", title: "Small"), .init(value: "l", title: "Large")]))
        XCTAssertEqual(byName["tags"]?.kind, .choices([.init(value: "a"), .init(value: "b"), .init(value: "c")],
                                                      minItems: 1, maxItems: 2))
        XCTAssertEqual(byName["extras"]?.kind, .choices([.init(value: "x", title: "Ex")], minItems: nil, maxItems: nil))
        XCTAssertEqual(byName["nested"]?.kind, .unsupported("its type is \"object\""))
    }

    // MARK: Each rule

    func testRequiredFieldsMustBeFilledAndEmptyOptionalOnesAreLeftOut() {
        let fields = [field(["type": "string"], required: true, name: "a"), field(["type": "string"], name: "b"),
                      field(["type": "string", "enum": ["x"]], required: true, name: "c"),
                      field(["type": "integer"], name: "d")]
        XCTAssertEqual(ElicitationValidation.check(fields, [.text(""), .text(""), .picked([]), .text("  ")]),
                       .invalid([0: "required", 2: "required: pick one"]))
        XCTAssertEqual(ElicitationValidation.check(fields, [.text("x"), .text(""), .picked([0]), .text("")]),
                       .valid(["a": "x", "c": "x"]))
    }

    func testStringLengthCountsCharactersNotBytesSoCJKCountsOneEach() {
        let schema: Value = ["type": "string", "minLength": 2, "maxLength": 3]
        XCTAssertNil(problem("東京", schema), "2 characters (6 UTF-8 bytes)")
        XCTAssertNil(problem("東京都", schema))
        XCTAssertEqual(problem("東京都庁", schema), "at most 3 characters (has 4)")
        XCTAssertEqual(problem("東", schema), "at least 2 characters (has 1)")
        XCTAssertEqual(problem(1, schema), "must be text")
    }

    func testFormatsEmailURIDateAndDateTime() {
        let email: Value = ["type": "string", "format": "email"]
        XCTAssertNil(problem("ann@example.com", email))
        XCTAssertNil(problem("安@例え.jp", email))
        for bad in ["ann", "ann@", "@example.com", "ann@example", "a b@example.com", "a@b@c.com", "ann@-x.com"] {
            XCTAssertEqual(problem(.string(bad), email), "not an email address (name@example.com)", bad)
        }
        let uri: Value = ["type": "string", "format": "uri"]
        XCTAssertNil(problem("https://example.com/a?b=c", uri))
        XCTAssertNil(problem("mailto:ann@example.com", uri))
        for bad in ["example.com", "/relative/path", "https://exa mple.com", "1http://x", "https:"] {
            XCTAssertEqual(problem(.string(bad), uri), "not a URI (e.g. https://example.com/page)", bad)
        }
        let date: Value = ["type": "string", "format": "date"]
        XCTAssertNil(problem("2024-02-29", date), "a leap day")
        for bad in ["2023-02-29", "2024-13-01", "2024-1-01", "2024-04-31", "24-01-01", "2024-01-01T00:00:00Z"] {
            XCTAssertEqual(problem(.string(bad), date), "not a date (YYYY-MM-DD)", bad)
        }
        let dateTime: Value = ["type": "string", "format": "date-time"]
        for good in ["2024-05-01T12:30:00Z", "2024-05-01t12:30:00.125z", "2024-05-01T23:59:60+09:00"] {
            XCTAssertNil(problem(.string(good), dateTime), good)
        }
        for bad in ["2024-05-01", "2024-05-01T12:30Z", "2024-05-01T24:00:00Z", "2024-05-01T12:30:00",
                    "2024-05-01T12:30:00+0900", "2024-05-01T12:30:00.Z"] {
            XCTAssertEqual(problem(.string(bad), dateTime), "not a date-time (YYYY-MM-DDThh:mm:ssZ or +hh:mm)", bad)
        }
        XCTAssertNil(problem("anything", ["type": "string", "format": "ipv4"]), "a format the spec does not name is not checked")
    }

    func testNumbersIntegersAndTheirRanges() {
        let integer = field(["type": "integer", "minimum": 1, "maximum": 10])
        XCTAssertEqual(ElicitationValidation.read(.text(" 7 "), for: integer), .value(.int(7)))
        XCTAssertEqual(ElicitationValidation.read(.text("3.0"), for: integer), .value(.int(3)), "a whole number written with a fraction")
        XCTAssertEqual(ElicitationValidation.read(.text("2.5"), for: integer), .problem("not a whole number"))
        XCTAssertEqual(ElicitationValidation.read(.text("seven"), for: integer), .problem("not a whole number"))
        XCTAssertEqual(ElicitationValidation.problem(with: 11, for: integer), "must be from 1 to 10")
        XCTAssertEqual(ElicitationValidation.problem(with: 0, for: integer), "must be from 1 to 10")
        XCTAssertEqual(ElicitationValidation.problem(with: 2.5, for: integer), "not a whole number")
        XCTAssertNil(ElicitationValidation.problem(with: 10, for: integer))

        let number = field(["type": "number", "minimum": 0.5])
        XCTAssertEqual(ElicitationValidation.read(.text("2"), for: number), .value(.double(2)))
        XCTAssertEqual(ElicitationValidation.read(.text("-1.5e2"), for: number), .value(.double(-150)))
        for bad in ["nan", "inf", "0x1p3", "1e", "--1", "1.2.3", ""] where !bad.isEmpty {
            XCTAssertEqual(ElicitationValidation.read(.text(bad), for: number), .problem("not a number"), bad)
        }
        XCTAssertEqual(ElicitationValidation.problem(with: 0.25, for: number), "must be at least 0.5")
        XCTAssertEqual(ElicitationValidation.problem(with: 0.5, for: field(["type": "number", "maximum": 0.25])),
                       "must be at most 0.25")
        XCTAssertEqual(ElicitationValidation.problem(with: "1", for: number), "not a number")
    }

    func testBooleansAreSentAsBooleans() {
        let flag = field(["type": "boolean"])
        XCTAssertEqual(ElicitationValidation.read(.flag(false), for: flag), .value(false))
        XCTAssertEqual(ElicitationValidation.problem(with: "true", for: flag), "must be yes or no")
    }

    func testEnumMembershipForOneAndForSeveralWithTheirCounts() {
        let single = field(["type": "string", "enum": ["red", "green"]])
        XCTAssertEqual(ElicitationValidation.read(.picked([1]), for: single), .value("green"))
        XCTAssertNil(ElicitationValidation.problem(with: "red", for: single))
        XCTAssertEqual(ElicitationValidation.problem(with: "blue", for: single), "not one of the choices")

        let several = field(["type": "array", "minItems": 1, "maxItems": 2,
                             "items": ["anyOf": [["const": "a", "title": "A"], ["const": "b", "title": "B"],
                                                 ["const": "c", "title": "C"]]]])
        XCTAssertEqual(ElicitationValidation.read(.picked([0, 2]), for: several), .value(["a", "c"]))
        XCTAssertEqual(ElicitationValidation.read(.picked([]), for: several), .empty, "optional and empty: left out")
        XCTAssertEqual(ElicitationValidation.problem(with: [], for: several), "pick at least 1")
        XCTAssertEqual(ElicitationValidation.problem(with: ["a", "b", "c"], for: several), "pick at most 2")
        XCTAssertEqual(ElicitationValidation.problem(with: ["a", "z"], for: several), "\"z\" is not one of the choices")
        XCTAssertEqual(ElicitationValidation.problem(with: ["a", "a"], for: several), "a choice is picked twice")

        let requiredSeveral = field(["type": "array", "minItems": 1, "items": ["enum": ["a"]]], required: true)
        XCTAssertEqual(ElicitationValidation.check([requiredSeveral], [.picked([])]), .invalid([0: "pick at least 1"]),
                       "a required list is sent even when empty, so its item count decides")
    }

    func testAValidFormCarriesExactlyTypedValues() {
        let fields = ElicitationField.fields(of: Elicitation.RequestSchema(properties: [
            "age": ["type": "integer"], "name": ["type": "string"], "ok": ["type": "boolean"],
            "ratio": ["type": "number"], "tags": ["type": "array", "items": ["enum": ["a", "b"]]],
        ]))
        let outcome = ElicitationValidation.check(fields, [.text("42"), .text("東京 Ann"), .flag(true), .text("2.5"),
                                                           .picked([1])])
        XCTAssertEqual(outcome, .valid(["age": .int(42), "name": .string("東京 Ann"), "ok": .bool(true),
                                        "ratio": .double(2.5), "tags": .array([.string("b")])]))
    }

    func testARequiredFieldMcptermCannotFillInIsNamedNotSentEmpty() {
        let nested = field(["type": "object"], required: true)
        XCTAssertEqual(ElicitationValidation.check([nested], [.text("")]),
                       .invalid([0: "required, but mcpterm cannot fill it in (its type is \"object\")"]))
        XCTAssertEqual(ElicitationValidation.check([field(["type": "object"])], [.text("")]), .valid([:]))
    }
}
