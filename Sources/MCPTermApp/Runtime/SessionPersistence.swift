import ChatCore
import Dispatch
import Foundation
import MCPHost

/// What the command line asks of sessions, settled before the terminal opens: where sessions
/// are saved (nowhere with `--no-save`) and which one `--resume` continues.
struct SessionLaunch: Sendable {
    /// Where new sessions go; nil when nothing is saved.
    var store: SessionStore?
    /// The session `--resume` reloaded.
    var resumed: SessionLog?
    /// The resumed file, to append to; nil with `--no-save`.
    var appendPath: String?
    /// Shown in the transcript at start.
    var notices: [String] = []
    var errors: [String] = []

    init(store: SessionStore?, resumed: SessionLog? = nil, appendPath: String? = nil) {
        self.store = store
        self.resumed = resumed
        self.appendPath = appendPath
    }

    /// Resolves `--resume`/`--no-save`. Throws when the session to resume cannot be found or
    /// read: better a clear message on the shell than a fresh chat the user did not ask for.
    static func prepare(_ options: LaunchOptions) throws(SessionStoreError) -> SessionLaunch {
        var store: SessionStore?
        var problem: SessionStoreError?
        do {
            store = SessionStore(directory: try SessionStore.defaultDirectory(environment: options.environment))
        } catch {
            problem = error
        }
        var launch = SessionLaunch(store: options.saveSession ? store : nil)
        if let problem, options.saveSession { launch.errors.append("\(problem) (this session is not saved)") }
        guard let reference = options.resume else { return launch }

        let path: String
        if let store {
            path = try store.resolve(reference, workingDirectory: options.workingDirectory)
        } else if reference.contains("/") {
            path = reference
        } else {
            throw problem ?? .noStateDirectory
        }
        var log = try SessionLog.load(path: path)
        var rebuilt = false
        if log.header == nil {
            // A torn first line must not cost the records after it.
            let id = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            guard log.rebuildHeader(id: id, cwd: options.workingDirectory, systemPrompt: options.systemPrompt) else {
                throw .notASession(path: path)
            }
            rebuilt = true
        }
        guard let header = log.header else { throw .notASession(path: path) }
        launch.resumed = log
        launch.appendPath = options.saveSession ? path : nil
        launch.notices.append(
            "Resumed session \(header.id) (\(log.messageCount) messages) from \(path)"
                + (options.saveSession ? "; new messages are added to it." : "; --no-save: nothing new is saved."))
        if rebuilt {
            launch.notices.append(
                "\(path):1: the session header could not be read; it was rebuilt from the other records "
                    + "(the system prompt it held is lost"
                    + (options.systemPrompt == nil ? ")." : "; --system is used instead)."))
        }
        launch.errors += log.warnings.map(\.description)
        if let asked = options.systemPrompt, asked != header.systemPrompt {
            launch.notices.append("--system is not applied: a resumed session keeps the system prompt it started with.")
        }
        return launch
    }

    /// The conversation to start with: the resumed one, or a new one.
    func agent(systemPrompt: String?, policy: ApprovalPolicy) -> AgentLoop {
        guard let resumed else { return AgentLoop(systemPrompt: systemPrompt, policy: policy) }
        return SessionReplay.agent(from: resumed.entries, policy: policy)
    }
}

/// The runtime side of the session store: the loop hands it the records `AgentLoop` made
/// (`Effect.saveSession`), and it appends them to the session file at once (one `write(2)` per
/// line, so a crash loses no line written), with the `fdatasync` done on a background queue so
/// the UI never waits for the disk. A streaming reply is written in pieces at most
/// `SessionRecordBuffer.partialInterval` apart, so a crash loses at most that much of it. The
/// file is created with the first record, so a run where nothing is said leaves no file;
/// `/clear` (`Effect.newSessionFile`) starts a new file.
final class SessionPersistence {
    private var buffer = SessionRecordBuffer()
    private let store: SessionStore?
    /// The header of a new session (its id is set when the file is created).
    private let header: SessionHeader
    private let resume: SessionResume
    /// The resumed file, appended to when the first record comes.
    private var appendPath: String?
    private var file: SessionFile?
    /// After a failure nothing more is written until the next conversation (`/clear`).
    private var broken = false
    private let now: () -> Date
    private let random: () -> UInt32
    private let report: @Sendable (String) -> Void
    private let syncQueue = DispatchQueue(label: "mcpterm.session-sync")

    /// The file being written, once there is one.
    var path: String? { file?.path }
    /// The last file this run wrote to (kept after `close()`): what `--resume` continues.
    private(set) var savedPath: String?

    init(
        launch: SessionLaunch, header: SessionHeader, now: @escaping () -> Date = Date.init,
        random: @escaping () -> UInt32 = { UInt32.random(in: .min ... .max) },
        report: @escaping @Sendable (String) -> Void
    ) {
        self.store = launch.store
        self.header = header
        self.resume = SessionResume(mcptermVersion: header.mcptermVersion, provider: header.provider, model: header.model)
        self.appendPath = launch.appendPath
        self.now = now
        self.random = random
        self.report = report
    }

    /// The header for this run's sessions: model, working directory, servers by name and kind.
    /// No keys, header values, env or args: they may hold secrets.
    static func header(
        model: ModelDescription?, workingDirectory: String, servers: [ServerConfig], systemPrompt: String?
    ) -> SessionHeader {
        SessionHeader(
            id: "", mcptermVersion: AppRuntime.version, provider: model?.provider.rawValue, model: model?.model,
            baseURL: model?.baseURL, cwd: workingDirectory,
            servers: servers.map { SessionServer(name: $0.name, kind: $0.kind.rawValue) }, systemPrompt: systemPrompt)
    }

    /// Appends `records` (streamed pieces coalesced). Returns in how many seconds to call
    /// `writeDue()` even if nothing else comes: streamed text waits to be written (nil when
    /// nothing waits).
    @discardableResult
    func save(_ records: [SessionRecord]) -> TimeInterval? {
        let at = now()
        write(buffer.add(records, at: at), at: at)
        return wait(from: at)
    }

    /// Writes the streamed text whose time has come; returns in how many seconds to call again.
    @discardableResult
    func writeDue() -> TimeInterval? {
        let at = now()
        write(buffer.due(at: at), at: at)
        return wait(from: at)
    }

    /// The conversation started over (`/clear`): the next record starts a new file.
    func startNewConversation() {
        write(buffer.drain(), at: now())  // what still waits belongs to the old one
        endFile()
        appendPath = nil
        broken = false
    }

    private func wait(from at: Date) -> TimeInterval? {
        let saves = file != nil || appendPath != nil || store != nil
        guard !broken, saves, let due = buffer.dueDate else { return nil }
        return max(0, due.timeIntervalSince(at))
    }

    private func write(_ records: [SessionRecord], at: Date) {
        guard !records.isEmpty, !broken else { return }
        var entries: [SessionEntry] = []
        if file == nil {
            do throws(SessionStoreError) {
                if let path = appendPath {
                    file = try SessionFile.openForAppend(path: path)
                    entries.append(SessionEntry(at: at, record: .resumed(resume)))
                } else if let store {
                    var first = header
                    first.id = SessionStore.newID(at: at, random: random())
                    file = try store.create(id: first.id)
                    entries.append(SessionEntry(at: at, record: .header(first)))
                } else {
                    return  // --no-save
                }
            } catch {
                fail(error)
                return
            }
        }
        entries += records.map { SessionEntry(at: at, record: $0) }
        guard let file else { return }
        savedPath = file.path
        do throws(SessionStoreError) {
            for entry in entries { try file.append(entry) }
        } catch {
            fail(error)
            return
        }
        let report = self.report
        syncQueue.async {
            do { try file.sync() } catch { report("\(error)") }
        }
    }

    /// Waits for the background syncs queued so far.
    func flush() {
        syncQueue.sync {}
    }

    /// Writes what waits, syncs and closes the file (at quit).
    func close() {
        write(buffer.drain(), at: now())
        endFile()
    }

    private func endFile() {
        guard let file else { return }
        let report = self.report
        syncQueue.sync {
            do { try file.sync() } catch { report("\(error)") }
        }
        file.close()
        self.file = nil
    }

    private func fail(_ error: SessionStoreError) {
        broken = true
        file?.close()
        file = nil
        report(error.description)
    }
}
