import ChatCore
import Foundation
import LLM
import MCP
import MCPHost
@testable import MCPTermApp
import TestSupport
import TUI
import XCTest

/// The whole app headless: scripts of events through the real loop into a `MemoryBackend`, with
/// a clock that moves only when the test says, checking state, the screen and the session file.
final class AppLoopTests: XCTestCase {
    private typealias Loop = AppLoop<MemoryBackend, ManualClock>
    private let model = ModelDescription(provider: .openai, model: "m", baseURL: "http://127.0.0.1:1/v1")

    private func makeLoop(width: Int = 80, height: Int = 20, notes: Int = 0, persistence: SessionPersistence? = nil)
        -> (Loop, MemoryBackend, ManualClock, RecordingRunner, AsyncStream<AppEvent>, AsyncStream<AppEvent>.Continuation)
    {
        var agent = AgentLoop()
        for i in 0..<notes { agent.note("note \(i + 1)") }
        var state = AppState(agent: agent, model: model, width: width, height: height)
        state.sidePaneVisible = false
        let backend = MemoryBackend(width: width, height: height)
        let clock = ManualClock()
        let runner = RecordingRunner()
        let (events, continuation) = AsyncStream<AppEvent>.makeStream(bufferingPolicy: .unbounded)
        let loop = Loop(state: state, backend: backend, theme: .builtinDefault, clock: clock, runner: runner,
                        persistence: persistence, continuation: continuation)
        return (loop, backend, clock, runner, events, continuation)
    }

    private func screen(_ backend: MemoryBackend) -> [String] {
        backend.lastFrame?.trimmedLines() ?? []
    }

    private func type(_ text: String, _ loop: Loop) {
        for c in text { loop.handle(.key(.char(c))) }
    }

    func testABurstOfAThousandChunksIsOneFrameAndTheScreenShowsThemAll() {
        let (loop, backend, clock, runner, _, _) = makeLoop()
        loop.start()
        XCTAssertEqual(backend.frames, 1, "the first frame")
        type("hi", loop)
        loop.handle(.key(.enter))
        guard let turn = runner.streamTurn else { return XCTFail("no stream: \(runner.effects)") }
        for i in 0..<1000 { loop.handle(.stream(turn: turn, .text(i == 999 ? "end" : "w "))) }
        XCTAssertEqual(backend.frames, 1, "no time passed: every event waits for the one deferred frame")

        let timers = runner.effects.filter { if case .scheduleFrame = $0 { return true } else { return false } }
        XCTAssertEqual(timers, [.scheduleFrame(after: Loop.frameInterval)], "one timer for the one deferred frame")
        clock.advance(by: Loop.frameInterval)
        loop.handle(.redraw)  // the timer's event
        XCTAssertEqual(backend.frames, 2, "1,002 events, 2 frames")
        XCTAssertTrue(screen(backend).contains { $0.contains("w w w end") }, screen(backend).joined(separator: "\n"))
        XCTAssertEqual(loop.state.agent.phase, .streaming)
    }

    func testAResizeEventCarriesItsSizeToTheStateAndTheBackend() {
        let (loop, backend, clock, _, _, _) = makeLoop(width: 140, height: 45)
        loop.start()
        type("東京", loop)
        clock.advance(by: Loop.frameInterval)
        loop.handle(.resize(width: 60, height: 15))
        XCTAssertEqual(loop.state.width, 60)
        XCTAssertEqual(loop.state.height, 15)
        XCTAssertEqual(backend.size.width, 60)
        XCTAssertEqual(backend.size.height, 15)
        let rows = screen(backend)
        XCTAssertEqual(rows.count, 15)
        XCTAssertEqual(backend.cellsWrittenLastFrame, 60 * 15 - 2, "a resized screen is drawn whole (東 and 京 are one lead cell each)")
        XCTAssertTrue(rows.contains("› 東京"), rows.joined(separator: "\n"))
    }

    func testScrollingPastTheTopIsClampedThroughAnEventNotByTheView() async {
        let (loop, backend, clock, _, events, _) = makeLoop(width: 60, height: 12, notes: 30)
        loop.start()
        var iterator = events.makeAsyncIterator()
        for _ in 0..<20 { loop.handle(.key(.pageUp)) }
        let asked = loop.state.transcriptScroll
        clock.advance(by: Loop.frameInterval)
        loop.handle(.redraw)
        XCTAssertEqual(loop.state.transcriptScroll, asked, "drawing does not write state")
        var clamped: Int?
        var placedAnchor: TranscriptAnchor?
        while clamped == nil, let event = await iterator.next() {
            if case .transcriptPlaced(_, let scroll, let anchor) = event {
                clamped = scroll
                placedAnchor = anchor
            }
        }
        // 30 notes, one row each with a blank row between: 59 rows, 9 of them on screen.
        XCTAssertEqual(clamped, 59 - 9, "the view stops at the first note")
        XCTAssertTrue(screen(backend).first?.contains("• note 1") == true, screen(backend).joined(separator: "\n"))
        loop.handle(.transcriptPlaced(from: asked, scroll: clamped ?? -1, anchor: placedAnchor))
        XCTAssertEqual(loop.state.transcriptScroll, 50)
        loop.handle(.key(.pageDown))
        XCTAssertEqual(loop.state.transcriptScroll, 50 - 6, "PgDn moves from where the view stopped, not from past the top")
    }

    func testTextArrivingBelowNeverMovesWhatTheReaderScrolledTo() async {
        let (loop, backend, clock, runner, events, _) = makeLoop(width: 60, height: 12, notes: 30)
        var iterator = events.makeAsyncIterator()
        /// Draws a frame and hands `reduce` what it placed, as the running loop does.
        func frame() async {
            clock.advance(by: Loop.frameInterval)
            loop.handle(.redraw)
            while let event = await iterator.next() {
                if case .transcriptPlaced = event {
                    loop.handle(event)
                    return
                }
            }
        }
        loop.start()
        type("tell me", loop)
        loop.handle(.key(.enter))
        guard let turn = runner.streamTurn else { return XCTFail("no stream") }
        loop.handle(.stream(turn: turn, .text("line 1\n\nline 2\n\n")))
        for _ in 0..<2 { loop.handle(.key(.pageUp)) }
        await frame()
        let transcriptRows = { Array((backend.lastFrame?.trimmedLines() ?? []).prefix(8)) }
        let reading = transcriptRows()
        let scrolled = loop.state.transcriptScroll
        XCTAssertGreaterThan(scrolled, 0)
        XCTAssertNotNil(loop.state.transcriptAnchor, "the frame anchored the row at the bottom of the view")

        // Forty more lines stream in below: what the reader sees does not move.
        for i in 3...42 { loop.handle(.stream(turn: turn, .text("line \(i)\n\n"))) }
        await frame()
        XCTAssertEqual(transcriptRows(), reading, "the rows being read stayed where they were")
        XCTAssertGreaterThan(loop.state.transcriptScroll, scrolled + 40, "the new lines are counted below")
        let marker = backend.lastFrame?.trimmedLines().first { $0.contains("more lines below") } ?? ""
        XCTAssertTrue(marker.contains("↓ \(loop.state.transcriptScroll) more lines below · PgDn"), marker)

        // Scrolling down to the end follows the newest text again.
        for _ in 0..<40 { loop.handle(.key(.pageDown)) }
        XCTAssertEqual(loop.state.transcriptScroll, 0)
        XCTAssertNil(loop.state.transcriptAnchor)
        loop.handle(.stream(turn: turn, .text("line 43")))
        clock.advance(by: Loop.frameInterval)
        loop.handle(.redraw)
        XCTAssertTrue(backend.lastFrame?.trimmedLines().contains { $0.contains("line 43") } == true)
    }

    func testABurstOfChunksIsAFewSessionRecordsAndTheEndReplacesThem() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("mcpterm-burst-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let launch = try SessionLaunch.prepare(
            LaunchOptions(workingDirectory: "/work/proj", environment: ["XDG_STATE_HOME": root.path, "HOME": "/home/ann"]))
        let persistence = SessionPersistence(
            launch: launch,
            header: SessionPersistence.header(model: model, workingDirectory: "/work/proj", servers: [], systemPrompt: nil),
            now: { Date(timeIntervalSince1970: 1_768_469_412) }, report: { XCTFail("session store problem: \($0)") })
        let (loop, _, _, runner, _, _) = makeLoop(persistence: persistence)
        loop.start()
        type("東京", loop)
        loop.handle(.key(.enter))
        guard let turn = runner.streamTurn else { return XCTFail("no stream: \(runner.effects)") }
        // 1,000 chunks of 10 bytes in no time: only the 4 KiB rule writes pieces.
        for _ in 0..<1000 { loop.handle(.stream(turn: turn, .text("0123456789"))) }
        let path = try XCTUnwrap(persistence.path)
        persistence.flush()
        func records() throws -> [[String: Any]] {
            try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { line in
                try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            }
        }
        let pieces = try records().filter { $0["type"] as? String == "assistant_partial" }
        XCTAssertEqual(pieces.map { $0["from"] as? Int }, [0, 4100], "4 KiB each, in order, not one per chunk")
        XCTAssertEqual(pieces.map { ($0["text"] as? String)?.utf8.count }, [4100, 4100])
        let wakeUps = runner.effects.filter { if case .scheduleSessionWrite = $0 { return true } else { return false } }
        XCTAssertEqual(wakeUps, [.scheduleSessionWrite(after: .milliseconds(251))],
                       "one wake-up for the text that waits, not one per chunk")

        loop.handle(.streamEnded(turn: turn, error: nil))
        loop.finish()
        let types = try records().map { $0["type"] as? String ?? "?" }
        XCTAssertEqual(types, ["session", "user", "assistant_partial", "assistant_partial", "assistant"],
                       "the 1,800 bytes still waiting are not written as a piece: the whole reply follows")
        XCTAssertEqual((try records().last?["text"] as? String)?.utf8.count, 10_000)
    }

    func testQuitWritesTheSessionBeforeTheLoopReturns() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("mcpterm-loop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let options = LaunchOptions(workingDirectory: "/work/proj", environment: ["XDG_STATE_HOME": root.path, "HOME": "/home/ann"])
        let launch = try SessionLaunch.prepare(options)
        let persistence = SessionPersistence(
            launch: launch,
            header: SessionPersistence.header(model: model, workingDirectory: "/work/proj", servers: [], systemPrompt: nil),
            report: { XCTFail("session store problem: \($0)") })
        let (loop, _, _, runner, events, continuation) = makeLoop(persistence: persistence)
        for c in "你好" { continuation.yield(.key(.char(c))) }
        continuation.yield(.key(.enter))
        continuation.yield(.stream(turn: 1, .text("こんにちは")))
        continuation.yield(.streamEnded(turn: 1, error: nil))
        continuation.yield(.key(.ctrl("d")))
        continuation.yield(.key(.char("x")))  // after quit: never handled

        await loop.run(events)

        XCTAssertTrue(runner.cancelled, "what still ran was stopped")
        XCTAssertEqual(loop.state.input.text, "", "the key after Ctrl-D was not handled")
        XCTAssertNil(persistence.path, "the file was closed")
        let files = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".jsonl") }
        XCTAssertEqual(files?.count, 1, "one session file: \(files ?? [])")
        let text = try String(contentsOfFile: root.appendingPathComponent(try XCTUnwrap(files?.first)).path, encoding: .utf8)
        let types = text.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["type"] as? String
        }
        XCTAssertEqual(types, ["session", "user", "assistant"])
        XCTAssertTrue(text.contains("こんにちは"))
    }
}

/// A whole turn through the real loop: type, stream, the approval box, `y`, the tool's result,
/// the answer; the screen and the session file checked line by line. No tmux, no sleeps.
final class AppLoopTurnTests: XCTestCase {
    func testMessageStreamApprovalResultAndAnswer() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("mcpterm-turn-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let model = ModelDescription(provider: .openai, model: "m", baseURL: "http://127.0.0.1:1/v1")
        let launch = try SessionLaunch.prepare(
            LaunchOptions(workingDirectory: "/work/proj", environment: ["XDG_STATE_HOME": root.path, "HOME": "/home/ann"]))
        let persistence = SessionPersistence(
            launch: launch,
            header: SessionPersistence.header(model: model, workingDirectory: "/work/proj", servers: [], systemPrompt: nil),
            now: { Date(timeIntervalSince1970: 1_768_469_412) }, random: { 0xABCDEF },
            report: { XCTFail("session store problem: \($0)") })
        var state = AppState(model: model, width: 60, height: 20)
        state.sidePaneVisible = false
        let backend = MemoryBackend(width: 60, height: 20)
        let clock = ManualClock()
        let runner = RecordingRunner()
        let (_, continuation) = AsyncStream<AppEvent>.makeStream(bufferingPolicy: .unbounded)
        let loop = AppLoop(state: state, backend: backend, theme: .builtinDefault, clock: clock, runner: runner,
                           persistence: persistence, continuation: continuation)
        func step(_ event: AppEvent) {
            clock.advance(by: AppLoop<MemoryBackend, ManualClock>.frameInterval)  // every event gets its frame
            loop.handle(event)
        }
        func screen() -> [String] {
            backend.lastFrame?.trimmedLines() ?? []
        }
        let echo = QualifiedTool(qualifiedName: "demo__echo", server: "demo",
                                 tool: Tool(name: "echo", description: "Echoes text", inputSchema: ["type": "object"]))
        loop.start()
        step(.toolsChanged([echo]))
        for c in "echo 東京" { step(.key(.char(c))) }
        step(.key(.enter))
        // Before the first token: a spinner where the reply will appear, and the time so far.
        clock.advance(by: .milliseconds(1200))
        step(.animationFrame)
        XCTAssertEqual(screen().filter { $0.contains("thinking") }.count, 1, screen().joined(separator: "\n"))
        XCTAssertTrue(screen().contains { $0.hasSuffix("thinking… 1.2s") }, screen().joined(separator: "\n"))
        XCTAssertTrue(screen().last?.contains("streaming… 1.2s") == true, screen().last ?? "")
        step(.stream(turn: 1, .text("Calling.")))
        XCTAssertFalse(screen().contains { $0.contains("thinking") }, "the reply took the spinner's place")
        step(.stream(turn: 1, .toolCall(ToolCall(id: "c1", name: "demo__echo", arguments: #"{"text":"東京"}"#))))
        step(.streamEnded(turn: 1, error: nil))
        XCTAssertTrue(screen().contains { $0.contains("Allow tool call?") }, screen().joined(separator: "\n"))
        step(.key(.char("y")))
        XCTAssertEqual(loop.state.agent.pendingApproval?.id, "c1", "y before the box armed is dropped")
        guard case .armApproval(let showing, _)? = runner.effects.last else { return XCTFail("\(runner.effects)") }
        step(.approvalArmed(showing: showing))
        step(.key(.char("y")))
        XCTAssertEqual(runner.effects.last, .callTool(callID: "c1", target: echo.target, arguments: ["text": "東京"]))
        // While it runs: a spinner, the time so far, and the server's progress as a bar.
        clock.advance(by: .milliseconds(1500))
        step(.toolProgress(callID: "c1", ToolProgress(progress: 1, total: 4, message: "東京 1/4")))
        let running = screen().filter { $0.contains("demo › echo") || $0.contains("▕") }
        XCTAssertEqual(running.count, 2, screen().joined(separator: "\n"))
        XCTAssertTrue(running[0].hasSuffix(" running · 1.5s"), running[0])
        XCTAssertEqual(running[1], "   ▕███░░░░░░░░░░░▏ 25% · 東京 1/4")
        // A task status (a call the server runs as a task) joins the progress heard before it.
        step(.toolProgress(callID: "c1", ToolProgress(task: ToolTaskStatus(taskID: "t1", status: "input_required",
                                                                           message: "waiting for 東京"))))
        let card = screen().drop { !$0.contains("demo › echo") }.prefix(4)
        XCTAssertEqual(Array(card.dropFirst()), [#"   args {"text":"東京"}"#, "   task input required · waiting for 東京",
                                                 "   ▕███░░░░░░░░░░░▏ 25% · 東京 1/4"], screen().joined(separator: "\n"))
        clock.advance(by: .milliseconds(500))
        step(.toolFinished(callID: "c1", .result(text: "東京", isError: false)))
        step(.stream(turn: 2, .text("The tool said 東京.")))
        step(.streamEnded(turn: 2, error: nil))

        XCTAssertEqual(Array(screen().prefix(13)), [
            " You",
            "   echo 東京",
            "",
            " Assistant · m",
            "   Calling.",
            "",
            " ⚙ demo › echo  ✓ done · 2.0s",
            #"   args {"text":"東京"}"#,
            "   └ 東京",
            "",
            " Assistant · m",
            "   The tool said 東京.",
            "",
        ], screen().joined(separator: "\n"))
        XCTAssertTrue(loop.handle(.key(.ctrl("d"))) == false, "Ctrl-D on an empty line quits")
        loop.finish()

        let files = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".jsonl") }
        let text = try String(contentsOfFile: root.appendingPathComponent(try XCTUnwrap(files?.first)).path, encoding: .utf8)
        let lines = text.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 6, text)
        let types = lines.compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["type"] as? String }
        XCTAssertEqual(types, ["session", "user", "assistant", "tool_approved", "tool_result", "assistant"])
        XCTAssertTrue(lines[1].contains(#""text":"echo 東京""#), lines[1])
        XCTAssertTrue(lines[3].contains(#""by":"user""#), lines[3])
        XCTAssertTrue(lines[4].contains(#""server":"demo""#) && lines[4].contains(#""text":"東京""#), lines[4])
        XCTAssertTrue(lines[5].contains("The tool said 東京."), lines[5])
    }
}
