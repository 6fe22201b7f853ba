import Foundation
import MCPHost
@testable import MCPTermApp
import TestSupport
import XCTest

/// A servers.json found in the working directory starts nothing until the user says yes to what
/// it runs; the answer is kept per file and content.
final class ProjectConsentTests: XCTestCase {
    private var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("mcpterm-consent-\(UUID())")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("proj"), withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(at: dir)
    }

    private var projectDirectory: String { dir.appendingPathComponent("proj").path }
    private var configPath: String { projectDirectory + "/servers.json" }
    private var store: ProjectTrustStore { ProjectTrustStore(path: dir.path + "/state/trusted-projects.json") }
    private var options: LaunchOptions {
        LaunchOptions(workingDirectory: projectDirectory, environment: ["HOME": dir.path + "/home", "PATH": "/usr/bin:/bin"])
    }

    private static let config = """
        {"mcpServers": {
          "git": {"command": "/opt/ツール/git-mcp", "args": ["--repo", "my repo", "it's"],
                  "env": {"GITHUB_TOKEN": "ghp_secretvalue", "DEBUG": "1"}, "alwaysAllow": ["status", "log"]},
          "web": {"type": "http", "url": "https://example.com/mcp", "headers": {"Authorization": "Bearer hunter2"}},
          "off": {"command": "sleep", "args": ["1"], "disabled": true}
        }}
        """

    private func write(_ text: String = ProjectConsentTests.config) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: configPath))
    }

    private func load(trustFlag: Bool = false, answer: String?) -> (Setup, [String]) {
        var questions: [String] = []
        let ask: ((String) -> String?)? = answer.map { answer in { questions.append($0); return answer } }
        let setup = Setup.load(options, consent: ProjectConsent(trustFlag: trustFlag, ask: ask, store: store))
        return (setup, questions)
    }

    func testQuestionListsEachCommandLineEnvNamesWithoutValuesURLsAndAlwaysAllow() throws {
        try write()
        let (_, questions) = load(answer: "n")
        XCTAssertEqual(questions.count, 1)
        let lines = questions[0].components(separatedBy: "\n")
        XCTAssertEqual(lines, [
            "mcpterm: servers.json in \(projectDirectory) is a project file: it can start programs on this computer.",
            "It runs:",
            "  git: /opt/ツール/git-mcp --repo 'my repo' 'it'\\''s'",
            "      env: DEBUG, GITHUB_TOKEN (values not shown)",
            "  web: https://example.com/mcp (http)",
            "      headers: Authorization (values not shown)",
            "  off (disabled; /enable starts it): sleep 1",
            "It pre-approves tools with alwaysAllow (they would run without asking):",
            "  git: status, log",
            "Start these servers? [y/N] ",
        ])
        XCTAssertFalse(questions[0].contains("ghp_secretvalue"))
        XCTAssertFalse(questions[0].contains("hunter2"))
    }

    func testQuestionShowsEscapesAsTextAndCJKCommandPathsAsThemselves() {
        var server = ServerConfig(name: "x\u{1B}]0;t\u{07}", command: "/home/山田/bin/サーバー", args: ["\u{1B}[2J"])
        server.env = ["名前": "v"]
        let question = ProjectConsent.question(displayName: "servers.json", directory: "/p", servers: [server], changed: true)
        XCTAssertTrue(question.contains("It has changed since you approved it.\nIt now runs:\n"), question)
        XCTAssertTrue(question.contains("  x␛]0;t␇: /home/山田/bin/サーバー '␛[2J'\n"), question)
        XCTAssertTrue(question.contains("env: 名前 (values not shown)"), question)
        XCTAssertFalse(question.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
    }

    func testAnsweringNoStartsNothingAndIgnoresAlwaysAllow() throws {
        try write()
        let (setup, _) = load(answer: "")
        XCTAssertEqual(setup.servers.servers.map(\.disabled), [true, true, true])
        XCTAssertEqual(setup.servers.servers.map(\.notTrusted), Array(repeating: ProjectConsent.notTrustedReason, count: 3))
        XCTAssertEqual(setup.servers.servers.flatMap(\.alwaysAllow), [])
        XCTAssertTrue(setup.policy.configAllowed.isEmpty)
        XCTAssertNil(setup.approvedProjectDigest)
        XCTAssertTrue(setup.errors.contains { $0.contains("git, web not started") && $0.contains("--trust-project") }, "\(setup.errors)")
        XCTAssertNil(try store.approvedDigest(for: configPath), "a no is not remembered")
    }

    func testYesStartsThemRemembersAndAChangedFileAsksAgain() throws {
        try write()
        let (setup, _) = load(answer: "y")
        XCTAssertEqual(setup.servers.servers.map(\.disabled), [false, false, true])
        XCTAssertEqual(setup.policy.configAllowed["git"], ["status", "log"])
        XCTAssertNotNil(setup.approvedProjectDigest)

        let (again, questions) = load(answer: "n")
        XCTAssertEqual(questions, [], "the same content is not asked about twice")
        XCTAssertEqual(again.servers.servers.map(\.disabled), [false, false, true])

        try write(Self.config.replacingOccurrences(of: "\"1\"]", with: "\"2\"], \"x\": 1"))
        let (changed, asked) = load(answer: "no")
        XCTAssertEqual(asked.count, 1)
        XCTAssertTrue(asked[0].contains("It has changed since you approved it.\nIt now runs:"), asked[0])
        XCTAssertTrue(asked[0].contains("sleep 2"), asked[0])
        XCTAssertEqual(changed.servers.servers.map(\.disabled), [true, true, true])
    }

    func testWithoutATerminalNothingStartsAndTheRefusalSaysWhy() throws {
        try write()
        let (setup, _) = load(answer: nil)
        XCTAssertEqual(setup.servers.servers.map(\.disabled), [true, true, true])
        let refusal = try XCTUnwrap(setup.consentRefusal)
        XCTAssertTrue(refusal.contains("no terminal on stdin"), refusal)
        XCTAssertTrue(refusal.contains("--trust-project"), refusal)
    }

    func testTrustProjectFlagStartsThemWithoutATerminalAndRemembers() throws {
        try write()
        let (setup, questions) = load(trustFlag: true, answer: nil)
        XCTAssertEqual(questions, [])
        XCTAssertEqual(setup.servers.servers.map(\.disabled), [false, false, true])
        XCTAssertNil(setup.consentRefusal)
        XCTAssertEqual(try store.approvedDigest(for: configPath), setup.approvedProjectDigest)
    }

    func testCorruptStoreIsReportedAndTheFileIsNotTrusted() throws {
        try write()
        try store.remember(file: configPath, digest: ProjectTrustStore.digest(Data(Self.config.utf8)))
        try Data("not json".utf8).write(to: URL(fileURLWithPath: store.path))
        let (setup, _) = load(answer: nil)
        XCTAssertEqual(setup.servers.servers.map(\.disabled), [true, true, true])
        XCTAssertTrue(setup.errors.contains { $0.contains("trusted-projects.json is damaged") }, "\(setup.errors)")
    }

    func testExplicitConfigIsNeverAsked() throws {
        try write()
        var explicit = options
        explicit.configPath = "servers.json"
        var questions: [String] = []
        let setup = Setup.load(explicit, consent: ProjectConsent(trustFlag: false, ask: { questions.append($0); return "n" }, store: store))
        XCTAssertEqual(questions, [])
        XCTAssertEqual(setup.servers.servers.map(\.disabled), [false, false, true])
    }

    func testReloadStartsNothingFromAProjectFileChangedSinceItWasApproved() throws {
        try write()
        let (setup, _) = load(answer: "y")
        let reloader = ConfigReloader(options: options, approvedProjectDigest: setup.approvedProjectDigest, store: store)
        XCTAssertEqual(reloader.load().servers.count, 3, "the approved content reloads")

        try write(Self.config.replacingOccurrences(of: "\"sleep\"", with: "\"rm\""))
        let file = reloader.load()
        XCTAssertEqual(file.servers, [])
        XCTAssertEqual(file.problems.map(\.description), [
            "servers.json: changed since it was approved, so /reload starts nothing from it: restart mcpterm to approve what it runs now"])

        let refused = ConfigReloader(options: options, approvedProjectDigest: nil, store: store)
        XCTAssertEqual(refused.load().servers, [])
    }

    func testEnableRefusesAServerThatWasNotTrusted() async throws {
        let host = ServerHost(configs: ProjectConsent.refused([ServerConfig(name: "x", command: "/bin/true")]),
                              clientVersion: "test")
        do {
            try await host.enable(server: "x")
            XCTFail("an untrusted server was enabled")
        } catch {
            XCTAssertEqual(error, .notTrusted(server: "x", reason: ProjectConsent.notTrustedReason))
        }
        let statuses = await host.statuses()
        XCTAssertEqual(statuses.map(\.state), [.disabled])
        // The Servers pane says why, not only "disabled".
        let pane = ServersPane.lines(servers: statuses, tools: [], width: 36, theme: .builtinDefault)
            .map { $0.runs.map(\.text).joined() }
        XCTAssertEqual(pane.first, "○ x disabled")
        XCTAssertEqual(Array(pane.drop { !$0.hasPrefix("  not trusted") }.prefix(3)), [
            "  not trusted: run mcpterm again and", "  answer y, or start it with", "  --trust-project",
        ], pane.joined(separator: "\n"))
        await host.shutdown()
    }

    /// The built binary, in a directory whose servers.json it has never seen, stdin not a terminal.
    func testCheckInADirectoryWithAProjectFileStartsNothingWithoutATerminal() throws {
        let bin = try EndToEndTmuxTests.binaryDirectory().appendingPathComponent("mcpterm").path
        let marker = dir.path + "/started"
        try write("""
            {"mcpServers": {"toucher": {"command": "/bin/sh", "args": ["-c", "touch \(marker)"]}}}
            """)
        func quoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let run = try ChildCommand.run([
            "/bin/sh", "-c",
            "cd \(quoted(projectDirectory)) && XDG_STATE_HOME=\(quoted(dir.path + "/state")) exec \(quoted(bin)) --check 2>&1",
        ], capture: true)
        XCTAssertEqual(run.status, 1, run.output)
        XCTAssertTrue(run.output.contains("server: toucher [stdio] disabled"), run.output)
        XCTAssertTrue(run.output.contains("not started: not trusted: run mcpterm again and answer y, or start it with --trust-project"), run.output)
        XCTAssertTrue(run.output.contains("servers.json in this directory can start programs, and there is no terminal on stdin"), run.output)
        XCTAssertFalse(FileManager.default.fileExists(atPath: marker), "the server was started")
    }
}
