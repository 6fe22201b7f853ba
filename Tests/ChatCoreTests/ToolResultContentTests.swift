import ChatCore
import Foundation
import LLM
import MCP
import MCPHost
import XCTest

/// A tool's answer read once: the model gets media as media (placeholders where a provider
/// cannot take them), the card says what came back, structured content is checked against the
/// tool's outputSchema, errors are errors, and the session file keeps text only.
final class ToolResultContentTests: XCTestCase {
    private let png = ImageHeaderTests.png3x2
    private let pngMedia = ChatMedia(kind: .image, mimeType: "image/png", base64: ImageHeaderTests.png3x2,
                                     placeholder: "[image image/png, 73 bytes]")
    private let reading: Value = [
        "type": "object", "properties": ["celsius": ["type": "number"]], "required": ["celsius"],
    ]

    private func image(_ data: String, _ mimeType: String = "image/png") -> Tool.Content {
        .image(data: data, mimeType: mimeType, annotations: nil, _meta: nil)
    }

    private func text(_ text: String) -> Tool.Content {
        .text(text: text, annotations: nil, _meta: nil)
    }

    func testAnImageGoesToTheModelAsMediaAndToTheCardWithTypeSizeAndDimensions() {
        let content = ToolResultContent(CallTool.Result(content: [text("a 3×2 picture"), image(png)]), outputSchema: nil)
        XCTAssertEqual(content.modelParts, [.text("a 3×2 picture"), .media(pngMedia)])
        XCTAssertEqual(content.shownText, "a 3×2 picture\n[image image/png, 73 bytes, 3×2]")
        XCTAssertEqual(ChatMessage.tool(id: "c1", parts: content.modelParts).content,
                       "a 3×2 picture\n[image image/png, 73 bytes]", "a provider without images gets the old placeholder")
        let unreadable = ToolResultContent(CallTool.Result(content: [image("AAAA", "image/png")]), outputSchema: nil)
        XCTAssertEqual(unreadable.shownText, "[image image/png, 3 bytes]", "no dimensions when the header says none")
    }

    func testAudioLinksAndEmbeddedResourcesAreNamedOnTheCard() {
        let dot = ImageHeaderTests.pngHeader(width: 5, height: 7)
        let result = CallTool.Result(content: [
            .audio(data: "UklGRg==", mimeType: "audio/wav", annotations: nil, _meta: nil),
            .resourceLink(uri: "file:///srv/report.md", name: "report", mimeType: "text/markdown"),
            .resource(resource: .text("東京 notes", uri: "file:///srv/notes.txt", mimeType: "text/plain")),
            .resource(resource: .binary(Data(base64Encoded: dot) ?? Data(), uri: "file:///srv/dot.png", mimeType: "image/png")),
        ])
        let content = ToolResultContent(result, outputSchema: nil)
        XCTAssertEqual(content.shownText, """
            [audio audio/wav, 4 bytes]
            [resource link report: file:///srv/report.md]
            [resource file:///srv/notes.txt text/plain, 12 bytes]
            東京 notes
            [resource file:///srv/dot.png image/png, 33 bytes, 5×7]
            """)
        XCTAssertEqual(content.modelParts, [
            .media(ChatMedia(kind: .audio, mimeType: "audio/wav", base64: "UklGRg==", placeholder: "[audio audio/wav, 4 bytes]")),
            .text("[resource link report: file:///srv/report.md]"),
            .text("<attached-resource uri=\"file:///srv/notes.txt\">\n東京 notes\n</attached-resource>"),
            .text("<attached-resource uri=\"file:///srv/dot.png\">"),
            .media(ChatMedia(kind: .image, mimeType: "image/png", base64: dot, placeholder: "[binary image/png, 33 bytes]")),
            .text("</attached-resource>"),
        ])
        XCTAssertEqual(ChatMessage.tool(id: "c1", parts: content.modelParts).content, MCPContentText.render(result),
                       "as text, the embedded picture reads as it always did")
    }

    func testStructuredContentThatFitsReachesTheModelWhenNoBlockIsText() {
        let result = CallTool.Result(content: [image(png)], structuredContent: Optional<Value>.some(["celsius": 21.5]))
        let content = ToolResultContent(result, outputSchema: reading)
        XCTAssertEqual(content.schemaProblems, [])
        XCTAssertEqual(content.modelParts, [.media(pngMedia), .text(#"{"celsius":21.5}"#)])
        XCTAssertEqual(content.shownText, "[image image/png, 73 bytes, 3×2]\n{\"celsius\":21.5}")
        let withText = ToolResultContent(CallTool.Result(content: [text("21.5 °C")], structuredContent: Optional<Value>.some(["celsius": 21.5])),
                                         outputSchema: reading)
        XCTAssertEqual(withText.modelParts, [.text("21.5 °C")], "the text block already says it")
    }

    func testAMismatchHeadsTheCardAndEndsTheModelsTextWithANote() {
        let result = CallTool.Result(content: [text("warm")], structuredContent: Optional<Value>.some(["celsius": "warm"]))
        let content = ToolResultContent(result, outputSchema: reading)
        XCTAssertEqual(content.schemaProblems, ["/celsius: expected number, got string"])
        XCTAssertEqual(content.shownText,
                       "⚠ structuredContent does not match the tool's outputSchema: /celsius: expected number, got string\nwarm")
        XCTAssertEqual(content.modelParts, [
            .text("warm"),
            .text("[mcpterm: this result's structuredContent does not match the tool's outputSchema: /celsius: expected number, got string]"),
        ])
        XCTAssertFalse(content.isError, "the result still came; the note tells the model what is off")
        let missing = ToolResultContent(CallTool.Result(content: [text("warm")]), outputSchema: reading)
        XCTAssertEqual(missing.schemaProblems, ["the tool declares an outputSchema but sent no structuredContent"])
    }

    func testAnErrorResultIsAnErrorForTheModelAndNotCheckedAgainstTheSchema() {
        let result = CallTool.Result(content: [text("disk full"), image(png)], isError: true)
        let content = ToolResultContent(result, outputSchema: reading)
        XCTAssertTrue(content.isError)
        XCTAssertEqual(content.schemaProblems, [])
        XCTAssertEqual(content.modelParts, [.text("Error: disk full"), .media(pngMedia)])
        let bare = ToolResultContent(CallTool.Result(content: [image(png)], isError: true), outputSchema: nil)
        XCTAssertEqual(bare.modelParts.first, .text("Error: the tool reported an error"))
    }

    // MARK: Through the agent loop and the session file

    private let catalog = ToolCatalog([
        QualifiedTool(qualifiedName: "lab__snap", server: "lab",
                      tool: Tool(name: "snap", description: "Takes a picture", inputSchema: ["type": "object"])),
        QualifiedTool(qualifiedName: "lab__read", server: "lab",
                      tool: Tool(name: "read", description: "Reads the thermometer", inputSchema: ["type": "object"],
                                 outputSchema: ["type": "object", "properties": ["celsius": ["type": "number"]]])),
    ])

    /// A loop whose model called each tool of `results` (by call id; policy-approved) and got
    /// those results, with the records it made and the last actions.
    private func run(_ results: [String: CallTool.Result]) -> (AgentLoop, [SessionRecord], [AgentAction]) {
        var loop = AgentLoop(policy: ApprovalPolicy(configAllowed: ["lab": ["snap", "read"]]))
        _ = loop.submit("go")
        for id in results.keys.sorted() {
            let name = id == "c-snap" ? "lab__snap" : "lab__read"
            loop.receive(.toolCall(ToolCall(id: id, name: name, arguments: "{}")), turn: 1)
        }
        _ = loop.streamEnded(turn: 1, error: nil, catalog: catalog)
        var actions: [AgentAction] = []
        for id in results.keys.sorted() {
            actions = loop.toolFinished(callID: id, outcome: .result(results[id]!))
        }
        return (loop, loop.takeRecords(), actions)
    }

    func testTheLoopSendsMediaShowsTheCardAndSavesOnlyThePlaceholder() throws {
        let (loop, records, actions) = run([
            "c-snap": CallTool.Result(content: [text("snap"), image(png)]),
            "c-temp": CallTool.Result(content: [text("warm")], structuredContent: Optional<Value>.some(["celsius": "warm"])),
        ])
        guard case .startStream(_, let messages)? = actions.first else { return XCTFail("no follow-up: \(actions)") }
        let snap = try XCTUnwrap(messages.first { $0.toolCallID == "c-snap" })
        XCTAssertEqual(snap.parts, [.text("snap"), .media(pngMedia)])
        XCTAssertFalse(snap.isError)
        guard case .toolCall(let card)? = loop.transcript.first(where: {
            if case .toolCall(let record) = $0 { record.id == "c-snap" } else { false }
        }) else { return XCTFail("no card") }
        XCTAssertEqual(card.state, .done)
        XCTAssertEqual(card.resultText, "snap\n[image image/png, 73 bytes, 3×2]")
        let temp = try XCTUnwrap(messages.first { $0.toolCallID == "c-temp" })
        XCTAssertTrue(temp.content.hasSuffix("outputSchema: /celsius: expected number, got string]"), temp.content)

        // The file keeps what the card showed and what the model read as text, never the bytes.
        let lines = try records.map { String(decoding: try SessionEntry(at: Date(), record: $0).jsonLine(), as: UTF8.self) }
        XCTAssertFalse(lines.joined().contains(png), "no image bytes in the session file")
        let saved = records.compactMap { if case .toolResult(let result) = $0, result.callID == "c-snap" { result } else { nil } }
        XCTAssertEqual(saved.first?.text, "snap\n[image image/png, 73 bytes, 3×2]")
        XCTAssertEqual(saved.first?.contentForModel, "snap\n[image image/png, 73 bytes]")

        // --resume: the history is text with the placeholder, a valid tool message.
        let entries = [SessionEntry(at: Date(), record: .header(SessionHeader(
            id: "x", mcptermVersion: "0", provider: nil, model: nil, baseURL: nil, cwd: "/", servers: [],
            systemPrompt: nil)))] + records.map { SessionEntry(at: Date(), record: $0) }
        let resumed = SessionReplay.agent(from: entries, policy: ApprovalPolicy())
        XCTAssertEqual(resumed.messages.first { $0.toolCallID == "c-snap" },
                       .tool(id: "c-snap", content: "snap\n[image image/png, 73 bytes]"))
    }

    func testAnIsErrorResultIsShownAsAFailureAndReachesTheModelAsAnError() throws {
        let (loop, records, actions) = run(["c-snap": CallTool.Result(content: [text("disk full")], isError: true)])
        guard case .toolCall(let card)? = loop.transcript.last else { return XCTFail("no card") }
        XCTAssertEqual(card.state.label, "failed")
        XCTAssertTrue(card.resultIsError)
        XCTAssertEqual(card.resultText, "disk full")
        guard case .startStream(_, let messages)? = actions.first else { return XCTFail("no follow-up: \(actions)") }
        XCTAssertEqual(messages.last, .tool(id: "c-snap", content: "Error: disk full", isError: true))
        guard case .toolResult(let saved)? = records.last else { return XCTFail("no record: \(records)") }
        XCTAssertEqual(saved.state, .failed)
        XCTAssertTrue(saved.isError)
        let entries = [SessionEntry(at: Date(), record: .header(SessionHeader(
            id: "x", mcptermVersion: "0", provider: nil, model: nil, baseURL: nil, cwd: "/", servers: [],
            systemPrompt: nil)))] + records.map { SessionEntry(at: Date(), record: $0) }
        XCTAssertEqual(SessionReplay.agent(from: entries, policy: ApprovalPolicy()).messages.last,
                       .tool(id: "c-snap", content: "Error: disk full", isError: true), "an error after --resume too")
    }
}
