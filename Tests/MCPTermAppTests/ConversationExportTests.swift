import ChatCore
import LLM
import MCP
import MCPHost
@testable import MCPTermApp
import XCTest

/// `/export [FILE.md]`: the conversation as Markdown, written by the effect runner, the
/// transcript told where. (`mcpterm --export` is in ScriptModeTests.)
final class ConversationExportTests: XCTestCase {
    private var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("mcpterm-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: dir)
        super.tearDown()
    }

    private func call(_ id: String, _ name: String, arguments: String, state: ToolCallState, result: String,
                      isError: Bool = false) -> ToolCallRecord {
        var record = ToolCallRecord(id: id, qualifiedName: name, server: "fixture", toolName: name, toolDescription: nil,
                                    annotations: .init(), argumentsJSON: arguments, arguments: nil, state: state)
        record.resultText = result
        record.resultIsError = isError
        return record
    }

    private func command(_ line: String, _ state: inout AppState) -> [Effect] {
        for c in line { _ = reduceIgnoringSaves(&state, .key(.char(c))) }
        return reduceIgnoringSaves(&state, .key(.enter))
    }

    func testSlashExportWritesTheConversationAsMarkdownAndSaysWhere() async throws {
        let transcript: [TranscriptItem] = [
            .user("echo 東京"),
            .assistant("Calling echo."),
            .toolCall(call("c1", "fixture__echo", arguments: #"{"text":"東京"}"#, state: .done, result: "東京")),
            .toolCall(call("c2", "fixture__fail", arguments: #"{"code":"a ``` b"}"#, state: .failed("boom"),
                           result: "boom <b>\u{1B}[31m", isError: true)),
            .assistant("**Done.**"),
            .user("again"),
            .notice("Cancelled."),
            .error("openai: connection refused"),
        ]
        var state = AppState(agent: AgentLoop(restoring: [], transcript: transcript, policy: ApprovalPolicy()),
                             model: ModelDescription(provider: .openai, model: "test-model", baseURL: "http://127.0.0.1:1/v1"),
                             width: 100, height: 30)
        let path = dir.path + "/notes.md"
        let effects = command("/export \(path)", &state)
        guard effects.count == 1, case .exportConversation(let markdown, let asked) = effects[0] else {
            return XCTFail("\(effects)")
        }
        XCTAssertEqual(asked, path)
        XCTAssertEqual(markdown.components(separatedBy: "\n"), [
            "# mcpterm conversation",
            "",
            "- Model: openai test-model",
            "",
            "## You",
            "",
            "echo 東京",
            "",
            "## Assistant",
            "",
            "Calling echo.",
            "",
            "<details>",
            "<summary>Tool call <code>fixture__echo</code>: done</summary>",
            "",
            "Arguments:",
            "",
            "```json",
            "{",
            "  \"text\" : \"東京\"",
            "}",
            "```",
            "",
            "Result:",
            "",
            "```text",
            "東京",
            "```",
            "",
            "</details>",
            "",
            "<details>",
            "<summary>Tool call <code>fixture__fail</code>: failed</summary>",
            "",
            "Arguments:",
            "",
            // A fence longer than the backticks inside; an escape sequence shown, not kept.
            "````json",
            "{",
            "  \"code\" : \"a ``` b\"",
            "}",
            "````",
            "",
            "Error:",
            "",
            "```text",
            "boom <b>␛[31m",
            "```",
            "",
            "</details>",
            "",
            "**Done.**",
            "",
            "## You",
            "",
            "again",
            "",
            "> Cancelled.",
            "",
            "> **Error:** openai: connection refused",
            "",
        ])

        // The runner writes the file and the transcript says where.
        let (events, continuation) = AsyncStream<AppEvent>.makeStream()
        let host = ServerHost(configs: [], clientVersion: "test")
        let runner = EffectRunner(events: continuation, host: host, provider: nil)
        runner.run(effects[0])
        var reported: AppEvent?
        for await event in events {
            if case .conversationExported = event {
                reported = event
                break
            }
        }
        _ = reduceIgnoringSaves(&state, try XCTUnwrap(reported))
        XCTAssertEqual(state.agent.transcript.last, .notice("Exported the conversation to \(path)."))
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), markdown)
    }

    func testAnExportThatCannotBeWrittenSaysWhy() async throws {
        var state = AppState(agent: AgentLoop(restoring: [], transcript: [.user("hi")], policy: ApprovalPolicy()),
                             model: nil, width: 80, height: 24)
        let effects = command("/export \(dir.path)/missing/notes.md", &state)
        let (events, continuation) = AsyncStream<AppEvent>.makeStream()
        EffectRunner(events: continuation, host: ServerHost(configs: [], clientVersion: "test"), provider: nil)
            .run(try XCTUnwrap(effects.first))
        for await event in events {
            _ = reduceIgnoringSaves(&state, event)
            break
        }
        guard case .error(let text)? = state.agent.transcript.last else { return XCTFail("\(state.agent.transcript)") }
        XCTAssertTrue(text.hasPrefix("/export: cannot write \(dir.path)/missing/notes.md: "), text)
    }

    func testWithoutAFileTheNameIsTheTimeAndNeverAnExistingFile() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .current
        let now = try XCTUnwrap(calendar.date(from: DateComponents(year: 2026, month: 1, day: 15, hour: 9, minute: 5, second: 7)))
        let first = ConversationExport.freeName(in: dir.path, now: now)
        XCTAssertEqual(first, dir.path + "/mcpterm-20260115-090507.md")
        XCTAssertTrue(FileManager.default.createFile(atPath: first, contents: Data()))
        XCTAssertEqual(ConversationExport.freeName(in: dir.path, now: now), dir.path + "/mcpterm-20260115-090507-2.md")
        XCTAssertEqual(ConversationExport.resolve("~/a.md", workingDirectory: "/w", home: "/home/u"), "/home/u/a.md")
        XCTAssertEqual(ConversationExport.resolve("a.md", workingDirectory: "/w", home: "/home/u"), "/w/a.md")
        XCTAssertEqual(ConversationExport.resolve("/x/a.md", workingDirectory: "/w", home: nil), "/x/a.md")
    }
}
