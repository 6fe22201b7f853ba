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
            (~/.local/state/mcpterm/sessions); --sessions lists them, --resume continues one.
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

    @Option(name: .long, help: ArgumentHelp(
        "Seconds the model may send nothing (before or during a reply) before the reply is given up (default: 120).",
        valueName: "SECONDS"))
    var idleTimeout: Double?

    @Option(name: .long, help: ArgumentHelp(
        "Write every JSON-RPC message of every server to FILE as JSON Lines (ts, server, dir, method, id, latencyMs, errorCode, bytes, message).",
        valueName: "FILE"))
    var trace: String?

    @Option(name: .customLong("trace-bodies"), help: ArgumentHelp(
        "With --trace: false leaves the messages out of the file (default: true).", valueName: "BOOL"))
    var traceBodies: Bool = true

    func validate() throws {
        if let idleTimeout, !LaunchOptions.idleTimeoutRange.contains(idleTimeout) {
            let range = LaunchOptions.idleTimeoutRange
            throw ValidationError(
                "--idle-timeout \(idleTimeout): give a number of seconds from \(range.lowerBound) to \(Int(range.upperBound))")
        }
    }

    /// A bare `--resume` means `--resume last`; the parser has no optional option values.
    static func main() async {
        await main(SessionCommandLine.normalized(Array(CommandLine.arguments.dropFirst())))
    }

    func run() async throws {
        var options = LaunchOptions(
            configPath: config, provider: provider, baseURL: baseURL, model: model, theme: theme,
            systemPrompt: system, workingDirectory: FileManager.default.currentDirectoryPath,
            environment: ProcessInfo.processInfo.environment, resume: resume, saveSession: !noSave)
        if let idleTimeout { options.idleTimeout = idleTimeout }
        options.trustProject = trustProject
        options.modelProfile = modelProfile
        options.tracePath = trace
        options.traceBodies = traceBodies
        if sessions {
            let status = SessionCommandLine.list(options)
            if status != 0 { throw ExitCode(status) }
            return
        }
        let status = check ? await CheckCommand.run(options) : await AppRuntime.run(options)
        if status != 0 { throw ExitCode(status) }
    }
}
