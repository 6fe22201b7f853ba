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
/// one loop (events in → reduce → effects out → at most one frame per ~16 ms) until quit.
public enum AppRuntime {
    public static let version = "0.1.0"
    static let frameInterval: Duration = .milliseconds(16)

    /// Runs mcpterm; returns the process exit status. The terminal is restored on every path.
    public static func run(_ options: LaunchOptions) async -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        guard isatty(0) == 1, isatty(1) == 1 else {
            FileHandle.standardError.write(Data("mcpterm: needs a terminal on stdin and stdout (run it in a terminal, or use --check)\n".utf8))
            return 2
        }
        let setup = Setup.load(options)
        let sessions: SessionLaunch
        do {
            sessions = try SessionLaunch.prepare(options)
        } catch {
            FileHandle.standardError.write(Data("mcpterm: \(error)\n".utf8))
            return 1
        }
        let backend: NcursesBackend
        do {
            backend = try NcursesBackend()
        } catch {
            FileHandle.standardError.write(Data("mcpterm: cannot open the terminal: \(error)\n".utf8))
            return 1
        }
        defer { backend.restore() }
        return await Loop(backend: backend, setup: setup, sessions: sessions).run()
    }
}

/// One run's loop and what it owns.
private final class Loop {
    let backend: NcursesBackend
    let setup: Setup
    var state: AppState
    let host: ServerHost
    let events: AsyncStream<AppEvent>
    let continuation: AsyncStream<AppEvent>.Continuation
    var lastFrame = ContinuousClock.now - .seconds(1)
    var frameScheduled = false
    var dirty = true
    var persistence: SessionPersistence!
    /// Transcript rows kept between frames (a key press then lays out nothing but what changed).
    let layoutCache = TranscriptLayoutCache()

    init(backend: NcursesBackend, setup: Setup, sessions: SessionLaunch) {
        self.backend = backend
        self.setup = setup
        let size = backend.size
        var agent = sessions.agent(systemPrompt: setup.options.systemPrompt, policy: setup.policy)
        for line in sessions.notices { agent.note(line) }
        for line in sessions.errors { agent.noteError(line) }
        for line in setup.notices { agent.note(line) }
        for line in setup.errors { agent.noteError(line) }
        state = AppState(agent: agent, model: setup.model, width: size.width, height: size.height)
        for entry in setup.logEntries { state.appendLog(entry) }
        state.servers = setup.servers.servers.map {
            ServerStatus(name: $0.name, kind: $0.kind, state: $0.disabled ? .disabled : .connecting,
                         protocolVersion: nil, serverInfo: nil, toolCount: 0)
        }
        host = ServerHost(configs: setup.servers.servers, clientVersion: AppRuntime.version)
        (events, continuation) = AsyncStream<AppEvent>.makeStream(bufferingPolicy: .unbounded)
        let continuation = self.continuation
        persistence = SessionPersistence(
            launch: sessions,
            header: SessionPersistence.header(
                model: setup.model, workingDirectory: setup.options.workingDirectory, servers: setup.servers.servers,
                systemPrompt: state.agent.messages.first { $0.role == .system }?.content),
            baseline: state.agent,
            report: { continuation.yield(.hostLog(HostLogEntry(server: nil, level: .error, source: .host, message: $0))) })
    }

    func run() async -> Int32 {
        let runner = EffectRunner(events: continuation, host: host, provider: setup.provider,
                                  reloader: ConfigReloader(options: setup.options))
        let continuation = self.continuation
        let keys = KeyReader { keys in for key in keys { continuation.yield(.key(key)) } }
        let signals = SignalEvents(continuation)
        let hostEvents = forwardHostEvents()

        draw()  // the first frame, before any server answers
        keys.start()
        await host.start()

        for await event in events {
            var event = event
            if case .resize = event {
                backend.refreshSize()
                event = .resize(width: backend.size.width, height: backend.size.height)
            }
            runner.finished(event)
            let effects = AppReducer.reduce(&state, event)
            persistence.observe(state.agent)
            for effect in effects {
                if effect == .fullRedraw { backend.refreshSize() }
                runner.run(effect)
            }
            if state.shouldQuit { break }
            dirty = true
            if case .redraw = event { frameScheduled = false }
            drawIfDue()
        }

        keys.stop()
        signals.cancel()
        hostEvents.cancel()
        runner.cancelAll()
        persistence.close()
        await host.shutdown()
        return 0
    }

    /// Draws now if a frame is due; otherwise makes sure one is drawn when it is (bursts of
    /// stream chunks become one frame).
    private func drawIfDue() {
        guard dirty else { return }
        let elapsed = ContinuousClock.now - lastFrame
        if elapsed >= AppRuntime.frameInterval {
            draw()
        } else if !frameScheduled {
            frameScheduled = true
            let wait = AppRuntime.frameInterval - elapsed
            let continuation = self.continuation
            Task {
                try? await Task.sleep(for: wait)
                continuation.yield(.redraw)
            }
        }
    }

    private func draw() {
        let frame = AppView.render(state, theme: setup.theme, cache: layoutCache)
        state.transcriptScroll = frame.transcriptScroll
        backend.draw(frame.buffer, cursor: frame.cursor)
        lastFrame = .now
        dirty = false
    }

    private func forwardHostEvents() -> Task<Void, Never> {
        let host = self.host
        let continuation = self.continuation
        return Task {
            for await event in host.events {
                switch event {
                case .serverStatus, .serversChanged:
                    continuation.yield(.serversChanged(await host.statuses()))
                    // A server that comes or goes brings or takes its resources and prompts.
                    continuation.yield(.catalogChanged(resources: await host.resources(), prompts: await host.prompts()))
                    continuation.yield(.resourceTemplatesChanged(await host.resourceTemplates()))
                case .toolsChanged:
                    continuation.yield(.serversChanged(await host.statuses()))
                    continuation.yield(.toolsChanged(await host.tools()))
                case .log(let entry):
                    continuation.yield(.hostLog(entry))
                case .catalogChanged:
                    continuation.yield(.catalogChanged(resources: await host.resources(), prompts: await host.prompts()))
                    continuation.yield(.resourceTemplatesChanged(await host.resourceTemplates()))
                case .resourceUpdated(let server, let uri):
                    continuation.yield(.resourceUpdated(server: server, uri: uri))
                case .serverRequest(let request):
                    continuation.yield(.serverRequest(request))
                case .serverRequestEnded(let id):
                    continuation.yield(.serverRequestEnded(id: id))
                }
            }
        }
    }
}

/// SIGWINCH becomes a resize event; SIGTERM, SIGHUP and SIGINT a clean exit.
private final class SignalEvents {
    private var sources: [DispatchSourceSignal] = []

    init(_ continuation: AsyncStream<AppEvent>.Continuation) {
        for sig in [SIGWINCH, SIGTERM, SIGHUP, SIGINT] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
                if sig == SIGWINCH {
                    continuation.yield(.resize(width: 0, height: 0))
                } else {
                    continuation.yield(.terminate(signal: sig))
                }
            }
            source.resume()
            sources.append(source)
        }
    }

    func cancel() {
        sources.forEach { $0.cancel() }
    }
}
