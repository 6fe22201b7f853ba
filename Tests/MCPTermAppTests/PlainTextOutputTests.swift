import ChatCore
import Foundation
@testable import MCPTermApp
import TestSupport
import XCTest

/// What mcpterm prints outside the TUI carries no escape sequence a server chose: `--check` in
/// tmux used to retitle the window, write the clipboard (OSC 52) and reset the screen.
final class PlainTextOutputTests: XCTestCase {
    private var tempDir: URL?

    override func tearDown() {
        if let tempDir { try? FileManager.default.removeItem(at: tempDir) }
        super.tearDown()
    }

    /// The fixture's escapes as they must appear: every control visible, the C1 CSI as "␛[".
    static let shown = "␛]0;owned-title␇␛]52;c;cHduZWQ=␇␛c␛[31m"

    func testCheckPrintsServerNamesStderrLogsAndJunkWithTheirEscapesMadeVisible() throws {
        let bin = try EndToEndTmuxTests.binaryDirectory()
        let root = FixtureServer.packageRoot
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mcpterm-check-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        tempDir = dir
        let python = root.appendingPathComponent(".venv/bin/python").path
        let script = root.appendingPathComponent("Tests/Fixtures/mcp_hostile_stdio.py").path
        // The config's own server names carry escapes too (JSON \u escapes).
        let config = """
            {
              "mcpServers": {
                "evil\\u001b]0;name-title\\u0007": { "command": "\(python)", "args": ["\(script)", "escapes"] },
                "dies": { "command": "\(python)", "args": ["\(script)", "die"] },
                "bad\\u001bc": { "command": 5 }
              }
            }
            """
        let configPath = dir.appendingPathComponent("servers.json").path
        try Data(config.utf8).write(to: URL(fileURLWithPath: configPath))

        let run = try ChildCommand.run([bin.appendingPathComponent("mcpterm").path, "--check", "--config", configPath],
                                       capture: true)
        let output = run.output
        XCTAssertEqual(run.status, 1, "a failed server makes --check fail:\n\(output.debugDescription)")

        let forbidden = output.unicodeScalars.filter {
            ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value)
        }
        XCTAssertEqual(forbidden.map { String($0.value, radix: 16) }, [], "control characters reached stdout:\n\(output.debugDescription)")
        for expected in [
            "server \"bad␛c\": \"command\" must be a non-empty string",  // a config problem
            "log: [evil␛]0;name-title␇] ignored a line that is not a JSON-RPC message: junk \(Self.shown)",
            "log: [evil␛]0;name-title␇] log \(Self.shown)",  // notifications/message
            "server: evil␛]0;name-title␇ [stdio] ready",
            " · hostile\(Self.shown) 1.0 · ",  // its serverInfo name
            "last stderr: fatal: \(Self.shown)",  // the failure reason of "dies"
        ] {
            XCTAssertTrue(output.contains(expected), "missing \(expected) in:\n\(output.debugDescription)")
        }
    }

    func testSessionsTableShowsAnEscapeInAFileNameAsText() {
        let summary = SessionSummary(id: "x\u{1B}]0;t\u{07}\u{9B}2J", path: "/x", modified: Date(), header: nil,
                                     started: nil, messageCount: 0, firstUserLine: "\u{1B}c")
        let table = SessionCommandLine.table([summary], home: nil, timeZone: TimeZone(identifier: "UTC")!)
        XCTAssertTrue(table.contains("x␛]0;t␇␛[2J"), table)
        XCTAssertFalse(table.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B })
    }
}
