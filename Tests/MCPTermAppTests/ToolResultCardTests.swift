import ChatCore
import Foundation
import LLM
import MCP
import MCPHost
@testable import MCPTermApp
import TestSupport
import TUI
import XCTest

/// The whole app headless: what a tool gave back shows in its card (an image with type, size and
/// dimensions; a structured result that breaks its schema; an error result as a failure).
final class ToolResultCardTests: XCTestCase {
    private typealias Loop = AppLoop<MemoryBackend, ManualClock>
    private let png = "iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAIAAAASFvFNAAAAEElEQVR4nGM4IScHQQxwFgBBAAYZPEVBlgAAAABJRU5ErkJggg=="

    private func tool(_ name: String, outputSchema: Value? = nil) -> QualifiedTool {
        QualifiedTool(qualifiedName: "lab__\(name)", server: "lab",
                      tool: Tool(name: name, description: name, inputSchema: ["type": "object"], outputSchema: outputSchema))
    }

    func testACardShowsAnImagesTypeSizeAndDimensionsASchemaMismatchAndAnErrorAsAFailure() {
        let tools = [tool("snap"), tool("read", outputSchema: ["type": "object", "properties": ["celsius": ["type": "number"]]]),
                     tool("burn")]
        let agent = AgentLoop(policy: ApprovalPolicy(configAllowed: ["lab": ["snap", "read", "burn"]]))
        var state = AppState(agent: agent, model: ModelDescription(provider: .openai, model: "m", baseURL: "http://127.0.0.1:1/v1"),
                             width: 90, height: 30)
        state.sidePaneVisible = false
        let backend = MemoryBackend(width: 90, height: 30)
        let clock = ManualClock()
        let runner = RecordingRunner()
        let (_, continuation) = AsyncStream<AppEvent>.makeStream(bufferingPolicy: .unbounded)
        let loop = Loop(state: state, backend: backend, theme: .builtinDefault, clock: clock, runner: runner,
                        persistence: nil, continuation: continuation)
        func step(_ event: AppEvent) {
            clock.advance(by: Loop.frameInterval)
            loop.handle(event)
        }
        loop.start()
        step(.toolsChanged(tools))
        for c in "look" { step(.key(.char(c))) }
        step(.key(.enter))
        for (id, name) in [("c1", "snap"), ("c2", "read"), ("c3", "burn")] {
            step(.stream(turn: 1, .toolCall(ToolCall(id: id, name: "lab__\(name)", arguments: "{}"))))
        }
        step(.streamEnded(turn: 1, error: nil))
        XCTAssertEqual(runner.effects.filter { if case .callTool = $0 { true } else { false } }.count, 3)
        step(.toolFinished(callID: "c1", .result(CallTool.Result(content: [
            .text(text: "a 3×2 picture", annotations: nil, _meta: nil),
            .image(data: png, mimeType: "image/png", annotations: nil, _meta: nil),
        ]))))
        step(.toolFinished(callID: "c2", .result(CallTool.Result(
            content: [.text(text: "warm", annotations: nil, _meta: nil)], structuredContent: Optional<Value>.some(["celsius": "warm"])))))
        step(.toolFinished(callID: "c3", .result(CallTool.Result(
            content: [.text(text: "disk full", annotations: nil, _meta: nil)], isError: true))))

        let screen = backend.lastFrame?.trimmedLines() ?? []
        let cards = screen.drop { !$0.contains("lab › snap") }.prefix(12).map {
            // The durations depend on the manual clock's steps; the rest is the card.
            $0.replacingOccurrences(of: #" · \d+\.\ds$"#, with: "", options: .regularExpression)
        }
        XCTAssertEqual(Array(cards), [
            " ⚙ lab › snap  ✓ done",
            "   args {}",
            "   └ a 3×2 picture",
            "     [image image/png, 73 bytes, 3×2]",
            "",
            " ⚙ lab › read  ✓ done",
            "   args {}",
            "   └ ⚠ structuredContent does not match the tool's outputSchema: /celsius: expected",
            "     number, got string",
            "     warm",
            "",
            " ⚙ lab › burn  ✗ failed",
        ], screen.joined(separator: "\n"))
        XCTAssertTrue(screen.contains("   └ disk full"), screen.joined(separator: "\n"))

        guard case .streamChat(_, let request)? = runner.effects.last else { return XCTFail("\(runner.effects.last as Any)") }
        XCTAssertEqual(request.messages.suffix(3).map(\.isError), [false, false, true])
        XCTAssertEqual(request.messages.suffix(3).first?.media.map(\.mimeType), ["image/png"], "the image goes to the model")
    }
}
