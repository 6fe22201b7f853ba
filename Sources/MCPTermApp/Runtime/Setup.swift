import ChatCore
import Foundation
import LLM
import MCPHost
import TUI

/// Everything loaded before the first frame: servers.json, the model, the theme, and the
/// messages about them. Nothing here stops mcpterm from opening: a problem becomes a line.
struct Setup {
    var options: LaunchOptions
    var servers: ServersFile
    var model: ModelDescription?
    var provider: (any ChatProvider)?
    var theme: Theme
    var policy: ApprovalPolicy
    /// Shown in the transcript at start.
    var notices: [String] = []
    var errors: [String] = []
    var logEntries: [HostLogEntry] = []
    /// A project servers.json approved for this run: the SHA-256 of the content approved
    /// (`/reload` starts nothing from other content).
    var approvedProjectDigest: String?
    /// Why a project file's servers were not started without asking (no terminal): for stderr.
    var consentRefusal: String?
    /// No model was configured at all: look for a local Ollama (without delaying the first frame).
    var lookForOllama = false
    /// The `"models"` profiles, resolved for `/model`.
    var profiles: [ProfileChoice] {
        servers.models.profiles.map { entry in
            ProfileChoice(name: entry.name,
                          model: ProviderSettings.resolve(profile: entry.name, models: servers.models,
                                                          environment: options.environment)
                              .mapError { ModelProblem($0.description) })
        }
    }

    /// `consent` is asked about a project servers.json (one found in the working directory)
    /// before anything starts; nil means the real terminal.
    static func load(_ options: LaunchOptions, executablePath: String = CommandLine.arguments.first ?? "mcpterm",
                     consent: ProjectConsent? = nil) -> Setup {
        var errors: [String] = []
        var notices: [String] = []
        var log: [HostLogEntry] = []

        var servers = ServersFile(path: nil, servers: [], problems: [])
        var approvedProjectDigest: String?
        var consentRefusal: String?
        switch ConfigLocator.find(explicit: options.configPath, cwd: options.workingDirectory, environment: options.environment) {
        case .success(let located?):
            let path = located.path
            let display = options.configPath ?? Self.displayName(path, cwd: options.workingDirectory)
            let read = ProjectConsent.read(located, displayName: display, environment: options.environment)
            servers = read.file
            // A file with no usable server starts nothing: there is nothing to ask about yet.
            if located.origin == .project, let digest = read.digest, !servers.servers.isEmpty {
                let outcome = (consent ?? .terminal(options)).resolve(servers, path: path, displayName: display, digest: digest)
                servers.servers = outcome.servers
                approvedProjectDigest = outcome.approvedDigest
                consentRefusal = outcome.refusal
                notices += outcome.notices
                errors += outcome.errors
            }
            log.append(HostLogEntry(server: nil, level: .info, source: .host, message: "config: \(path), \(servers.servers.count) servers", time: Date()))
        case .success(nil):
            notices.append("No servers.json found (looked in ./servers.json and ~/.config/mcpterm/servers.json): no MCP servers.")
        case .failure(let problem):
            errors.append(problem.description)
        }
        for problem in servers.problems {
            let level: HostLogEntry.Level = problem.isWarning ? .warning : .error
            log.append(HostLogEntry(server: problem.server, level: level, source: .host, message: problem.description,
                                    time: Date()))
            if problem.isWarning { notices.append(problem.description) } else { errors.append(problem.description) }
        }

        var model: ModelDescription?
        var provider: (any ChatProvider)?
        var options = options
        var lookForOllama = false
        switch ProviderSettings.resolve(options, models: servers.models) {
        case .success(let resolved?):
            model = resolved
            provider = ProviderSettings.makeProvider(
                resolved, models: servers.models, environment: options.environment, idleTimeout: options.idleTimeout,
                connectTimeout: options.connectTimeout)
            // `--system` wins over the profile's or "llm"'s system prompt.
            if options.systemPrompt == nil {
                let llm = servers.models.llm ?? ModelProfile()
                let file = resolved.profile.flatMap { servers.models.profile(named: $0)?.over(llm) } ?? llm
                options.systemPrompt = file.systemPrompt
            }
        case .success(nil):
            // Nothing configured: a local Ollama is looked for after the first frame (OllamaDetection).
            lookForOllama = true
        case .failure(let error):
            errors.append("model: \(error.description)")
        }

        var theme = Theme.builtinDefault
        do {
            let paths = ThemeLocator.searchPaths(workingDirectory: options.workingDirectory, environment: options.environment,
                                                 executablePath: executablePath)
            theme = try ThemeLocator.load(name: options.theme, searchPaths: paths)
        } catch {
            errors.append("theme: \(error) (using the built-in theme)")
        }

        var allowed: [String: Set<String>] = [:]
        for server in servers.servers where !server.alwaysAllow.isEmpty {
            allowed[server.name] = Set(server.alwaysAllow)
        }
        return Setup(options: options, servers: servers, model: model, provider: provider, theme: theme,
                     policy: ApprovalPolicy(configAllowed: allowed), notices: notices, errors: errors, logEntries: log,
                     approvedProjectDigest: approvedProjectDigest, consentRefusal: consentRefusal,
                     lookForOllama: lookForOllama)
    }

    /// A config path as the user would write it: relative to the working directory when inside it.
    static func displayName(_ path: String, cwd: String) -> String {
        let prefix = cwd.hasSuffix("/") ? cwd : cwd + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}
