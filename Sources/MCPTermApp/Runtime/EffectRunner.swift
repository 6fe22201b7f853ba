import ChatCore
import Foundation
import LLM
import MCPHost

/// Runs effects as tasks and turns their results into events. Owned by the loop; the tasks
/// share nothing with it but the event channel.
final class EffectRunner {
    private let events: AsyncStream<AppEvent>.Continuation
    private let host: ServerHost
    private var provider: (any ChatProvider)?
    /// Makes the provider for a model chosen in the session (`/model`, a detected Ollama).
    private let makeProvider: @Sendable (ModelDescription) -> any ChatProvider
    private let reloader: ConfigReloader?
    private var streams: [Int: Task<Void, Never>] = [:]
    private var toolCalls: [String: Task<Void, Never>] = [:]
    /// Model runs of sampling requests, by request: the run and its task.
    private var samplings: [Int: (run: Int, task: Task<Void, Never>)] = [:]

    init(events: AsyncStream<AppEvent>.Continuation, host: ServerHost, provider: (any ChatProvider)?,
         reloader: ConfigReloader? = nil,
         makeProvider: @escaping @Sendable (ModelDescription) -> any ChatProvider = {
             ProviderSettings.makeProvider($0, environment: ProcessInfo.processInfo.environment)
         }) {
        self.events = events
        self.host = host
        self.provider = provider
        self.reloader = reloader
        self.makeProvider = makeProvider
    }

    /// Starts what `effect` asks for. `.fullRedraw`, `.quit`, the session file and the terminal's
    /// mouse and clipboard belong to the loop itself.
    func run(_ effect: Effect) {
        switch effect {
        case .streamChat(let turn, let request):
            startStream(turn: turn, request: request)
        case .cancelStream(let turn):
            streams.removeValue(forKey: turn)?.cancel()
        case .callTool(let callID, let target, let arguments):
            let host = self.host
            let events = self.events
            toolCalls[callID] = Task {
                do {
                    let result = try await host.callTool(target, arguments: arguments) { progress in
                        events.yield(.toolProgress(callID: callID, progress))
                    }
                    // The result as the server sent it: the agent loop reads it (`ToolResultContent`).
                    events.yield(.toolFinished(callID: callID, .result(result)))
                } catch {
                    if case SessionError.urlElicitationRequired(_, _, _, let pages) = error {
                        events.yield(.urlElicitationsRequired(pages))
                    }
                    events.yield(.toolFinished(callID: callID, .failure(String(describing: error))))
                }
            }
        case .cancelTool(let callID):
            toolCalls.removeValue(forKey: callID)?.cancel()
        case .reconnect(let server):
            let host = self.host
            Task { await host.reconnect(server: server) }
        case .sample(let requestID, let run, let request):
            samplings.removeValue(forKey: requestID)?.task.cancel()
            samplings[requestID] = (run, SamplingEffects.start(requestID: requestID, run: run, request: request,
                                                               provider: provider, events: events))
        case .cancelSample(let requestID):
            samplings.removeValue(forKey: requestID)?.task.cancel()
        case .listModels:
            SamplingEffects.listModels(provider: provider, events: events)
        case .summarize(let request):
            SamplingEffects.summarize(request, provider: provider, events: events)
        case .scheduleRetry(let turn, let after):
            wake(.retryDue(turn: turn), after: after)
        case .useModel(let description):
            // Streams already running keep the provider they started with.
            provider = makeProvider(description)
        case .respond, .readResource, .subscribeResource, .getPrompt, .complete, .completeTemplate:
            ServerFeatureEffects.run(effect, host: host, events: events)
        case .login(let server):
            let host = self.host
            Task { await host.login(server: server) }
        case .completeLogin(let server, let redirect):
            let host = self.host
            Task { await host.completeLogin(server: server, redirect: redirect) }
        case .logout(let server):
            let host = self.host
            Task { await host.logout(server: server) }
        case .disableServer(let server), .enableServer(let server):
            let host = self.host
            let events = self.events
            let enable = effect == .enableServer(server)
            Task {
                do {
                    if enable { try await host.enable(server: server) } else { try await host.disable(server: server) }
                } catch {
                    events.yield(.hostLog(HostLogEntry(server: server, level: .error, source: .host, message: "\(error)")))
                }
            }
        case .reloadServers:
            guard let reloader else { break }
            let host = self.host
            let events = self.events
            Task {
                let file = reloader.load()
                // A file that cannot be read or parsed at all changes nothing: stopping every
                // server because of a typo would be worse than keeping them.
                let unusable = file.servers.isEmpty && file.problems.contains { !$0.isWarning && $0.server == nil }
                let broken = Set(file.problems.filter { !$0.isWarning }.compactMap(\.server))
                let diff = unusable ? ServerConfigDiff() : await host.reload(file.servers, keeping: broken)
                events.yield(.configReloaded(ConfigReloadReport(
                    path: file.path, diff: diff, problems: file.problems, applied: !unusable,
                    alwaysAllow: ConfigReloadReport.alwaysAllowLists(file.servers))))
            }
        case .armApproval(let showing, let delay):
            wake(.approvalArmed(showing: showing), after: delay)
        case .armElicitation(let showing, let delay):
            wake(.elicitationArmed(showing: showing), after: delay)
        case .armURLConsent(let showing, let delay):
            wake(.urlConsentArmed(showing: showing), after: delay)
        case .openURL(let url):
            let events = self.events
            let environment = ProcessInfo.processInfo.environment
            Task.detached {
                if let problem = BrowserLauncher.open(url, environment: environment) {
                    events.yield(.hostLog(HostLogEntry(server: nil, level: .error, source: .host,
                                                       message: "Could not open \(url): \(problem). Copy it from the transcript.")))
                }
            }
        case .armSampling(let showing, let delay):
            wake(.samplingArmed(showing: showing), after: delay)
        case .scheduleFrame(let delay):
            wake(.redraw, after: delay)
        case .scheduleAnimation(let delay):
            wake(.animationFrame, after: delay)
        case .scheduleSessionWrite(let delay):
            wake(.sessionWriteDue, after: delay)
        case .expireToast(let showing, let delay):
            wake(.toastExpired(showing: showing), after: delay)
        case .exportConversation(let markdown, let path):
            let events = self.events
            let environment = ProcessInfo.processInfo.environment
            let directory = FileManager.default.currentDirectoryPath
            Task.detached {
                do {
                    let written = try ConversationExport.write(markdown, to: path, workingDirectory: directory,
                                                               home: environment["HOME"])
                    events.yield(.conversationExported(path: written, error: nil))
                } catch {
                    events.yield(.conversationExported(path: path ?? directory, error: "\(error)"))
                }
            }
        case .fullRedraw, .quit, .saveSession, .newSessionFile, .setMouseReporting, .copyToClipboard:
            break
        }
    }

    /// The loop saw the end of a stream or a call: forget its task.
    func finished(_ event: AppEvent) {
        switch event {
        case .streamEnded(let turn, _): streams.removeValue(forKey: turn)
        case .toolFinished(let callID, _): toolCalls.removeValue(forKey: callID)
        case .samplingReply(let requestID, let run, _):
            // A reply of an earlier run (sent just before it was stopped) leaves the newer run alone.
            if samplings[requestID]?.run == run { samplings.removeValue(forKey: requestID) }
        default: break
        }
    }

    func cancelAll() {
        streams.values.forEach { $0.cancel() }
        toolCalls.values.forEach { $0.cancel() }
        samplings.values.forEach { $0.task.cancel() }
        streams = [:]
        toolCalls = [:]
        samplings = [:]
    }

    /// Sends `event` once `delay` has passed, counted from now (not from when the task first
    /// runs: a busy moment must not push a frame or a save back).
    private func wake(_ event: AppEvent, after delay: Duration) {
        let due = ContinuousClock.now.advanced(by: delay)
        let events = self.events
        Task {
            try? await Task.sleep(until: due, clock: .continuous)
            events.yield(event)
        }
    }

    private func startStream(turn: Int, request: ChatRequest) {
        let events = self.events
        guard let provider else {
            events.yield(.streamEnded(turn: turn, error: AppReducer.noModelHint))
            return
        }
        streams[turn] = Task {
            do {
                for try await event in provider.stream(request) {
                    events.yield(.stream(turn: turn, event))
                }
                events.yield(.streamEnded(turn: turn, error: nil))
            } catch is CancellationError {
                events.yield(.streamEnded(turn: turn, error: "cancelled"))
            } catch ProviderError.idleTimeout(let name, let seconds) {
                // The message names the provider already; say how to change the limit.
                let text = "\(ProviderError.idleTimeout(provider: name, seconds: seconds))"
                events.yield(.streamEnded(turn: turn, error: text + " (--idle-timeout SECONDS changes the limit)"))
            } catch let error as ProviderError {
                var retryAfter: Double?
                if case .unavailable(_, _, _, let seconds) = error { retryAfter = seconds }
                events.yield(.streamFailed(turn: turn, StreamFailure(
                    message: "\(provider.name): \(error)", status: error.status, retryable: error.isRetryable,
                    retryAfter: retryAfter)))
            } catch {
                events.yield(.streamEnded(turn: turn, error: "\(provider.name): \(error)"))
            }
        }
    }
}
