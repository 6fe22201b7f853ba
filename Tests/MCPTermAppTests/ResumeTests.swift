import ChatCore
import Foundation
import LLM
import MCP
import MCPHost
@testable import MCPTermApp
import TUI
import XCTest

/// The app saves the conversation as events happen (reducer + persistence, no terminal), and
/// `--resume` brings it back into the next run and keeps appending to the same file.
final class ResumeTests: XCTestCase {
    private var root: URL!
    private let model = ModelDescription(provider: .openai, model: "test-model", baseURL: "http://u:pw@127.0.0.1:1/v1?key=sk-1")
    private var clock = Date(timeIntervalSince1970: 1_768_469_412)

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("mcpterm-resume-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(at: root)
    }

    private var options: LaunchOptions {
        LaunchOptions(workingDirectory: "/work/proj", environment: ["XDG_STATE_HOME": root.path, "HOME": "/home/ann"])
    }

    /// A run's state and persistence, as the runtime's loop builds them.
    private func start(_ options: LaunchOptions) throws -> (AppState, SessionPersistence, SessionLaunch) {
        let launch = try SessionLaunch.prepare(options)
        var agent = launch.agent(systemPrompt: "sys", policy: ApprovalPolicy())
        for line in launch.notices { agent.note(line) }
        var state = AppState(agent: agent, model: model, width: 100, height: 30)
        _ = AppReducer.reduce(&state, .toolsChanged([AppReducerTests.echo]))
        let servers = [ServerConfig(name: "demo", kind: .stdio, command: "demo", env: ["TOKEN": "s3cret"], line: 1)]
        let persistence = SessionPersistence(
            launch: launch,
            header: SessionPersistence.header(
                model: model, workingDirectory: options.workingDirectory, servers: servers, systemPrompt: "sys"),
            now: { [unowned self] in clock }, random: { 0xABCDEF },
            report: { XCTFail("session store problem: \($0)") })
        return (state, persistence, launch)
    }

    /// In how many seconds the persistence last asked to be woken up (streamed text waits).
    private var due: TimeInterval?

    /// One event through the reducer, its session effects to the persistence, as the loop does
    /// it; returns the other effects.
    @discardableResult
    private func send(_ event: AppEvent, _ state: inout AppState, _ persistence: SessionPersistence) -> [Effect] {
        var others: [Effect] = []
        for effect in AppReducer.reduce(&state, event) {
            switch effect {
            case .saveSession(let records): due = persistence.save(records)
            case .newSessionFile: persistence.startNewConversation()
            default: others.append(effect)
            }
        }
        return others
    }

    private func type(_ text: String, _ state: inout AppState, _ persistence: SessionPersistence) {
        for c in text { send(.key(.char(c)), &state, persistence) }
    }

    private func lines(_ path: String?) throws -> [String] {
        let data = try Data(contentsOf: URL(fileURLWithPath: try XCTUnwrap(path)))
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    private func types(_ path: String?) throws -> [String] {
        try lines(path).map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return object?["type"] as? String ?? "?"
        }
    }

    /// A turn with a tool call, approved with `y`, then the final answer.
    private func converse(_ state: inout AppState, _ persistence: SessionPersistence, saving: Bool = true) throws {
        func types(_ path: String?) throws -> [String] {
            guard saving else { return [] }
            return try self.types(path)
        }
        type("echo 東京", &state, persistence)
        XCTAssertNil(persistence.path, "no file before anything is said")
        guard case .streamChat(let turn, _)? = send(.key(.enter), &state, persistence).first else {
            return XCTFail("no stream")
        }
        if saving { XCTAssertEqual(try types(persistence.path), ["session", "user"]) }
        send(.stream(turn: turn, .text("Calling")), &state, persistence)
        send(.stream(turn: turn, .toolCall(ToolCall(id: "c1", name: "demo__echo", arguments: #"{"text":"東京"}"#))),
             &state, persistence)
        if saving { XCTAssertEqual(try types(persistence.path).count, 2, "streamed chunks are not written") }
        send(.streamEnded(turn: turn, error: nil), &state, persistence)
        if saving { XCTAssertEqual(try types(persistence.path).last, "assistant") }
        send(.approvalArmed(showing: state.approval.showing), &state, persistence)
        send(.key(.char("y")), &state, persistence)
        if saving { XCTAssertEqual(try types(persistence.path).last, "tool_approved") }
        guard case .streamChat(let turn2, _)? =
            send(.toolFinished(callID: "c1", .result(text: "東京", isError: false)), &state, persistence).first
        else { return XCTFail("no second stream") }
        if saving { XCTAssertEqual(try types(persistence.path).last, "tool_result") }
        send(.stream(turn: turn2, .text("It said 東京.")), &state, persistence)
        send(.streamEnded(turn: turn2, error: nil), &state, persistence)
    }

    func testTheAppWritesRecordsAsEventsHappen() throws {
        var (state, persistence, _) = try start(options)
        try converse(&state, persistence)
        persistence.close()
        let path = try XCTUnwrap(persistence.path ?? FileManager.default.contentsOfDirectory(
            atPath: root.path + "/mcpterm/sessions").first.map { root.path + "/mcpterm/sessions/" + $0 })
        XCTAssertTrue(path.hasSuffix("/mcpterm/sessions/20260115-093012-abcdef.jsonl"), path)
        XCTAssertEqual(persistence.savedPath, path, "what the exit line offers to --resume, after close too")
        XCTAssertEqual(try types(path), ["session", "user", "assistant", "tool_approved", "tool_result", "assistant"])
        let text = try lines(path).joined(separator: "\n")
        XCTAssertFalse(text.contains("s3cret"), "server env values are never written")
        XCTAssertFalse(text.contains("sk-1"), "URL credentials are never written")
        XCTAssertFalse(text.contains("pw@"), "URL credentials are never written")
        XCTAssertTrue(text.contains("東京"), "CJK is written as text")
        let permissions = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
        XCTAssertEqual(permissions?.intValue, 0o600)
    }

    func testResumeLastRestoresTheConversationAndAppendsToTheSameFile() throws {
        var (state, persistence, _) = try start(options)
        try converse(&state, persistence)
        let path = try XCTUnwrap(persistence.path)
        persistence.close()
        let before = try lines(path)

        var resumeOptions = options
        resumeOptions.resume = SessionCommandLine.newestHere
        clock += 3600
        var (resumed, resumedPersistence, launch) = try start(resumeOptions)
        XCTAssertEqual(launch.appendPath, path)
        XCTAssertEqual(resumed.agent.messages, state.agent.messages, "the model sees the whole history again")
        // The tool's description, hints and fingerprint come from its server's catalog, which is not saved.
        func shown(_ items: some Sequence<TranscriptItem>) -> [TranscriptItem] {
            items.map { item in
                guard case .toolCall(var call) = item else { return item }
                call.toolDescription = nil
                call.annotations = Tool.Annotations()
                call.fingerprint = nil
                return .toolCall(call)
            }
        }
        XCTAssertEqual(shown(resumed.agent.transcript.dropLast()), shown(state.agent.transcript),
                       "the transcript is back, with one line saying it was resumed")
        guard case .notice(let notice)? = resumed.agent.transcript.last else { return XCTFail("no resume notice") }
        XCTAssertTrue(notice.hasPrefix("Resumed session 20260115-093012-abcdef (3 messages) from \(path)"), notice)
        XCTAssertEqual(try lines(path), before, "resuming alone writes nothing")

        type("次", &resumed, resumedPersistence)
        guard case .streamChat(_, let request)? = send(.key(.enter), &resumed, resumedPersistence).first else {
            return XCTFail("no stream after resume")
        }
        XCTAssertEqual(Array(request.messages.dropLast()), state.agent.messages)
        resumedPersistence.close()
        XCTAssertEqual(try lines(path).prefix(before.count), before[...])
        XCTAssertEqual(try types(path).suffix(2), ["resumed", "user"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root.path + "/mcpterm/sessions").count, 1)
    }

    func testAStreamingReplyIsSavedWhileItStreamsAndComesBackAfterACrash() throws {
        var (state, persistence, _) = try start(options)
        type("話して", &state, persistence)
        guard case .streamChat(let turn, _)? = send(.key(.enter), &state, persistence).first else {
            return XCTFail("no stream")
        }
        send(.stream(turn: turn, .text("124 words on screen, 東京")), &state, persistence)
        let wait = try XCTUnwrap(self.due, "text waits: the loop must be woken up")
        XCTAssertEqual(wait, SessionRecordBuffer.partialInterval)
        XCTAssertEqual(try types(persistence.path), ["session", "user"])
        clock += wait  // the runtime's wake-up: no event came
        XCTAssertNil(persistence.writeDue(), "nothing waits once it is written")
        XCTAssertEqual(try types(persistence.path), ["session", "user", "assistant_partial"])
        let path = try XCTUnwrap(persistence.path)
        persistence.flush()  // mcpterm is killed here: no close, no assistant record

        var resumeOptions = options
        resumeOptions.resume = path
        let (resumed, _, launch) = try start(resumeOptions)
        XCTAssertTrue(launch.notices.first?.contains("(2 messages)") == true, "\(launch.notices)")
        XCTAssertEqual(resumed.agent.messages, [.system("sys"), .user("話して"), .assistant("124 words on screen, 東京")])
        XCTAssertTrue(resumed.agent.transcript.contains(.assistant("124 words on screen, 東京")))
        XCTAssertTrue(resumed.agent.transcript.contains(.notice(SessionReplay.cutOffReplyText)))
    }

    func testNoSaveAsksForNoWakeUps() throws {
        var noSave = options
        noSave.saveSession = false
        var (state, persistence, _) = try start(noSave)
        type("hi", &state, persistence)
        guard case .streamChat(let turn, _)? = send(.key(.enter), &state, persistence).first else {
            return XCTFail("no stream")
        }
        send(.stream(turn: turn, .text("text")), &state, persistence)
        XCTAssertNil(due)
    }

    func testATornHeaderLineIsRebuiltAndTheSessionResumes() throws {
        var (state, persistence, _) = try start(options)
        try converse(&state, persistence)
        let path = try XCTUnwrap(persistence.path)
        persistence.close()
        // The first line is torn in the middle; every other line is intact.
        var text = try String(contentsOfFile: path, encoding: .utf8)
        let firstLineEnd = try XCTUnwrap(text.firstIndex(of: "\n"))
        let half = text.index(text.startIndex, offsetBy: text.distance(from: text.startIndex, to: firstLineEnd) / 2)
        text.removeSubrange(half..<firstLineEnd)
        try text.write(toFile: path, atomically: false, encoding: .utf8)

        var resumeOptions = options
        resumeOptions.resume = "20260115-093012-abcdef"
        resumeOptions.systemPrompt = "sys"
        let (resumed, _, launch) = try start(resumeOptions)
        XCTAssertEqual(resumed.agent.messages, state.agent.messages, "the whole conversation is back")
        XCTAssertEqual(launch.notices, [
            "Resumed session 20260115-093012-abcdef (3 messages) from \(path); new messages are added to it.",
            "\(path):1: the session header could not be read; it was rebuilt from the other records "
                + "(the system prompt it held is lost; --system is used instead).",
        ])
        XCTAssertEqual(launch.errors.count, 1)
        XCTAssertTrue(launch.errors.first?.hasPrefix("\(path):1: ") == true, "\(launch.errors)")
    }

    func testNoSaveWritesNothing() throws {
        var noSave = options
        noSave.saveSession = false
        var (state, persistence, _) = try start(noSave)
        try converse(&state, persistence, saving: false)
        XCTAssertNil(persistence.path)
        XCTAssertFalse(FileManager.default.fileExists(atPath: root.path + "/mcpterm"))
    }

    func testClearStartsANewSessionFile() throws {
        var (state, persistence, _) = try start(options)
        try converse(&state, persistence)
        let first = persistence.path
        type("/clear", &state, persistence)
        send(.key(.enter), &state, persistence)
        XCTAssertNil(persistence.path, "the cleared conversation's file is closed")
        clock += 60
        type("hello", &state, persistence)
        send(.key(.enter), &state, persistence)
        XCTAssertNotEqual(persistence.path, first)
        XCTAssertEqual(try types(persistence.path), ["session", "user"])
        persistence.close()
    }

    func testResumeOfAMissingSessionIsAnErrorBeforeTheUIOpens() {
        var resume = options
        resume.resume = "20990101"
        XCTAssertThrowsError(try SessionLaunch.prepare(resume)) { error in
            XCTAssertTrue("\(error)".hasPrefix("--resume 20990101: no such session in "), "\(error)")
        }
    }

    func testBareResumeMeansTheNewestSessionHere() {
        XCTAssertEqual(SessionCommandLine.normalized(["--resume"]), ["--resume", "last"])
        XCTAssertEqual(SessionCommandLine.normalized(["--resume", "--model", "m"]), ["--resume", "last", "--model", "m"])
        XCTAssertEqual(SessionCommandLine.normalized(["--resume", "2026"]), ["--resume", "2026"])
        XCTAssertEqual(SessionCommandLine.normalized(["--model", "m"]), ["--model", "m"])
    }

    func testBarePromptMeansStdinAndBareExportTheNewestSessionHere() {
        XCTAssertEqual(SessionCommandLine.normalized(["-p"]), ["-p", "-"])
        XCTAssertEqual(SessionCommandLine.normalized(["-p", "--output", "json"]), ["-p", "-", "--output", "json"])
        XCTAssertEqual(SessionCommandLine.normalized(["--prompt", "-"]), ["--prompt", "-"])
        XCTAssertEqual(SessionCommandLine.normalized(["-p", "hi", "--allow", "git__*"]), ["-p", "hi", "--allow", "git__*"])
        // A prompt that starts with a dash but holds a space is text.
        XCTAssertEqual(SessionCommandLine.normalized(["-p", "-v: what does it do?"]), ["-p", "-v: what does it do?"])
        XCTAssertEqual(SessionCommandLine.normalized(["--resume", "-p", "more"]), ["--resume", "last", "-p", "more"])
        XCTAssertEqual(SessionCommandLine.normalized(["--export"]), ["--export", "last"])
        XCTAssertEqual(SessionCommandLine.normalized(["--export", "abc", "out.md"]), ["--export", "abc", "out.md"])
    }

    func testSessionsTableAlignsCJKAndShowsNoEscapes() {
        let header = SessionHeader(
            id: "20260115-093012-abcdef", mcptermVersion: "0.1.0", provider: nil, model: nil, baseURL: nil,
            cwd: "/home/ann/proj", servers: [], systemPrompt: nil)
        let summaries = [
            SessionSummary(id: "20260115-093012-abcdef", path: "/x", modified: clock, header: header, started: clock,
                           messageCount: 12, firstUserLine: "東京タワー\u{1B}[31m"),
            SessionSummary(id: "20260114-080000-000001", path: "/y", modified: clock, header: nil, started: nil,
                           messageCount: 0, firstUserLine: nil),
        ]
        let table = SessionCommandLine.table(summaries, home: "/home/ann", timeZone: TimeZone(identifier: "Asia/Tokyo")!)
        XCTAssertEqual(table.split(separator: "\n").map(String.init), [
            "ID                      STARTED           MSGS  DIRECTORY  FIRST MESSAGE",
            "20260115-093012-abcdef  2026-01-15 18:30    12  ~/proj     東京タワー␛[31m",
            "20260114-080000-000001  ?                    0  ?          (not a session file)",
        ])
    }
}
