import ChatCore
import Foundation
import MCPHost

#if canImport(Glibc)
    import Glibc
#endif

/// What `mcpterm -p` asks for beyond the launch options.
public struct ScriptOptions: Sendable {
    /// The prompt; `-` reads it from stdin.
    public var prompt: String
    public var output: ScriptOutputFormat
    /// `--allow` and `--deny` globs on `server__tool`.
    public var allow: [String]
    public var deny: [String]
    /// `--wait-servers`: the longest the turn waits for servers still connecting.
    public var waitServers: Double

    /// `--wait-servers` without the flag, in seconds.
    public static let defaultWaitServers = 30.0
    /// The range `--wait-servers` accepts, in seconds.
    public static let waitServersRange: ClosedRange<Double> = 0...86_400

    public init(prompt: String, output: ScriptOutputFormat = .text, allow: [String] = [], deny: [String] = [],
                waitServers: Double = ScriptOptions.defaultWaitServers) {
        self.prompt = prompt
        self.output = output
        self.allow = allow
        self.deny = deny
        self.waitServers = waitServers
    }
}

/// `mcpterm -p PROMPT`: one turn without the UI. The servers start as in the TUI (`ServerHost`);
/// once they are ready or failed (or `--wait-servers` ran out) the prompt goes to the model
/// through `ScriptTurn` (the TUI's `AgentLoop`, run by the TUI's `EffectRunner`); the answer and
/// what happened go out as `--output` says (`ScriptOutput`). The turn is saved to the session
/// store like a TUI session (`--resume` continues one; `--no-save`). Never opens the terminal.
public enum ScriptCommand {
    /// Runs the turn; returns the exit status (`ScriptExit`).
    public static func run(_ options: LaunchOptions, script: ScriptOptions) async -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        let output = ScriptOutput.standard(script.output)
        let prompt: String
        if script.prompt == "-" {
            // `echo question | mcpterm -p`: the line break that ends the input is not part of it.
            var text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            while text.last?.isNewline == true { text.removeLast() }
            prompt = text
        } else {
            prompt = script.prompt
        }
        guard !prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            output.problem(script.prompt == "-" ? "-p: the prompt read from stdin is empty" : "-p: the prompt is empty")
            return ScriptExit.usage
        }

        // Nobody answers a question here: a project servers.json starts only if approved before
        // (or with --trust-project).
        let consent = ProjectConsent(trustFlag: options.trustProject, ask: nil,
                                     store: ProjectTrustStore.standard(environment: options.environment))
        let setup = Setup.load(options, consent: consent)
        guard let model = setup.model, setup.provider != nil else {
            for line in setup.errors where line.hasPrefix("model:") { output.problem(line) }
            if !setup.errors.contains(where: { $0.hasPrefix("model:") }) {
                output.problem("-p needs a model. " + AppReducer.noModelHint)
            }
            return ScriptExit.usage
        }
        let sessions: SessionLaunch
        do {
            sessions = try SessionLaunch.prepare(options)
        } catch {
            output.problem("\(error)")
            return error.namesNoSession ? ScriptExit.usage : ScriptExit.failed
        }
        // Opened before any server starts, so its first line is the first message.
        let traceFile: TraceFileWriter?
        do {
            traceFile = try options.tracePath.map { try TraceFileWriter(path: $0, includeBodies: options.traceBodies) }
        } catch {
            output.problem("--trace: \(error)")
            return ScriptExit.usage
        }
        for line in sessions.errors { output.problem("warning: " + line) }
        for line in setup.errors { output.problem(line) }

        var policy = setup.policy
        policy.patterns = ToolPatternRules(allow: script.allow, deny: script.deny)
        // The profile's or "llm"'s system prompt, unless --system gave one (Setup chose).
        var agent = sessions.agent(systemPrompt: setup.options.systemPrompt, policy: policy)
        if let rounds = model.maxToolRounds ?? setup.servers.models.llm?.maxToolRounds { agent.maxToolRounds = rounds }
        let host = ServerHost(configs: setup.servers.servers, clientVersion: AppRuntime.version)
        host.trace.setFile(traceFile)
        let (events, continuation) = AsyncStream<AppEvent>.makeStream(bufferingPolicy: .unbounded)
        let persistence = SessionPersistence(
            launch: sessions,
            header: SessionPersistence.header(
                model: model, workingDirectory: options.workingDirectory, servers: setup.servers.servers,
                systemPrompt: agent.messages.first { $0.role == .system }?.content),
            report: { output.problem($0) })
        let runner = EffectRunner(events: continuation, host: host, provider: setup.provider)
        let forwarding = HostEventForwarding.start(host: host, into: continuation)
        let signals = SignalEvents(continuation, signals: [SIGTERM, SIGHUP, SIGINT])
        await host.start()
        let waiting = Task {
            try? await Task.sleep(for: .milliseconds(Int(script.waitServers * 1000)))
            continuation.yield(.serversWaitOver)
        }

        var turn = ScriptTurn(agent: agent, model: model.model, prompt: prompt, servers: await host.statuses(),
                              errors: setup.errors, temperature: model.temperature, maxTokens: model.maxTokens)
        func perform(_ effects: [Effect]) {
            for effect in effects {
                if case .saveSession(let records) = effect {
                    persistence.save(records)
                } else {
                    runner.run(effect)
                }
            }
            output.emit(turn.takeEvents())
        }
        if turn.serversSettled {
            perform(turn.start(servers: await host.statuses(), tools: await host.tools()))
        }
        if turn.phase != .over {
            for await event in events {
                runner.finished(event)
                perform(turn.handle(event))
                if turn.phase == .waitingForServers, turn.serversSettled || isWaitOver(event) {
                    perform(turn.start(servers: await host.statuses(), tools: await host.tools()))
                }
                if turn.phase == .over { break }
            }
        }
        let sessionPath = persistence.path
        runner.cancelAll()
        persistence.close()
        output.finish(ScriptResult(turn: turn, model: model, sessionPath: sessionPath))
        waiting.cancel()
        signals.cancel()
        forwarding.cancel()
        await host.shutdown()
        return turn.exitStatus
    }

    private static func isWaitOver(_ event: AppEvent) -> Bool {
        if case .serversWaitOver = event { return true }
        return false
    }
}

extension SessionStoreError {
    /// The session named on the command line does not exist or is not one: a usage error.
    var namesNoSession: Bool {
        switch self {
        case .notFound, .ambiguous, .noSessionHere, .notASession: return true
        case .noStateDirectory, .cannotCreateDirectory, .cannotOpen, .cannotWrite, .cannotRead: return false
        }
    }
}
