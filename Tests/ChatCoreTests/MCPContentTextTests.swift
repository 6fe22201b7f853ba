import ChatCore
import Foundation
import MCP
import MCPHost
import XCTest

final class MCPContentTextTests: XCTestCase {
    func testTextBlocksAreJoinedAndOtherBlocksNamed() {
        let result = CallTool.Result(content: [
            .text(text: "第一行", annotations: nil, _meta: nil),
            .image(data: "AAAA", mimeType: "image/png", annotations: nil, _meta: nil),
            .text(text: "second", annotations: nil, _meta: nil),
        ])
        XCTAssertEqual(MCPContentText.render(result), "第一行\n[image image/png, 3 bytes]\nsecond")
    }

    func testStructuredContentIsUsedWhenThereIsNoText() {
        let structured: Value = ["sum": 3, "a": 1]
        let result = CallTool.Result(content: [], structuredContent: Optional.some(structured))
        XCTAssertEqual(MCPContentText.render(result), #"{"a":1,"sum":3}"#)
    }

    func testToolResultsPromptsAndResourcesShareOnePlaceholder() {
        let png = String(repeating: "A", count: 16_384)  // 12 KB once decoded
        let tool = MCPContentText.render(CallTool.Result(content: [.image(data: png, mimeType: "image/png", annotations: nil, _meta: nil)]))
        let prompt = MCPContentText.text(of: Prompt.Message.Content.image(data: png, mimeType: "image/png"))
        XCTAssertEqual(tool, "[image image/png, 12 KB]")
        XCTAssertEqual(prompt, tool)
        let read = MCPContentText.render(ReadResource.Result(contents: [
            .text("hello", uri: "demo://a"), .binary(Data(count: 2048), uri: "demo://b", mimeType: "image/png"),
        ]))
        XCTAssertEqual(read, "hello\n[binary image/png, 2 KB]")
    }

    func testAnEmbeddedResourceIsTheSameBlockInAToolResultAndAPrompt() {
        let resource = Resource.Content.text("let x = 1", uri: "file:///a.swift", mimeType: "text/x-swift")
        let block = "<attached-resource uri=\"file:///a.swift\">\nlet x = 1\n</attached-resource>"
        XCTAssertEqual(MCPContentText.render(CallTool.Result(content: [.resource(resource: resource, annotations: nil, _meta: nil)])), block)
        XCTAssertEqual(MCPContentText.text(of: Prompt.Message.Content.resource(resource: resource, annotations: nil, _meta: nil)), block)
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
