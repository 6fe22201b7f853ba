import MCPHost
import XCTest

final class VariableExpanderTests: XCTestCase {
    func testSetVariableExpands() throws {
        XCTAssertEqual(try VariableExpander.expand("Bearer ${TOKEN}", environment: ["TOKEN": "abc"]), "Bearer abc")
    }

    func testUnsetVariableWithDefaultUsesDefault() throws {
        XCTAssertEqual(try VariableExpander.expand("${TZ:-UTC}", environment: [:]), "UTC")
    }

    func testEmptyVariableWithDefaultUsesDefault() throws {
        XCTAssertEqual(try VariableExpander.expand("${TZ:-UTC}", environment: ["TZ": ""]), "UTC")
    }

    func testSetVariableWinsOverDefault() throws {
        XCTAssertEqual(try VariableExpander.expand("${TZ:-UTC}", environment: ["TZ": "Asia/Tokyo"]), "Asia/Tokyo")
    }

    func testEmptyDefaultGivesEmptyString() throws {
        XCTAssertEqual(try VariableExpander.expand("a${X:-}b", environment: [:]), "ab")
    }

    func testSetButEmptyVariableWithoutDefaultIsEmpty() throws {
        XCTAssertEqual(try VariableExpander.expand("[${X}]", environment: ["X": ""]), "[]")
    }

    func testUnsetVariableWithoutDefaultIsAnErrorNamingIt() {
        XCTAssertThrowsError(try VariableExpander.expand("x${MISSING_VAR}y", environment: [:])) { error in
            XCTAssertEqual(error as? VariableError, .unset(name: "MISSING_VAR"))
            XCTAssertTrue("\(error)".contains("${MISSING_VAR} is not set"), "\(error)")
        }
    }

    func testSeveralReferencesInOneString() throws {
        let env = ["HOST": "127.0.0.1", "PORT": "8000"]
        XCTAssertEqual(
            try VariableExpander.expand("http://${HOST}:${PORT}/${PATH:-mcp}", environment: env),
            "http://127.0.0.1:8000/mcp")
    }

    func testLoneDollarIsLiteral() throws {
        XCTAssertEqual(try VariableExpander.expand("cost $5 and $HOME and $$", environment: ["HOME": "/h"]),
                       "cost $5 and $HOME and $$")
    }

    func testValueIsNotExpandedAgain() throws {
        XCTAssertEqual(try VariableExpander.expand("${A}", environment: ["A": "${B}", "B": "no"]), "${B}")
    }

    func testUnterminatedReferenceIsAnError() {
        XCTAssertThrowsError(try VariableExpander.expand("${OPEN", environment: ["OPEN": "x"])) { error in
            XCTAssertEqual(error as? VariableError, .unterminated)
        }
    }

    func testInvalidNameIsAnError() {
        XCTAssertThrowsError(try VariableExpander.expand("${1X}", environment: [:])) { error in
            XCTAssertEqual(error as? VariableError, .invalidName("1X"))
        }
        XCTAssertThrowsError(try VariableExpander.expand("${}", environment: [:]))
    }

    func testNonASCIITextAroundReferencesIsKept() throws {
        XCTAssertEqual(try VariableExpander.expand("東京${S:-/}時間", environment: [:]), "東京/時間")
    }
}
