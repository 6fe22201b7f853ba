import ChatCore
import Foundation
import LLM
import MCP
import MCPHost
import XCTest

/// Recording a conversation as it happens, reading it back (torn lines and all), and
/// continuing it: the model must see the same history it would have seen without the break.
final class SessionReplayTests: XCTestCase {
    private let catalog = ToolCatalog([
        QualifiedTool(
            qualifiedName: "demo__echo", server: "demo",
            tool: Tool(name: "echo", description: "Echoes text", inputSchema: ["type": "object"])),
        QualifiedTool(
            qualifiedName: "demo__clock", server: "demo",
            tool: Tool(name: "clock", description: "Tells the time", inputSchema: ["type": "object"])),
    ])
    private let at = Date(timeIntervalSince1970: 1_768_469_412)

    private func header(systemPrompt: String?) -> SessionEntry {
        SessionEntry(
            at: at,
            record: .header(
                SessionHeader(
                    id: "20260115-093012-000001", mcptermVersion: "0.1.0", provider: "openai", model: "m",
                    baseURL: nil, cwd: "/tmp", servers: [], systemPrompt: systemPrompt)))
    }

    /// Feeds `step` to the loop, and the records it made through the buffer, as the runtime
    /// does after each event, collecting the entries written.
    private func record(
        _ loop: inout AgentLoop, _ buffer: inout SessionRecordBuffer, into entries: inout [SessionEntry],
        _ step: (inout AgentLoop) -> Void
    ) {
        step(&loop)
        entries += buffer.add(loop.takeRecords(), at: at).map { SessionEntry(at: at, record: $0) }
    }

    /// A conversation with every kind of event: CJK text, a denied call, a call to an unknown
    /// tool, a policy-approved call, a user-approved call, a cancelled stream.
    private func conversation() -> (AgentLoop, [SessionEntry]) {
        var loop = AgentLoop(systemPrompt: "Be brief.", policy: ApprovalPolicy(configAllowed: ["demo": ["clock"]]))
        var buffer = SessionRecordBuffer()
        var entries = [header(systemPrompt: "Be brief.")]
        var turn = 0
        record(&loop, &buffer, into: &entries) { loop in
            guard case .startStream(let t, _)? = loop.submit("時計と猫", sending: "時計と猫 + attachment")?.first else {
                return XCTFail("no stream")
            }
            turn = t
        }
        record(&loop, &buffer, into: &entries) { loop in
            loop.receive(.text("見てみます。"), turn: turn)
            loop.receive(.toolCall(ToolCall(id: "c1", name: "demo__echo", arguments: #"{"text":"猫"}"#)), turn: turn)
            loop.receive(.toolCall(ToolCall(id: "c2", name: "demo__clock", arguments: "")), turn: turn)
            loop.receive(.toolCall(ToolCall(id: "c3", name: "ghost__boo", arguments: "{}")), turn: turn)
            loop.receive(.toolCall(ToolCall(id: "c4", name: "demo__echo", arguments: #"{"text":"犬"}"#)), turn: turn)
        }
        XCTAssertTrue(entries.count == 2, "nothing is written of a reply within its first coalescing window: \(entries.map(\.record))")
        record(&loop, &buffer, into: &entries) { loop in
            _ = loop.streamEnded(turn: turn, error: nil, catalog: catalog)
        }
        record(&loop, &buffer, into: &entries) { loop in _ = loop.decide(.once, callID: "c1") }
        record(&loop, &buffer, into: &entries) { loop in _ = loop.decide(.deny, callID: "c4") }
        record(&loop, &buffer, into: &entries) { loop in
            _ = loop.toolFinished(callID: "c2", outcome: .result(text: "09:30", isError: false))
        }
        record(&loop, &buffer, into: &entries) { loop in
            guard case .startStream(let t, _)? = loop.toolFinished(callID: "c1", outcome: .result(text: "猫", isError: false)).first
            else { return XCTFail("the batch did not go back to the model") }
            turn = t
        }
        record(&loop, &buffer, into: &entries) { loop in
            loop.receive(.text("It is 09:30 and the cat says 猫."), turn: turn)
            _ = loop.streamEnded(turn: turn, error: nil, catalog: catalog)
        }
        record(&loop, &buffer, into: &entries) { loop in
            guard case .startStream(let t, _)? = loop.submit("and again?")?.first else { return XCTFail("no stream") }
            turn = t
        }
        record(&loop, &buffer, into: &entries) { loop in
            loop.receive(.text("Half an ans"), turn: turn)
            _ = loop.cancel()
        }
        return (loop, entries)
    }

    func testRecordsAreWrittenAsEachEventCompletes() {
        let (_, entries) = conversation()
        let kinds = entries.map { entry -> String in
            switch entry.record {
            case .toolApproved(let id, _, let by): return "approved \(id) by \(by.rawValue)"
            case .toolResult(let result): return "result \(result.callID) \(result.state.rawValue)"
            default: return entry.typeName
            }
        }
        XCTAssertEqual(kinds, [
            "session", "user",
            "assistant", "approved c2 by policy", "result c3 failed",
            "approved c1 by user",
            "result c4 denied",
            "result c2 done",
            "result c1 done",
            "assistant",
            "user",
            "assistant", "notice",
        ])
        XCTAssertEqual(entries[1].record, .user(text: "時計と猫", sent: "時計と猫 + attachment"))
    }

    func testResumedLoopSendsTheSameNextRequestAsTheOriginal() throws {
        var (original, entries) = conversation()
        let data = try entries.reduce(into: Data()) { $0 += try $1.jsonLine() }
        let log = SessionLog.parse(data, name: "s.jsonl")
        XCTAssertEqual(log.warnings, [])
        XCTAssertEqual(log.entries, entries)

        var resumed = SessionReplay.agent(from: log.entries, policy: original.policy)
        XCTAssertEqual(resumed.messages, original.messages)
        XCTAssertEqual(resumed.phase, .idle)
        guard case .startStream(_, let next)? = original.submit("次は？")?.first,
            case .startStream(_, let nextResumed)? = resumed.submit("次は？")?.first
        else { return XCTFail("a loop did not start a stream") }
        XCTAssertEqual(nextResumed, next)
        XCTAssertEqual(nextResumed.first, .system("Be brief."))
    }

    func testResumedTranscriptShowsWhatTheUserSaw() {
        let (original, entries) = conversation()
        let resumed = SessionReplay.agent(from: entries, policy: ApprovalPolicy())
        func summary(_ items: [TranscriptItem]) -> [String] {
            items.map { item in
                switch item {
                case .user(let t): return "user: \(t)"
                case .assistant(let t): return "assistant: \(t)"
                case .toolCall(let r): return "tool \(r.id) \(r.qualifiedName) \(r.state.label): \(r.resultText ?? "")"
                case .notice(let t): return "notice: \(t)"
                case .error(let t): return "error: \(t)"
                }
            }
        }
        XCTAssertEqual(summary(resumed.transcript), summary(original.transcript))
        guard case .toolCall(let call)? = resumed.transcript.first(where: {
            if case .toolCall(let r) = $0 { return r.id == "c1" } else { return false }
        }) else { return XCTFail("no c1") }
        XCTAssertEqual(call.server, "demo")
        XCTAssertEqual(call.arguments, ["text": "猫"])
    }

    func testCallsWithoutAResultAreAnsweredSoTheHistoryStaysValid() {
        // mcpterm died while c1 ran: the file ends after the assistant's call.
        let entries = [
            header(systemPrompt: nil),
            SessionEntry(at: at, record: .user(text: "go", sent: "go")),
            SessionEntry(
                at: at,
                record: .assistant(text: "", toolCalls: [ToolCall(id: "c1", name: "demo__echo", arguments: "{}")])),
            SessionEntry(at: at, record: .toolApproved(callID: "c1", name: "demo__echo", by: .user)),
        ]
        var loop = SessionReplay.agent(from: entries, policy: ApprovalPolicy())
        XCTAssertEqual(loop.messages.last, .tool(id: "c1", content: "Error: \(SessionReplay.unfinishedCallText)", isError: true))
        guard case .toolCall(let record)? = loop.transcript.last else { return XCTFail("no call shown") }
        XCTAssertEqual(record.state, .failed(SessionReplay.unfinishedCallText))
        XCTAssertNotNil(loop.submit("again"), "the resumed loop is idle")
    }

    func testTornLastLineAndGarbageAreSkippedWithFileAndLine() throws {
        var data = try header(systemPrompt: nil).jsonLine()
        data += try SessionEntry(at: at, record: .user(text: "one", sent: "one")).jsonLine()
        data += Data("this is not json\n\n".utf8)
        data += Data(#"{"v":1,"type":"user","at":"2026-01-15T09:30:12Z"}"#.utf8) + Data([0x0A])
        data += try SessionEntry(at: at, record: .assistant(text: "two", toolCalls: [])).jsonLine()
        let line = try SessionEntry(at: at, record: .user(text: "three 三", sent: "three 三")).jsonLine()
        data += line.prefix(line.count - 9)  // mcpterm died in the middle of this write
        let log = SessionLog.parse(data, name: "/s/x.jsonl")
        XCTAssertEqual(log.entries.map(\.typeName), ["session", "user", "assistant"])
        XCTAssertEqual(log.warnings.map(\.description), [
            "/s/x.jsonl:3: not a session record (not JSON); skipped",
            "/s/x.jsonl:5: not a session record (no \"text\"); skipped",
            "/s/x.jsonl:7: the last line is incomplete (mcpterm stopped while writing it); skipped",
        ])
        XCTAssertEqual(log.messageCount, 2)
        XCTAssertEqual(log.firstUserLine, "one")
    }

    func testEachRecordIsTakenOnce() {
        var loop = AgentLoop(systemPrompt: "sys")
        _ = loop.submit("hi")
        XCTAssertEqual(loop.takeRecords(), [.user(text: "hi", sent: "hi")])
        XCTAssertEqual(loop.takeRecords(), [], "taken records are gone from the loop")
        loop.note("later")
        XCTAssertEqual(loop.takeRecords(), [.notice("later")])
    }

    func testARestoredLoopHasNothingToRecord() {
        let (_, entries) = conversation()
        var resumed = SessionReplay.agent(from: entries, policy: ApprovalPolicy())
        XCTAssertEqual(resumed.takeRecords(), [], "what the file holds is not written again")
    }

    func testACallToAnUnknownToolIsRecordedAsAnError() {
        var loop = AgentLoop()
        guard case .startStream(let turn, _)? = loop.submit("go")?.first else { return XCTFail("no stream") }
        loop.receive(.toolCall(ToolCall(id: "c9", name: "ghost__boo", arguments: "{}")), turn: turn)
        _ = loop.streamEnded(turn: turn, error: nil, catalog: catalog)
        let results = loop.takeRecords().compactMap { record -> SessionToolResult? in
            if case .toolResult(let result) = record { return result }
            return nil
        }
        XCTAssertEqual(results.map(\.state), [.failed])
        XCTAssertEqual(results.first?.isError, true)
        XCTAssertEqual(results.first?.modelText, "Error: no tool named \"ghost__boo\" is available")
    }
}
