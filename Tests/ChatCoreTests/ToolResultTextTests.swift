import ChatCore
import Foundation
import MCP
import MCPHost
import XCTest

final class ToolResultTextTests: XCTestCase {
    func testTextBlocksAreJoinedAndOtherBlocksNamed() {
        let result = CallTool.Result(content: [
            .text(text: "第一行", annotations: nil, _meta: nil),
            .image(data: "AAAA", mimeType: "image/png", annotations: nil, _meta: nil),
            .text(text: "second", annotations: nil, _meta: nil),
        ])
        XCTAssertEqual(ToolResultText.render(result), "第一行\n[image image/png]\nsecond")
    }

    func testStructuredContentIsUsedWhenThereIsNoText() {
        let structured: Value = ["sum": 3, "a": 1]
        let result = CallTool.Result(content: [], structuredContent: Optional.some(structured))
        XCTAssertEqual(ToolResultText.render(result), #"{"a":1,"sum":3}"#)
    }

    func testCatalogSpecsCarryQualifiedNameServerAndObjectSchema() throws {
        let catalog = ToolCatalog([
            QualifiedTool(
                qualifiedName: "time__now", server: "time",
                tool: Tool(name: "now", description: "Current time", inputSchema: .null))
        ])
        let spec = try XCTUnwrap(catalog.specs.first)
        XCTAssertEqual(spec.name, "time__now")
        XCTAssertEqual(spec.description, "[time] Current time")
        XCTAssertEqual(String(decoding: spec.parametersJSON, as: UTF8.self), #"{"type":"object"}"#)
        XCTAssertEqual(catalog.tool(named: "time__now")?.server, "time")
        XCTAssertNil(catalog.tool(named: "time__later"))
    }
}
