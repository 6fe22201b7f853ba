import ChatCore
import LLM
import MCP
@testable import MCPTermApp
import TUI
import TestSupport
import XCTest

/// Huge transcript items (a 1 MB tool result, a pasted megabyte sent as a message, a long reply)
/// are laid out from a bounded start: a preview and a row saying how much is left out.
final class TranscriptCollapseTests: XCTestCase {
    private let theme = Theme.builtinDefault

    /// ~52-byte log lines: 20,008 of them are about 1 MB.
    private func logLines(_ count: Int) -> [String] {
        (1...count).map { String(format: "%05d", $0) + " INFO request served in 3 ms " + String(repeating: "·", count: 8) }
    }

    private func text(of rows: [StyledLine]) -> [String] {
        rows.map { $0.runs.map(\.text).joined() }
    }

    private func toolCall(result: String) -> TranscriptItem {
        var record = ToolCallRecord(
            id: "c1", qualifiedName: "files__read_log", server: "files", toolName: "read_log", toolDescription: nil,
            annotations: .init(), argumentsJSON: #"{"path":"app.log"}"#, arguments: ["path": "app.log"], state: .done)
        record.resultText = result
        return .toolCall(record)
    }

    func testOneMegabyteToolResultShowsEightRowsAndCountsTheRest() {
        let lines = logLines(20_008)
        let result = lines.joined(separator: "\n") + "\n"
        XCTAssertGreaterThan(result.utf8.count, 1_000_000)
        let rows = text(of: TranscriptView.layout(toolCall(result: result), width: 100, theme: theme, modelName: nil))
        XCTAssertEqual(rows, [
            "⚙ files › read_log  ✓ done",
            #"  args {"path":"app.log"}"#,
            "  └ " + lines[0],
        ] + lines[1..<8].map { "    " + $0 } + [
            "    … 20000 more lines (996 KB)",
        ])
    }

    func testHugeSingleLineResultIsCutNotWrappedWhole() {
        let result = String(repeating: "0123456789", count: 200_000)  // 2 MB, no line break
        let rows = text(of: TranscriptView.layout(toolCall(result: result), width: 44, theme: theme, modelName: nil))
        XCTAssertEqual(rows.count, 2 + 8 + 1)
        XCTAssertEqual(rows[2], "  └ " + String(repeating: "0123456789", count: 4))
        XCTAssertEqual(rows.last, "    … 1 more line (1.9 MB)", "the partly shown line is the one left out")
    }

    func testSmallToolResultStillCountsHiddenRowsExactly() {
        let rows = text(of: TranscriptView.layout(toolCall(result: logLines(12).joined(separator: "\n")), width: 100,
                                                  theme: theme, modelName: nil))
        XCTAssertEqual(rows.last, "    … 4 more lines")
        XCTAssertEqual(rows.count, 2 + 8 + 1)
    }

    func testPastedMegabyteSentAsAMessageCollapsesToAPreview() {
        let lines = logLines(20_008)
        let rows = text(of: TranscriptView.layout(.user(lines.joined(separator: "\n")), width: 100, theme: theme,
                                                  modelName: nil))
        XCTAssertEqual(rows, ["You"] + lines[0..<20].map { "  " + $0 } + ["  … 19988 more lines (995 KB)"])
    }

    func testLongNoticeAndErrorCollapseAboveTheLineLimit() {
        let lines = (1...500).map { "warning \($0)" }
        let notice = text(of: TranscriptView.layout(.notice(lines.joined(separator: "\n")), width: 60, theme: theme, modelName: nil))
        XCTAssertEqual(notice.first, "• warning 1")
        XCTAssertEqual(notice.count, 21)
        XCTAssertEqual(notice.last, "  … 480 more lines (6 KB)")
        let error = text(of: TranscriptView.layout(.error(lines.joined(separator: "\n")), width: 60, theme: theme, modelName: nil))
        XCTAssertEqual(error.first, "✗ warning 1")
        XCTAssertEqual(error.count, 21)
        let short = text(of: TranscriptView.layout(.notice(lines.prefix(150).joined(separator: "\n")), width: 60, theme: theme,
                                                   modelName: nil))
        XCTAssertEqual(short.count, 150, "up to 200 lines a notice is shown whole")
    }

    func testHugeReplyIsShownPlainAndCollapsed() {
        let reply = (1...6_000).map { "**bold** line \($0)" }.joined(separator: "\n")  // ~100 KB
        let rows = text(of: TranscriptView.layout(.assistant(reply), width: 80, theme: theme, modelName: "m"))
        XCTAssertEqual(rows.first, "Assistant · m")
        XCTAssertEqual(rows[1], "  **bold** line 1", "above the Markdown cap the reply is plain text")
        XCTAssertEqual(rows.count, 1 + 20 + 1)
        XCTAssertEqual(rows.last, "  … 5980 more lines (110 KB)")
        let small = text(of: TranscriptView.layout(.assistant("**bold** line"), width: 80, theme: theme, modelName: "m"))
        XCTAssertEqual(small, ["Assistant · m", "  bold line"], "a normal reply is still Markdown")
    }

    func testScrollingUpReachesTheTopOfACollapsedMessage() {
        var state = AppState(model: ModelDescription(provider: .openai, model: "m", baseURL: "http://127.0.0.1:1/v1"),
                             width: 60, height: 16)
        state.sidePaneVisible = false
        let lines = logLines(20_008)
        state.agent = AgentLoop(
            restoring: [.user("x")],
            transcript: [.notice("start"), .user(lines.joined(separator: "\n")), .assistant("Got it."), .notice("end")],
            policy: ApprovalPolicy())
        state.transcriptScroll = 1_000
        let frame = AppView.render(state, theme: theme)
        let screen = frame.buffer.trimmedLines()
        XCTAssertEqual(Array(screen.prefix(4)), [" • start", "", " You", "   " + String(lines[0].prefix(56))])
        // start (1) + blank + You + 20 rows + marker + blank + reply (2) + blank + end (1) = 29 rows, 13 shown.
        XCTAssertEqual(frame.transcriptScroll, 29 - 13, "the scroll clamps at the first row")
        state.transcriptScroll = 3
        let lower = AppView.render(state, theme: theme).buffer.trimmedLines()
        XCTAssertTrue(lower.contains("   … 19988 more lines (995 KB)"), lower.joined(separator: "\n"))
    }
}
