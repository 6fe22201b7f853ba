import ArgumentParser
import Foundation
import MCPTermApp

/// The `mcpterm` command line; everything else lives in MCPTermApp.
@main
struct MCPTerm: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcpterm",
        abstract: "A terminal chat host for MCP servers.",
        discussion: """
            Servers come from servers.json: --config PATH, else ./servers.json, else \
            $XDG_CONFIG_HOME/mcpterm/servers.json (~/.config/mcpterm/servers.json). A ./servers.json \
            starts nothing until you approve what it runs (asked once per content, or --trust-project).
            The model comes from flags, then --model-profile, then the "llm" section of servers.json, then the environment: \
            ANTHROPIC_API_KEY, OPENAI_API_KEY (and OPENAI_BASE_URL, ANTHROPIC_BASE_URL), else an Ollama answering at OLLAMA_HOST \
            or 127.0.0.1:11434.
            Sessions are saved as they happen in $XDG_STATE_HOME/mcpterm/sessions \
            (~/.local/state/mcpterm/sessions); --sessions lists them, --resume continues one, \
            --export writes one as Markdown.

            Scripting: mcpterm -p "PROMPT" (or -p - with the prompt on stdin) runs one turn \
            without the UI and prints the answer. Tools run only when the server's alwaysAllow or \
            an --allow pattern names them (--deny wins); the model is told of every other call \
            as denied. Example: mcpterm -p "summarise the last commit" --allow 'git__*' --output json
            Exit status: 0 answered; 1 the model or a server failed; 2 usage error; \
            3 a tool the model asked for was denied.
            """,
        version: AppRuntime.version)

    @Option(name: .long, help: "Path of servers.json.")
    var config: String?

    @Option(name: .long, help: "Model provider: openai (any OpenAI-compatible API), anthropic or ollama.")
    var provider: String?

    @Option(name: .long, help: "API base URL, e.g. http://127.0.0.1:8080/v1 (default: OPENAI_BASE_URL, else OpenAI's).")
    var baseURL: String?

    @Option(name: .long, help: "Model name (default: MCPTERM_MODEL, else gpt-4o-mini on OpenAI).")
    var model: String?

    @Option(name: .long, help: ArgumentHelp(
        "Use the model profile NAME from the \"models\" section of servers.json (flags still win).", valueName: "NAME"))
    var modelProfile: String?

    @Option(name: .long, help: "Theme name: themes/NAME.json (default: default).")
    var theme: String?

    @Option(name: .long, help: "System prompt for the model.")
    var system: String?

    @Flag(name: .long, help: "Load the config, connect every server, print what was found, and exit (no UI).")
    var check = false

    @Option(name: .long, help: ArgumentHelp(
        "Continue a saved session: an id (or its start), a file path, or nothing/last for the newest one started in this directory.",
        valueName: "ID|last"))
    var resume: String?

    @Flag(name: .long, help: "List the saved sessions and exit.")
    var sessions = false

    @Flag(name: .long, help: "Start the servers of ./servers.json (a project file) without asking, and remember that.")
    var trustProject = false

    @Flag(name: .long, help: "Do not save this session.")
    var noSave = false

    @Option(name: [.customShort("p"), .customLong("prompt")], parsing: .unconditional, help: ArgumentHelp(
        "Run one turn without the UI and print the answer; - (or nothing) reads the prompt from stdin.",
        valueName: "PROMPT"))
    var prompt: String?

    @Option(name: .long, help: ArgumentHelp(
        "With -p: text (the answer), json (one object: answer, tool calls, usage, stop reason, errors) or stream-json (one object a line as things happen).",
        valueName: "text|json|stream-json"))
    var output: ScriptOutputFormat?

    @Option(name: .long, help: ArgumentHelp(
        "With -p: let the tools this glob names run (on server__tool, e.g. 'git__*'); repeatable.",
        valueName: "PATTERN"))
    var allow: [String] = []

    @Option(name: .long, help: ArgumentHelp(
        "With -p: never run the tools this glob names, even if allowed; repeatable.", valueName: "PATTERN"))
    var deny: [String] = []

    @Option(name: .long, help: ArgumentHelp(
        "With -p: start the turn after this many seconds even if servers are still connecting (default: 30).",
        valueName: "SECONDS"))
    var waitServers: Double?

    @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp(
        "Write a saved session (ID as --resume takes it; nothing for the newest here) as Markdown to FILE, else stdout, and exit.",
        valueName: "ID [FILE]"))
    var export: [String] = []

    @Option(name: .long, help: ArgumentHelp(
        "Seconds the model may send nothing (before or during a reply) before the reply is given up (default: 120).",
        valueName: "SECONDS"))
    var idleTimeout: Double?

    @Option(name: .customLong("connect-timeout"), help: ArgumentHelp(
        "Seconds to wait for the model's connection before the request fails (default: 10).",
        valueName: "SECONDS"))
    var connectTimeout: Double?

    @Option(name: .long, help: ArgumentHelp(
        "Write every JSON-RPC message of every server to FILE as JSON Lines (ts, server, dir, method, id, latencyMs, errorCode, bytes, message).",
        valueName: "FILE"))
    var trace: String?

    @Option(name: .customLong("trace-bodies"), help: ArgumentHelp(
        "With --trace: false leaves the messages out of the file (default: true).", valueName: "BOOL"))
    var traceBodies: Bool = true

    func validate() throws {
        for (flag, value) in [("--idle-timeout", idleTimeout), ("--connect-timeout", connectTimeout)] {
            guard let value, !LaunchOptions.idleTimeoutRange.contains(value) else { continue }
            let range = LaunchOptions.idleTimeoutRange
            throw ValidationError(
                "\(flag) \(value): give a number of seconds from \(range.lowerBound) to \(Int(range.upperBound))")
        }
        if let waitServers, !ScriptOptions.waitServersRange.contains(waitServers) {
            throw ValidationError("--wait-servers \(waitServers): give a number of seconds from 0 to 86400")
        }
        if prompt == nil {
            let scriptOnly = [("--output", output != nil), ("--allow", !allow.isEmpty), ("--deny", !deny.isEmpty),
                              ("--wait-servers", waitServers != nil)]
            if let (flag, _) = scriptOnly.first(where: \.1) { throw ValidationError("\(flag) works only with -p PROMPT") }
        } else {
            let others = [("--check", check), ("--sessions", sessions), ("--export", !export.isEmpty), ("--theme", theme != nil)]
            if let (flag, _) = others.first(where: \.1) { throw ValidationError("-p and \(flag) do not go together") }
        }
        for pattern in allow + deny where pattern.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--allow and --deny need a pattern, e.g. 'git__*'")
        }
        if !export.isEmpty {
            guard export.count <= 2 else {
                throw ValidationError("--export takes a session and at most one file: --export ID [FILE]")
            }
            let others = [("--check", check), ("--sessions", sessions), ("--resume", resume != nil)]
            if let (flag, _) = others.first(where: \.1) { throw ValidationError("--export and \(flag) do not go together") }
        }
    }

    /// A bare `--resume` or `--export` means `last`, a bare `-p` the prompt on stdin; the parser has
    /// no optional option values. A usage error exits with status 2 (the parser's own is 64).
    static func main() async {
        let arguments = SessionCommandLine.normalized(Array(CommandLine.arguments.dropFirst()))
        do {
            var command = try parseAsRoot(arguments)
            if var command = command as? AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(ScriptExit.usage)
            }
            exit(withError: error)
        }
    }

    func run() async throws {
        var options = LaunchOptions(
            configPath: config, provider: provider, baseURL: baseURL, model: model, theme: theme,
            systemPrompt: system, workingDirectory: FileManager.default.currentDirectoryPath,
            environment: ProcessInfo.processInfo.environment, resume: resume, saveSession: !noSave)
        options.idleTimeout = idleTimeout
        options.connectTimeout = connectTimeout
        options.trustProject = trustProject
        options.modelProfile = modelProfile
        options.tracePath = trace
        options.traceBodies = traceBodies
        if sessions {
            let status = SessionCommandLine.list(options)
            if status != 0 { throw ExitCode(status) }
            return
        }
        if let reference = export.first {
            let status = SessionCommandLine.export(options, reference: reference, file: export.dropFirst().first)
            if status != 0 { throw ExitCode(status) }
            return
        }
        if let prompt {
            let script = ScriptOptions(prompt: prompt, output: output ?? .text, allow: allow, deny: deny,
                                       waitServers: waitServers ?? ScriptOptions.defaultWaitServers)
            let status = await ScriptCommand.run(options, script: script)
            if status != 0 { throw ExitCode(status) }
            return
        }
        let status = check ? await CheckCommand.run(options) : await AppRuntime.run(options)
        if status != 0 { throw ExitCode(status) }
    }
}

extension ScriptOutputFormat: ExpressibleByArgument {}
