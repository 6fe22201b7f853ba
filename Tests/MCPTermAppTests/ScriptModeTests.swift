import Foundation
import TestSupport
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// `mcpterm -p` as a script runs it: the built binary as a subprocess, a loopback model
/// (Tests/Fixtures/fake_openai_agent.py, or each provider's fixture) and the Python SDK fixture
/// server over stdio, whose `echo` tool the model calls. Checks stdout, stderr, the exit status,
/// what the model was sent, and that no process outlives the run.
final class ScriptModeTests: XCTestCase {
    private var dir: URL!
    private var model: FixtureServer?
    private var modelLog: String { dir.path + "/model-requests.jsonl" }

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("mcpterm-script-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDown() {
        model?.stop()
        // The MCP servers mcpterm started carry the test's directory on their command line.
        XCTAssertEqual(Self.processes(mentioning: dir.path), [], "processes left running")
        try? FileManager.default.removeItem(at: dir)
        super.tearDown()
    }

    // MARK: Output formats

    func testTextOutputIsTheAnswerAfterAToolTheCommandLineAllows() throws {
        let run = try mcpterm(["-p", "echo 東京タワー", "--allow", "fixture__*"], servers: servers())
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout, "Tool said: 東京タワー\n")
        XCTAssertEqual(run.stderr, "")
    }

    func testJSONOutputHoldsTheCallItsApprovalResultUsageAndStopReason() throws {
        let run = try mcpterm(["-p", "echo hi", "--allow", "fixture__echo", "--output", "json"], servers: servers())
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout.split(separator: "\n").count, 1, "one object on one line")
        let result = try object(run.stdout)
        XCTAssertEqual(result["answer"] as? String, "Tool said: hi")
        XCTAssertEqual(result["stopReason"] as? String, "stop")
        XCTAssertEqual(result["errors"] as? [String], [])
        XCTAssertEqual(result["exitStatus"] as? Int, 0)
        // Two requests (the call, then the answer), 11 + 7 tokens each.
        XCTAssertEqual(result["usage"] as? [String: Int], ["inputTokens": 22, "outputTokens": 14])
        XCTAssertEqual(result["model"] as? [String: String], ["provider": "openai", "name": "fake-agent"])
        let calls = try XCTUnwrap(result["toolCalls"] as? [[String: Any]])
        XCTAssertEqual(calls.count, 1)
        let call = calls[0]
        XCTAssertEqual(call["id"] as? String, "call_e2e")
        XCTAssertEqual(call["name"] as? String, "fixture__echo")
        XCTAssertEqual(call["server"] as? String, "fixture")
        XCTAssertEqual(call["tool"] as? String, "echo")
        XCTAssertEqual(call["arguments"] as? [String: String], ["text": "hi"])
        XCTAssertEqual(call["approval"] as? String, "allowed by --allow")
        XCTAssertEqual(call["rule"] as? String, "fixture__echo")
        XCTAssertEqual(call["allowed"] as? Bool, true)
        XCTAssertEqual(call["state"] as? String, "done")
        XCTAssertEqual(call["isError"] as? Bool, false)
        XCTAssertEqual(call["result"] as? String, "hi")
        // The turn was saved where --resume finds it.
        let session = try XCTUnwrap(result["session"] as? [String: String])
        XCTAssertTrue(FileManager.default.fileExists(atPath: try XCTUnwrap(session["path"])))
        XCTAssertEqual(session["path"], dir.path + "/state/mcpterm/sessions/" + (session["id"] ?? "") + ".jsonl")
    }

    func testTraceWritesTheTurnsMessagesAsJSONLinesInAScriptToo() throws {
        let trace = dir.path + "/trace.jsonl"
        let run = try mcpterm(["-p", "echo 東京", "--allow", "fixture__*", "--trace", trace], servers: servers())
        XCTAssertEqual(run.status, 0, run.stderr)
        let lines = try String(contentsOfFile: trace, encoding: .utf8).split(separator: "\n").map { try object(String($0)) }
        let methods = lines.compactMap { line -> String? in
            guard line["server"] as? String == "fixture" else { return nil }
            return "\(line["dir"] ?? "") \(line["method"] ?? "")"
        }
        XCTAssertTrue(methods.contains("out tools/call"), "\(methods)")
        let answer = try XCTUnwrap(lines.first { $0["dir"] as? String == "in" && $0["method"] as? String == "tools/call" })
        XCTAssertNotNil(answer["latencyMs"] as? Double, "the answer is paired with its call")
        XCTAssertTrue("\(answer["message"] ?? "")".contains("東京"), "\(answer)")
        let mode = try FileManager.default.attributesOfItem(atPath: trace)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o600)
        let bad = try mcpterm(["-p", "hi", "--trace", dir.path + "/no/such/dir/t.jsonl"], servers: servers())
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("--trace: trace file \(dir.path)/no/such/dir/t.jsonl: cannot be created"), bad.stderr)
    }

    func testStreamJSONWritesOneParsableObjectPerLineInTheOrderThingsHappen() throws {
        let run = try mcpterm(["-p", "echo hi", "--allow", "fixture__*", "--output", "stream-json"], servers: servers())
        XCTAssertEqual(run.status, 0, run.stderr)
        let lines = try run.stdout.split(separator: "\n").map { try object(String($0)) }
        let types = lines.compactMap { $0["type"] as? String }
        XCTAssertEqual(types.count, lines.count, "every line has a type")
        // Pieces of text in a row read as one step.
        let steps = types.enumerated().filter { $0.offset == 0 || $0.element != "text" || types[$0.offset - 1] != "text" }
            .map(\.element)
        XCTAssertEqual(steps, ["start", "text", "usage", "tool_call", "tool_approval", "tool_result", "text", "usage", "result"])
        XCTAssertTrue((lines[0]["tools"] as? [String] ?? []).contains("fixture__echo"), "\(lines[0])")
        XCTAssertEqual((lines[0]["servers"] as? [[String: String]])?.first, ["name": "fixture", "state": "ready"])
        let answerText = lines.drop { ($0["type"] as? String) != "tool_result" }.filter { ($0["type"] as? String) == "text" }
            .compactMap { $0["text"] as? String }.joined()
        XCTAssertEqual(answerText, "Tool said: hi")
        let approval = try XCTUnwrap(lines.first { ($0["type"] as? String) == "tool_approval" })
        XCTAssertEqual(approval["approval"] as? String, "allowed by --allow")
        XCTAssertEqual(approval["rule"] as? String, "fixture__*")
        XCTAssertEqual(lines.last?["answer"] as? String, "Tool said: hi")
        XCTAssertEqual(lines.last?["exitStatus"] as? Int, 0)
    }

    /// The lines go out as things happen: one arrives while the model is still streaming (it then
    /// stays silent until the client leaves), and SIGTERM ends the run with a `result` line.
    func testStreamJSONLinesArriveWhileTheModelIsStillAnswering() throws {
        let process = try start(["-p", "stream slowly", "--output", "stream-json"])
        var first: [String: Any]?
        while let line = process.readLine() {
            let event = try object(line)
            if event["type"] as? String == "text" {
                first = event
                break
            }
        }
        XCTAssertEqual(first?["text"] as? String, "w0")
        process.signal(SIGTERM)
        let end = process.finish()
        XCTAssertEqual(end.status, 128 + SIGTERM, end.stderr)
        let result = try object(try XCTUnwrap(end.stdout.split(separator: "\n").last.map(String.init)))
        XCTAssertEqual(result["type"] as? String, "result")
        XCTAssertEqual(result["stopReason"] as? String, "cancelled")
        // The reply as far as it came.
        XCTAssertTrue((result["answer"] as? String ?? "").hasPrefix("w0"), "\(result)")
    }

    // MARK: What may run

    func testACallNothingAllowsIsDeniedReportedOnStderrAndTheModelIsTold() throws {
        let run = try mcpterm(["-p", "echo hi"], servers: servers())
        XCTAssertEqual(run.status, 3, run.stderr)
        let reason = "the call to fixture__echo was denied: mcpterm -p runs only tools that --allow or the server's alwaysAllow names"
        XCTAssertEqual(run.stderr, "mcpterm: denied fixture__echo {\"text\":\"hi\"}: not allowed "
                       + "(--allow 'fixture__echo' or the server's alwaysAllow lets it run)\n")
        XCTAssertEqual(run.stdout, "Tool said: Error: \(reason)\n")
        let toolMessage = try XCTUnwrap(modelRequests().last?.messages.last)
        XCTAssertEqual(toolMessage["role"] as? String, "tool")
        XCTAssertEqual(toolMessage["content"] as? String, "Error: \(reason)")
    }

    func testDenyWinsOverAllowAndOverAlwaysAllow() throws {
        let run = try mcpterm(["-p", "echo hi", "--allow", "fixture__*", "--deny", "*__echo", "--output", "json"],
                              servers: servers(alwaysAllow: ["echo"]))
        XCTAssertEqual(run.status, 3, run.stderr)
        XCTAssertEqual(run.stderr, "mcpterm: denied fixture__echo {\"text\":\"hi\"}: denied by --deny '*__echo'\n")
        let call = try XCTUnwrap((try object(run.stdout)["toolCalls"] as? [[String: Any]])?.first)
        XCTAssertEqual(call["approval"] as? String, "denied by --deny")
        XCTAssertEqual(call["rule"] as? String, "*__echo")
        XCTAssertEqual(call["allowed"] as? Bool, false)
        XCTAssertEqual(call["state"] as? String, "denied")
        XCTAssertEqual(call["isError"] as? Bool, true)
    }

    func testAlwaysAllowInServersJSONLetsTheToolRun() throws {
        let run = try mcpterm(["-p", "echo hi", "--output", "json"], servers: servers(alwaysAllow: ["echo"]))
        XCTAssertEqual(run.status, 0, run.stderr)
        let call = try XCTUnwrap((try object(run.stdout)["toolCalls"] as? [[String: Any]])?.first)
        XCTAssertEqual(call["approval"] as? String, "allowed by alwaysAllow")
        XCTAssertTrue(call["rule"] is NSNull)
        XCTAssertEqual(call["result"] as? String, "hi")
    }

    // MARK: Exit statuses and input

    func testUsageErrorsExitWithStatus2AndSayWhatIsWrong() throws {
        let cases: [(arguments: [String], message: String)] = [
            (["--output", "json"], "--output works only with -p PROMPT"),
            (["-p", "hi", "--output", "xml"], "xml"),
            (["-p", "hi", "--check"], "-p and --check do not go together"),
            (["-p", ""], "mcpterm: -p: the prompt is empty"),
            (["-p", "hi", "--resume", "no-such-session"], "--resume no-such-session: no such session"),
        ]
        for (arguments, message) in cases {
            let run = try mcpterm(arguments)
            XCTAssertEqual(run.status, 2, "\(arguments): \(run.stderr)")
            XCTAssertTrue(run.stderr.contains(message), "\(arguments): \(run.stderr)")
            XCTAssertEqual(run.stdout, "", "\(arguments)")
        }
        // Without a model there is no one to answer.
        let bare = try MCPTermProcess.run(binary: try binary(), arguments: ["-p", "hi"], environment: environment(),
                                          directory: dir.path)
        XCTAssertEqual(bare.status, 2, bare.stderr)
        XCTAssertTrue(bare.stderr.hasPrefix("mcpterm: -p needs a model."), bare.stderr)
    }

    func testAModelThatCannotBeReachedExitsWithStatus1() throws {
        let port = try Self.closedPort()
        let run = try MCPTermProcess.run(
            binary: try binary(),
            arguments: ["--provider", "openai", "--base-url", "http://127.0.0.1:\(port)/v1", "--model", "m", "-p", "hi",
                        "--output", "json"],
            environment: environment(), directory: dir.path)
        XCTAssertEqual(run.status, 1, run.stderr)
        let result = try object(run.stdout)
        let errors = try XCTUnwrap(result["errors"] as? [String])
        XCTAssertEqual(errors.count, 1)
        XCTAssertTrue(errors[0].hasPrefix("openai-compatible: cannot connect to http://127.0.0.1:\(port)/v1"), errors[0])
        XCTAssertEqual(run.stderr, "mcpterm: \(errors[0])\n")
        XCTAssertEqual(result["stopReason"] as? String, "error")
        XCTAssertEqual(result["answer"] as? String, "")
    }

    func testThePromptComesFromStdinWithoutTextOrWithADash() throws {
        for flag in [["-p"], ["-p", "-"]] {
            let run = try mcpterm(flag + ["--no-save"], stdin: "hello from stdin 你好\n")
            XCTAssertEqual(run.status, 0, run.stderr)
            XCTAssertEqual(run.stdout, "You said: hello from stdin 你好\n", "\(flag)")
        }
        let empty = try mcpterm(["-p"], stdin: "\n")
        XCTAssertEqual(empty.status, 2)
        XCTAssertEqual(empty.stderr, "mcpterm: -p: the prompt read from stdin is empty\n")
    }

    // MARK: Sessions

    func testResumeWithAPromptContinuesTheSavedSession() throws {
        let first = try object(try mcpterm(["-p", "first question", "--output", "json"]).stdout)
        let id = try XCTUnwrap((first["session"] as? [String: String])?["id"])
        let second = try mcpterm(["--resume", id, "-p", "second question", "--output", "json"])
        XCTAssertEqual(second.status, 0, second.stderr)
        let result = try object(second.stdout)
        XCTAssertEqual(result["answer"] as? String, "You said: second question")
        XCTAssertEqual((result["session"] as? [String: String])?["id"], id, "the same session file")
        // The model saw the earlier turn.
        let sent = try XCTUnwrap(modelRequests().last).messages.map { "\($0["role"] ?? ""): \($0["content"] ?? "")" }
        XCTAssertEqual(sent, ["user: first question", "assistant: You said: first question", "user: second question"])
        // A third run finds both turns.
        let third = try mcpterm(["--resume", id, "-p", "third", "--no-save"])
        XCTAssertEqual(third.status, 0, third.stderr)
        XCTAssertEqual(try modelRequests().last?.messages.count, 5)
        let saved = try String(contentsOfFile: try XCTUnwrap((result["session"] as? [String: String])?["path"]), encoding: .utf8)
        XCTAssertFalse(saved.contains("third"), "--no-save saved nothing")
    }

    func testExportWritesTheSessionAsMarkdownToAFileOrStdout() throws {
        let run = try mcpterm(["-p", "echo hi", "--allow", "fixture__echo", "--output", "json"], servers: servers())
        XCTAssertEqual(run.status, 0, run.stderr)
        let id = try XCTUnwrap((try object(run.stdout)["session"] as? [String: String])?["id"])

        let toFile = try MCPTermProcess.run(binary: try binary(), arguments: ["--export", id, "talk.md"],
                                            environment: environment(), directory: dir.path)
        XCTAssertEqual(toFile.status, 0, toFile.stderr)
        XCTAssertEqual(toFile.stdout, "Exported session \(id) to \(dir.path)/talk.md.\n")
        let markdown = try String(contentsOfFile: dir.path + "/talk.md", encoding: .utf8)
        var lines = markdown.components(separatedBy: "\n")
        XCTAssertTrue(lines.count > 3 && lines[3].hasPrefix("- Started: ") && lines[3].hasSuffix(" UTC"), markdown)
        if lines.count > 3 { lines[3] = "- Started: …" }
        XCTAssertEqual(lines, [
            "# mcpterm conversation",
            "",
            "- Session: \(id)",
            "- Started: …",
            "- Model: openai fake-agent",
            "- Directory: \(dir.path)",
            "",
            "## You",
            "",
            "echo hi",
            "",
            "## Assistant",
            "",
            "Let me call the echo tool.",
            "",
            "<details>",
            "<summary>Tool call <code>fixture__echo</code>: done</summary>",
            "",
            "Arguments:",
            "",
            "```json",
            "{",
            "  \"text\" : \"hi\"",
            "}",
            "```",
            "",
            "Result:",
            "",
            "```text",
            "hi",
            "```",
            "",
            "</details>",
            "",
            "Tool said: hi",
            "",
        ])
        // Without a file: the same document on stdout.
        let toStdout = try MCPTermProcess.run(binary: try binary(), arguments: ["--export", id],
                                              environment: environment(), directory: dir.path)
        XCTAssertEqual(toStdout.status, 0, toStdout.stderr)
        XCTAssertEqual(toStdout.stdout, markdown)
        let missing = try MCPTermProcess.run(binary: try binary(), arguments: ["--export", "no-such-session"],
                                             environment: environment(), directory: dir.path)
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.hasPrefix("mcpterm: --export no-such-session: no such session"), missing.stderr)
    }

    // MARK: Each provider

    func testAnthropicAndOllamaModelsAnswerThroughAnAllowedTool() throws {
        for (script, provider) in [("llm_anthropic_server.py", "anthropic"), ("llm_ollama_server.py", "ollama")] {
            let server = try FixtureServer(script: script, arguments: ["agent"])
            defer { server.stop() }
            let baseURL = "http://127.0.0.1:\(server.port)"
            let run = try MCPTermProcess.run(
                binary: try binary(),
                arguments: ["--config", try servers(), "--provider", provider, "--base-url", baseURL, "--model", "m",
                            "-p", "echo 東京", "--allow", "fixture__echo", "--no-save"],
                environment: environment(), directory: dir.path)
            XCTAssertEqual(run.status, 0, "\(provider): \(run.stderr)")
            XCTAssertEqual(run.stdout, "Tool said: 東京\n", provider)
        }
    }

    // MARK: Helpers

    /// The built mcpterm.
    private func binary() throws -> String {
        try EndToEndTmuxTests.binaryDirectory().appendingPathComponent("mcpterm").path
    }

    /// Only what the test sets: no key, no model, state and config under the test's directory.
    private func environment() -> [String: String] {
        ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": dir.path,
         "XDG_STATE_HOME": dir.path + "/state", "XDG_CONFIG_HOME": dir.path + "/config", "LANG": "C.UTF-8"]
    }

    /// mcpterm against the fake OpenAI-compatible agent (started on first use), with `servers`
    /// as its servers.json when given.
    private func mcpterm(_ arguments: [String], servers: String? = nil, stdin: String? = nil) throws
        -> (status: Int32, stdout: String, stderr: String)
    {
        try start(arguments, servers: servers, stdin: stdin).finish()
    }

    private func start(_ arguments: [String], servers: String? = nil, stdin: String? = nil) throws -> MCPTermProcess {
        if model == nil { model = try FixtureServer(script: "fake_openai_agent.py", arguments: ["--log", modelLog]) }
        let port = try XCTUnwrap(model).port
        let modelArguments = ["--provider", "openai", "--base-url", "http://127.0.0.1:\(port)/v1", "--model", "fake-agent"]
        return try MCPTermProcess(binary: try binary(), arguments: (servers.map { ["--config", $0] } ?? []) + modelArguments
                                      + arguments,
                                  stdin: stdin, environment: environment(), directory: dir.path)
    }

    /// A servers.json with the Python fixture server; the test's directory on its command line
    /// finds it in `tearDown` if it outlived mcpterm.
    private func servers(alwaysAllow: [String] = []) throws -> String {
        let root = FixtureServer.packageRoot
        let python = root.appendingPathComponent(".venv/bin/python").path
        let script = root.appendingPathComponent("Tests/Fixtures/mcp_fixture_server.py").path
        let entry: [String: Any] = ["command": python, "args": [script, dir.path], "alwaysAllow": alwaysAllow]
        let path = dir.path + "/servers.json"
        try JSONSerialization.data(withJSONObject: ["mcpServers": ["fixture": entry]]).write(to: URL(fileURLWithPath: path))
        return path
    }

    private func object(_ text: String) throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try XCTUnwrap(value as? [String: Any], text)
    }

    /// Every request the fake agent got, oldest first.
    private func modelRequests() throws -> [(body: [String: Any], messages: [[String: Any]])] {
        let text = try String(contentsOfFile: modelLog, encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            let body = try object(String(line))
            return (body, body["messages"] as? [[String: Any]] ?? [])
        }
    }

    /// A loopback port nothing listens on: bound, then closed.
    static func closedPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw MCPTermProcess.Failure("cannot bind a loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Processes (other than this one) whose command line mentions `text`.
    static func processes(mentioning text: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry in
            guard let pid = Int32(entry), pid != getpid(),
                let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline"), !data.isEmpty
            else { return nil }
            let line = String(decoding: data.map { $0 == 0 ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
            return line.contains(text) ? "\(pid): \(line)" : nil
        }
    }
}
