import Foundation
import TestSupport
import XCTest

/// A real mcpterm in tmux is killed with SIGKILL while a reply streams; the next run's
/// `--resume` shows the words the user had seen, and the model gets user, assistant, user,
/// not two user messages in a row.
final class CrashResumeTmuxTests: XCTestCase {
    private var sessions: [String] = []
    private var model: FixtureServer?
    private var tempDir: URL?
    /// mcpterm's pid, when a test started one that may still run.
    private var mcptermPID: pid_t?

    override func tearDown() {
        if let pid = mcptermPID { kill(pid, SIGKILL) }
        for session in sessions { _ = try? EndToEndTmuxTests.tmux(["kill-session", "-t", session]) }
        model?.stop()
        if let tempDir { try? FileManager.default.removeItem(at: tempDir) }
        super.tearDown()
    }

    func testKillDuringAStreamKeepsThePartialReplyForResume() throws {
        guard (try? EndToEndTmuxTests.tmux(["-V"], capture: true))?.contains("tmux") == true else {
            throw XCTSkip("tmux is not installed (make test installs it)")
        }
        let bin = try EndToEndTmuxTests.binaryDirectory()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mcpterm-crash-\(getpid())")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        tempDir = dir
        let requests = dir.appendingPathComponent("requests.jsonl")
        let model = try FixtureServer(script: "fake_openai_agent.py", arguments: ["--log", requests.path])
        self.model = model
        let config = dir.appendingPathComponent("servers.json")
        try Data(#"{"mcpServers": {}}"#.utf8).write(to: config)
        let sessionsDir = dir.appendingPathComponent("mcpterm/sessions")

        func start(_ name: String, _ extra: [String]) throws {
            sessions.append(name)
            let command = ([bin.appendingPathComponent("mcpterm").path, "--config", config.path, "--provider", "openai",
                            "--base-url", "http://127.0.0.1:\(model.port)/v1", "--model", "fake-agent"] + extra)
                .map { "'\($0)'" }.joined(separator: " ")
            // `exec`: the pane's process is mcpterm itself, so its pid is the one to kill.
            try EndToEndTmuxTests.tmux([
                "new-session", "-d", "-s", name, "-c", dir.path, "-x", "120", "-y", "36",
                "exec env LANG=C.UTF-8 TERM=xterm-256color XDG_STATE_HOME='\(dir.path)' \(command)",
            ])
            let pid = try EndToEndTmuxTests.tmux(["display-message", "-p", "-t", name, "#{pane_pid}"], capture: true)
            mcptermPID = pid_t(pid.trimmingCharacters(in: .whitespacesAndNewlines))
        }

        // The first run: the reply streams, the user sees all of it, the model goes quiet.
        let first = "crash-\(getpid())"
        try start(first, [])
        try waitForScreen(first, containing: "servers 0/0 ready")
        try EndToEndTmuxTests.tmux(["send-keys", "-t", first, "-l", "stream slowly"])
        try EndToEndTmuxTests.tmux(["send-keys", "-t", first, "Enter"])
        try waitForScreen(first, containing: "東京の終わり")

        // The reply must reach the file while it still streams (within the coalescing window
        // after the last chunk), before anything ends the turn.
        let file = try waitForSessionFile(in: sessionsDir, containing: "東京の終わり")
        let pid = try XCTUnwrap(mcptermPID)
        XCTAssertEqual(kill(pid, SIGKILL), 0)
        try waitUntilGone(first)
        mcptermPID = nil

        let types = try recordTypes(file)
        XCTAssertEqual(types.first, "session")
        XCTAssertEqual(types.filter { $0 == "user" }.count, 1, "\(types)")
        XCTAssertFalse(types.contains("assistant"), "the reply never finished: \(types)")
        XCTAssertTrue(types.contains("assistant_partial"), "\(types)")

        // The second run resumes it: the words are back, marked as cut off.
        let second = "resume-\(getpid())"
        try start(second, ["--resume"])
        let screen = try waitForScreen(second, containing: "Resumed session")
        XCTAssertTrue(screen.contains("東京の終わり"), "the partial reply shows again:\n\(screen)")
        XCTAssertTrue(screen.contains("cut off"), "the reply is marked as cut off:\n\(screen)")
        try EndToEndTmuxTests.tmux(["send-keys", "-t", second, "-l", "hello"])
        try EndToEndTmuxTests.tmux(["send-keys", "-t", second, "Enter"])
        try waitForScreen(second, containing: "You said: hello")

        let last = try XCTUnwrap(String(decoding: Data(contentsOf: requests), as: UTF8.self)
            .split(separator: "\n").last)
        let body = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        let messages = try XCTUnwrap(body["messages"] as? [[String: Any]])
        XCTAssertEqual(messages.map { $0["role"] as? String ?? "?" }, ["user", "assistant", "user"])
        let reply = messages.count == 3 ? messages[1]["content"] as? String : nil
        XCTAssertEqual(reply.map { $0.hasPrefix("w0 w1 w2") && $0.hasSuffix("w122 東京の終わり") }, true,
                       "the model gets the whole partial reply: \(reply ?? "nil")")

        try EndToEndTmuxTests.tmux(["send-keys", "-t", second, "C-d"])
        try waitUntilGone(second)
        mcptermPID = nil
    }

    // MARK: Helpers

    /// Polls the screen until `text` shows (or fails after `seconds`), returning the screen.
    @discardableResult
    private func waitForScreen(_ session: String, containing text: String, seconds: Double = 60) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var screen = ""
        while Date() < deadline {
            screen = try EndToEndTmuxTests.tmux(["capture-pane", "-p", "-t", session], capture: true)
            if screen.contains(text) { return screen }
            usleep(100_000)
        }
        throw EndToEndTmuxTests.ScreenTimeout(text: text, screen: screen)
    }

    /// The one session file in `directory`, once it holds `text`.
    private func waitForSessionFile(in directory: URL, containing text: String, seconds: Double = 20) throws -> URL {
        let deadline = Date().addingTimeInterval(seconds)
        var seen = ""
        while Date() < deadline {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            if let name = names.first(where: { $0.hasSuffix(".jsonl") }) {
                let url = directory.appendingPathComponent(name)
                seen = String(decoding: (try? Data(contentsOf: url)) ?? Data(), as: UTF8.self)
                if seen.contains(text) { return url }
            }
            usleep(100_000)
        }
        throw FileTimeout(text: text, content: seen)
    }

    private func waitUntilGone(_ session: String) throws {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if (try? ChildCommand.run(["tmux", "-L", "mcpterm-tests", "has-session", "-t", session]).status) != 0 { return }
            usleep(100_000)
        }
        XCTFail("tmux session \(session) is still there")
    }

    private func recordTypes(_ file: URL) throws -> [String] {
        String(decoding: try Data(contentsOf: file), as: UTF8.self).split(separator: "\n").map { line in
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return object?["type"] as? String ?? "?"
        }
    }

    struct FileTimeout: Error, CustomStringConvertible {
        var text: String
        var content: String
        var description: String { "the session file never held \"\(text)\"; it held:\n\(content)" }
    }
}
