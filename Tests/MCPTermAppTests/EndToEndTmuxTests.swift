import Foundation
import TestSupport
import XCTest

/// mcpterm in a real terminal (tmux): the demo server over stdio, a loopback model that asks
/// for a tool; the user types, approves with `y`, and sees the model's final answer.
final class EndToEndTmuxTests: XCTestCase {
    private var session: String?
    private var model: FixtureServer?
    private var tempDir: URL?

    static let packageRoot = FixtureServer.packageRoot

    override func tearDown() {
        if let session { _ = try? Self.tmux(["kill-session", "-t", session]) }
        model?.stop()
        if let tempDir { try? FileManager.default.removeItem(at: tempDir) }
        super.tearDown()
    }

    /// The debug build folder holding mcpterm and mcpterm-demo-server (built by `swift build --build-tests`).
    static func binaryDirectory() throws -> URL {
        let root = packageRoot.appendingPathComponent(".build")
        for candidate in ["debug", "x86_64-unknown-linux-gnu/debug", "aarch64-unknown-linux-gnu/debug"] {
            let dir = root.appendingPathComponent(candidate)
            if FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent("mcpterm").path),
                FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent("mcpterm-demo-server").path)
            {
                return dir
            }
        }
        throw XCTSkip("mcpterm is not built: run `swift build --build-tests` first (make test does)")
    }

    /// Runs tmux on the tests' own socket; returns what it printed when `capture` is true.
    @discardableResult
    static func tmux(_ args: [String], capture: Bool = false) throws -> String {
        try ChildCommand.run(["tmux", "-L", "mcpterm-tests"] + args, capture: capture).output
    }

    /// Polls the screen until `text` shows (or fails after `seconds`), returning the screen.
    @discardableResult
    private func waitForScreen(containing text: String, seconds: Double = 60) throws -> String {
        try waitForScreen(text, seconds: seconds) { $0.contains(text) }
    }

    /// Polls the screen until `done` holds (or fails after `seconds`, saying `what`), returning the screen.
    @discardableResult
    private func waitForScreen(_ what: String, seconds: Double = 60, until done: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var screen = ""
        while Date() < deadline {
            screen = try Self.tmux(["capture-pane", "-p", "-t", session!], capture: true)
            if done(screen) { return screen }
            usleep(100_000)
        }
        throw ScreenTimeout(text: what, screen: screen)
    }

    /// Starts mcpterm in tmux (`width`×`height`) on a servers.json made from `servers` (given the
    /// binaries' folder and the temp folder, it returns the file's JSON), with the loopback agent
    /// model; returns the tmux session's name.
    private func launch(_ tag: String, width: Int, height: Int, servers: (URL, URL) -> String) throws -> String {
        guard (try? Self.tmux(["-V"], capture: true))?.contains("tmux") == true else {
            throw XCTSkip("tmux is not installed (make test installs it)")
        }
        let bin = try Self.binaryDirectory()
        let model = try FixtureServer(script: "fake_openai_agent.py")
        self.model = model
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mcpterm-\(tag)-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        tempDir = dir
        let config = dir.appendingPathComponent("servers.json")
        try Data(servers(bin, dir).utf8).write(to: config)
        let name = "\(tag)-\(getpid())"
        session = name
        let command = [bin.appendingPathComponent("mcpterm").path, "--config", config.path, "--provider", "openai",
                       "--base-url", "http://127.0.0.1:\(model.port)/v1", "--model", "fake-agent"]
            .map { "'\($0)'" }.joined(separator: " ")
        try Self.tmux(["new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)",
                       "env LANG=C.UTF-8 TERM=xterm-256color XDG_STATE_HOME='\(dir.path)' \(command)"])
        return name
    }

    func testTypeApproveAndSeeTheFinalAnswer() throws {
        let name = try launch("e2e", width: 120, height: 36) { bin, dir in
            let demo = bin.appendingPathComponent("mcpterm-demo-server").path
            return #"{"mcpServers": {"demo": {"command": "\#(demo)", "cwd": "\#(dir.path)"}}}"#
        }
        try waitForScreen(containing: "servers 1/1 ready")
        try Self.tmux(["send-keys", "-t", name, "-l", "echo 東京タワー"])
        try Self.tmux(["send-keys", "-t", name, "Enter"])
        let box = try waitForScreen(containing: "Allow tool call?")
        XCTAssertTrue(box.contains("demo"), box)
        XCTAssertTrue(box.contains("東京タワー"), "the CJK argument shows in the box:\n\(box)")

        // The box's keys arm a moment after it appears; then y runs the call.
        try waitForScreen("the armed box") { $0.contains("Allow tool call?") && !$0.contains("arming…") }
        try Self.tmux(["send-keys", "-t", name, "y"])
        let done = try waitForScreen(containing: "Tool said: 東京タワー")
        XCTAssertTrue(done.contains("✓ done"), done)

        try Self.tmux(["send-keys", "-t", name, "C-d"])
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, sessionExists(name) {
            usleep(100_000)
        }
        XCTAssertFalse(sessionExists(name), "Ctrl-D on an empty line quits mcpterm")
    }

    /// A real Python SDK server asks for a form in the middle of a tool call; the user answers it
    /// with keys on a real terminal: a value the schema refuses first (the box says why), then a
    /// CJK one, which reaches the server and comes back in the model's answer.
    func testAnElicitationFormAnsweredWithKeys() throws {
        let root = Self.packageRoot.path
        let name = try launch("e2e-form", width: 100, height: 30) { _, _ in
            #"""
            {"mcpServers": {"elicit": {"command": "\#(root)/.venv/bin/python",
             "args": ["\#(root)/Tests/Fixtures/mcp_elicit_server.py"], "protocol": "handshake"}}}
            """#
        }
        try waitForScreen(containing: "servers 1/1 ready")
        try Self.tmux(["send-keys", "-t", name, "-l", "echo 東京"])
        try Self.tmux(["send-keys", "-t", name, "Enter"])
        try waitForScreen("the armed approval box") { $0.contains("Allow tool call?") && !$0.contains("arming…") }
        try Self.tmux(["send-keys", "-t", name, "y"])

        let form = try waitForScreen(containing: "┌─ elicit asks")
        XCTAssertTrue(form.contains("Who says 東京?"), form)
        XCTAssertTrue(form.contains("Nickname"), form)
        try waitForScreen("the armed form") { $0.contains("Who says 東京?") && !$0.contains("arming…") }
        try Self.tmux(["send-keys", "-t", name, "-l", "x"])
        try Self.tmux(["send-keys", "-t", name, "Enter"])
        let refused = try waitForScreen(containing: "at least 2")
        XCTAssertTrue(refused.contains("Who says 東京?"), "a refused form stays open:\n\(refused)")
        try Self.tmux(["send-keys", "-t", name, "BSpace"])
        try Self.tmux(["send-keys", "-t", name, "-l", "太郎"])
        try Self.tmux(["send-keys", "-t", name, "Enter"])
        let done = try waitForScreen(containing: "Tool said: 太郎 says 東京")
        XCTAssertFalse(done.contains("┌─ elicit asks"), "the form closed once sent:\n\(done)")
        XCTAssertTrue(done.contains("└ 太郎 says 東京"), done)
        try Self.tmux(["send-keys", "-t", name, "C-d"])
    }

    /// The mouse in a real terminal: mcpterm switches xterm's reporting on (tmux sees the pane's
    /// mouse modes), a wheel report over the transcript scrolls it, Alt-M switches reporting off;
    /// /copy reaches tmux's buffer through OSC 52 (with `set-clipboard on`).
    func testTheWheelScrollsTheTranscriptAndCopyReachesTheClipboard() throws {
        let name = try launch("e2e-mouse", width: 80, height: 24) { _, _ in #"{"mcpServers": {}}"# }
        try waitForScreen(containing: "servers 0/0 ready")
        let flags = { try Self.tmux(["display-message", "-p", "-t", name, "#{mouse_standard_flag}#{mouse_sgr_flag}"],
                                    capture: true).trimmingCharacters(in: .whitespacesAndNewlines) }
        XCTAssertEqual(try flags(), "11", "button reports (1000) in SGR coordinates (1006) are on")

        // A long message, pasted (tmux sends it bracketed), and the model's echo of it.
        let lines = (1...30).map { "line \($0) 東京" }.joined(separator: "\n")
        try Self.tmux(["set-buffer", "-b", "mcpterm-paste", lines])
        try Self.tmux(["paste-buffer", "-p", "-d", "-b", "mcpterm-paste", "-t", name])
        try Self.tmux(["send-keys", "-t", name, "Enter"])
        // The reply has begun ("You said") and ended (idle): nothing more arrives below.
        try waitForScreen("the end of the reply") { $0.contains("You said: line 1 東京") && $0.contains("│ idle") }

        // One turn of the wheel up over the transcript (ESC [ < 64 ; 10 ; 5 M), as the terminal sends it.
        let wheelUp = Array("\u{1B}[<64;10;5M".utf8).map { String(format: "%02x", $0) }
        try Self.tmux(["send-keys", "-t", name, "-H"] + wheelUp)
        let scrolled = try waitForScreen(containing: "↓ 3 more lines below")
        XCTAssertFalse(scrolled.contains("<64;"), "the report is not typed into the input:\n\(scrolled)")
        try Self.tmux(["send-keys", "-t", name, "-H"] + wheelUp)
        try waitForScreen(containing: "↓ 6 more lines below")

        try Self.tmux(["send-keys", "-t", name, "M-m"])
        try waitForScreen(containing: "Mouse off")
        XCTAssertEqual(try flags(), "00", "Alt-M switches the terminal's reporting off")

        try Self.tmux(["set-option", "-s", "set-clipboard", "on"])
        try Self.tmux(["send-keys", "-t", name, "-l", "/copy"])
        try Self.tmux(["send-keys", "-t", name, "Enter"])
        try waitForScreen(containing: "Copied the last reply")
        let deadline = Date().addingTimeInterval(10)
        var buffer = ""
        while Date() < deadline, !buffer.contains("line 30") {
            buffer = (try? Self.tmux(["show-buffer"], capture: true)) ?? ""
            usleep(100_000)
        }
        XCTAssertTrue(buffer.hasPrefix("You said: line 1 東京\n"), buffer)
        XCTAssertTrue(buffer.hasSuffix("line 30 東京"), buffer)
        try Self.tmux(["send-keys", "-t", name, "C-d"])
    }

    struct ScreenTimeout: Error, CustomStringConvertible {
        var text: String
        var screen: String
        var description: String { "\"\(text)\" never appeared; the screen was:\n\(screen)" }
    }

    private func sessionExists(_ name: String) -> Bool {
        (try? ChildCommand.run(["tmux", "-L", "mcpterm-tests", "has-session", "-t", name]).status) == 0
    }
}
