import MCP
@testable import MCPHost
import XCTest

final class JSONRPCMessageTests: XCTestCase {
    private func classify(_ json: String) throws -> JSONRPCMessage {
        JSONRPCMessage.classify(try JSONCoding.value(from: Data(json.utf8)))
    }

    func testErrorWithNonObjectDataIsStillAnError() throws {
        XCTAssertEqual(try classify(#"{"jsonrpc":"2.0","id":4,"error":{"code":-32602,"message":"bad","data":"text"}}"#),
                       .response(id: 4, outcome: .error(code: -32602, message: "bad")))
        XCTAssertEqual(try classify(#"{"jsonrpc":"2.0","id":5,"error":{"code":-1,"message":"m","data":[1,2]}}"#),
                       .response(id: 5, outcome: .error(code: -1, message: "m")))
    }

    func testIdsEchoedAsStringsAreAccepted() throws {
        XCTAssertEqual(try classify(#"{"jsonrpc":"2.0","id":"7","result":{}}"#),
                       .response(id: 7, outcome: .result(.object([:]))))
    }

    func testBrokenEnvelopesFailOnlyTheirRequest() throws {
        XCTAssertEqual(try classify(#"{"jsonrpc":"2.0","id":8}"#),
                       .response(id: 8, outcome: .malformed("response without \"result\" or \"error\"")))
        XCTAssertEqual(try classify(#"{"jsonrpc":"2.0","id":9,"error":"nope"}"#),
                       .response(id: 9, outcome: .malformed("error without an integer \"code\"")))
    }

    func testRequestsAndNotificationsAreToldApart() throws {
        XCTAssertEqual(try classify(#"{"jsonrpc":"2.0","id":"a","method":"ping"}"#),
                       .request(id: .string("a"), method: "ping", params: nil))
        XCTAssertEqual(try classify(#"{"jsonrpc":"2.0","method":"notifications/tools/list_changed"}"#),
                       .notification(method: "notifications/tools/list_changed", params: nil))
        guard case .invalid = try classify("[1]") else { return XCTFail() }
        guard case .invalid = try classify(#"{"jsonrpc":"2.0"}"#) else { return XCTFail() }
    }

    func testStringsThatLookLikeDataURLsStayStrings() throws {
        let value = try JSONCoding.value(from: Data(#"{"text":"data:,hello"}"#.utf8))
        XCTAssertEqual(value, .object(["text": .string("data:,hello")]))
        XCTAssertEqual(String(decoding: try JSONCoding.encode(value), as: UTF8.self), #"{"text":"data:,hello"}"#)
    }
}
