import ChatCore
import Dispatch
import Foundation
import LLM
import MCPHost
import TUI

#if canImport(Glibc)
    import Glibc
#endif

/// The imperative shell: loads config, opens the terminal, starts the servers, then runs the
/// one loop (`AppLoop`: events in → reduce → effects out → at most one frame per ~16 ms) until quit.
public enum AppRuntime {
    public static let version = "0.1.0"

    /// Runs mcpterm; returns the process exit status. The terminal is restored on every path.
    public static func run(_ options: LaunchOptions) async -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        guard isatty(0) == 1, isatty(1) == 1 else {
            FileHandle.standardError.write(Data("mcpterm: the chat needs a terminal on stdin and stdout (run it in a terminal; in scripts use -p PROMPT, or --check)\n".utf8))
            return 2
        }
        let setup = Setup.load(options)
        let sessions: SessionLaunch
        do {
            sessions = try SessionLaunch.prepare(options)
        } catch {
            PlainTextOutput.error("mcpterm: \(error)")
            return 1
        }
        // Opened before the terminal, so a path that cannot be written is said on the plain terminal.
        let traceFile: TraceFileWriter?
        do {
            traceFile = try options.tracePath.map { try TraceFileWriter(path: $0, includeBodies: options.traceBodies) }
        } catch {
            PlainTextOutput.error("mcpterm: --trace: \(error)")
            return 1
        }
        let backend: NcursesBackend
        do {
            backend = try NcursesBackend()
        } catch {
            PlainTextOutput.error("mcpterm: cannot open the terminal: \(error)")
            return 1
        }
        let shell = Shell(backend: backend, setup: setup, sessions: sessions, traceFile: traceFile)
        let status = await shell.run()
        backend.restore()
        // Back on the plain terminal: how to come back to this conversation.
        if let path = shell.savedSessionPath {
            let id = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            print("mcpterm: this conversation is saved; continue it with: mcpterm --resume \(id)")
        }
        return status
    }
}

/// One run's shell around the loop: the servers, the terminal's keys and signals, and the
/// tasks that turn them into events. The loop itself is `AppLoop`.
private final class Shell {
    let backend: NcursesBackend
    let setup: Setup
    let host: ServerHost
    let events: AsyncStream<AppEvent>
    let continuation: AsyncStream<AppEvent>.Continuation
    let loop: AppLoop<NcursesBackend, ContinuousClock>

    init(backend: NcursesBackend, setup: Setup, sessions: SessionLaunch, traceFile: TraceFileWriter?) {
        self.backend = backend
        self.setup = setup
        let size = backend.size
        var agent = sessions.agent(systemPrompt: setup.options.systemPrompt, policy: setup.policy)
        if let rounds = setup.model?.maxToolRounds ?? setup.servers.models.llm?.maxToolRounds { agent.maxToolRounds = rounds }
        for line in sessions.notices { agent.note(line) }
        for line in sessions.errors { agent.noteError(line) }
        for line in setup.notices { agent.note(line) }
        for line in setup.errors { agent.noteError(line) }
        // The launch's notices are about this run (which file resumed, a bad config entry), not
        // part of the conversation: the session file does not keep them.
        _ = agent.takeRecords()
        var state = AppState(agent: agent, model: setup.model, width: size.width, height: size.height)
        state.profiles = setup.profiles
        state.mouseEnabled = setup.servers.mouse ?? true
        for entry in setup.logEntries { state.appendLog(entry) }
        state.servers = setup.servers.servers.map { ServerStatus.configured($0, active: .connecting) }
        let host = ServerHost(configs: setup.servers.servers, clientVersion: AppRuntime.version)
        self.host = host
        let (events, continuation) = AsyncStream<AppEvent>.makeStream(bufferingPolicy: .unbounded)
        self.events = events
        self.continuation = continuation
        // The app keeps its own trace (same records, same ring sizes) for the log tab and the metrics.
        state.trace = TraceLog(capacities: ServerHost.traceCapacities(setup.servers.servers))
        // The loop's time zero is made just below: log lines are stamped from it (AppState.appendLog).
        state.clockStart = Date()
        host.trace.setFile(traceFile)
        host.trace.setObserver { continuation.yield(.trace($0)) }
        let persistence = SessionPersistence(
            launch: sessions,
            header: SessionPersistence.header(
                model: setup.model, workingDirectory: setup.options.workingDirectory, servers: setup.servers.servers,
                systemPrompt: state.agent.messages.first { $0.role == .system }?.content),
            report: { continuation.yield(.hostLog(HostLogEntry(server: nil, level: .error, source: .host, message: $0))) })
        let models = setup.servers.models
        let environment = setup.options.environment
        let (idleTimeout, connectTimeout) = (setup.options.idleTimeout, setup.options.connectTimeout)
        let runner = EffectRunner(events: continuation, host: host, provider: setup.provider,
                                  reloader: ConfigReloader(options: setup.options,
                                                           approvedProjectDigest: setup.approvedProjectDigest),
                                  makeProvider: { description in
                                      ProviderSettings.makeProvider(description, models: models, environment: environment,
                                                                    idleTimeout: idleTimeout, connectTimeout: connectTimeout)
                                  })
        loop = AppLoop(state: state, backend: backend, theme: setup.theme, clock: ContinuousClock(), runner: runner,
                       persistence: persistence, continuation: continuation)
    }

    /// The session file this run wrote, once it has ended.
    var savedSessionPath: String? { loop.persistence?.savedPath }

    func run() async -> Int32 {
        let continuation = self.continuation
        let keys = KeyReader { keys in
            for key in keys {
                if case .mouse(let mouse) = key { continuation.yield(.mouse(mouse)) } else { continuation.yield(.key(key)) }
            }
        }
        let signals = SignalEvents(continuation, signals: [SIGWINCH, SIGTERM, SIGHUP, SIGINT])
        let hostEvents = HostEventForwarding.start(host: host, into: continuation)
        keys.start()
        if setup.lookForOllama {
            let environment = setup.options.environment
            Task { continuation.yield(.modelDetected(await OllamaDetection.detect(environment: environment))) }
        }
        await host.start()
        // The first frame is drawn before any server answers.
        await loop.run(events)
        keys.stop()
        signals.cancel()
        hostEvents.cancel()
        await host.shutdown()
        return 0
    }
}
