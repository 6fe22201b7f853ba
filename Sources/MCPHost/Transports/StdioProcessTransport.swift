import Foundation
import Logging
import MCP
#if canImport(Glibc)
import Glibc
#endif

/// The stdio transport: runs an MCP server as a child process and exchanges newline-delimited
/// JSON-RPC messages over its stdin/stdout (MCP 2025-11-25 basic/transports#stdio).
///
/// A dedicated thread blocks in `read()` on stdout (no polling); stderr lines go to `onStderr`.
public actor StdioProcessTransport: Transport {
    /// Longest stdout message accepted by default (a server's `"maxMessageBytes"` overrides it);
    /// past the limit the message is dropped unread and the stream ends, so memory stays bounded.
    public static let maxMessageBytes = ServerConfig.defaultMaxMessageBytes
    /// Longer stderr lines are cut here (the log pane shows lines, not megabytes).
    public static let maxStderrLineBytes = 4096

    public nonisolated let logger: Logger
    private let name: String
    private let command: String
    private let args: [String]
    private let env: [String: String]
    private let inheritEnv: EnvironmentInheritance
    private let cwd: String?
    private let onStderr: @Sendable (String) -> Void
    private let maxMessageBytes: Int
    private let stream: AsyncThrowingStream<Data, any Error>
    private let continuation: AsyncThrowingStream<Data, any Error>.Continuation
    private var child: ChildProcess?
    private var stdin: PipeWriter?
    private var disconnected = false

    /// - Parameters:
    ///   - env: set for the process on top of what it inherits.
    ///   - inheritEnv: how much of mcpterm's environment it inherits (default: the minimal set).
    public init(name: String, command: String, args: [String], env: [String: String],
                inheritEnv: EnvironmentInheritance = .minimal, cwd: String?,
                maxMessageBytes: Int = StdioProcessTransport.maxMessageBytes,
                onStderr: @escaping @Sendable (String) -> Void) {
        self.name = name
        self.maxMessageBytes = maxMessageBytes
        self.command = command
        self.args = args
        self.env = env
        self.inheritEnv = inheritEnv
        self.cwd = cwd
        self.onStderr = onStderr
        self.logger = Logger(label: "mcpterm.stdio.\(name)")
        (stream, continuation) = AsyncThrowingStream.makeStream(of: Data.self)
    }

    /// The server's process id (also its process group id) until it has exited and been reaped.
    public var pid: pid_t? {
        guard let child, child.exitStatus.current == nil else { return nil }
        return child.pid
    }

    public func connect() async throws {
        guard child == nil else { return }
        guard !disconnected else { throw TransportError.closed(server: name) }
        HostProcess.prepare()
        let environment = inheritEnv.environment(from: ProcessInfo.processInfo.environment, adding: env)
        let process: ChildProcess
        do {
            process = try ChildProcess.spawn(command: command, args: args, environment: environment, cwd: cwd)
        } catch {
            throw TransportError.spawnFailed(server: name, command: command, reason: error.reason)
        }
        child = process
        stdin = PipeWriter(fd: process.stdinFD, name: "mcp-stdin-\(name)")
        startStdoutReader(process)
        startStderrReader(process)
    }

    public func send(_ data: Data) async throws {
        guard let stdin else { throw TransportError.closed(server: name) }
        var message = data
        message.append(0x0A)
        do {
            try await stdin.write(message)
        } catch let error as PipeWriteError {
            // SIGPIPE is ignored host-wide, so a dead reader shows up here as EPIPE.
            if error.code == EPIPE || error.code == EBADF { throw TransportError.closed(server: name) }
            throw TransportError.io(server: name, reason: "write to stdin: \(error.reason)")
        }
    }

    public func receive() -> AsyncThrowingStream<Data, any Error> {
        stream
    }

    /// The MCP stdio shutdown: close stdin, wait up to 2 s, SIGTERM the group, wait up to 3 s,
    /// then SIGKILL; returns once the process has been reaped. Children the server left in its
    /// process group get SIGTERM too, so nothing it started outlives it.
    public func disconnect() async {
        disconnected = true
        guard let child else {
            continuation.finish(throwing: TransportError.closed(server: name))
            return
        }
        stdin?.finish()
        stdin = nil
        if await waitForExit(child, seconds: 2) {
            child.signalGroup(SIGTERM)
        } else {
            child.signalGroup(SIGTERM)
            if await !waitForExit(child, seconds: 3) {
                child.signalGroup(SIGKILL)
                _ = await waitForExit(child, seconds: 30)
            }
        }
        continuation.finish(throwing: TransportError.closed(server: name))
    }

    /// Waits for the reaper without polling; also when `disconnect` runs on a cancelled task
    /// (Esc, a heartbeat giving up), where `Task.sleep` would throw at once and a poll loop spin.
    private func waitForExit(_ child: ChildProcess, seconds: Double) async -> Bool {
        await child.exitStatus.exited(within: seconds)
    }

    private func startStdoutReader(_ child: ChildProcess) {
        let continuation = self.continuation
        let name = self.name
        let fd = child.stdoutFD
        let exitStatus = child.exitStatus
        let limit = maxMessageBytes
        let thread = Thread {
            var splitter = LineSplitter(maxLineBytes: limit)
            let ended = PipeReading.drain(fd) { chunk in
                for piece in splitter.feed(chunk) {
                    switch piece {
                    case .line(let bytes):
                        continuation.yield(Data(bytes))
                    case .truncated:
                        continuation.finish(throwing: TransportError.messageTooLarge(
                            server: name, bytes: limit))
                        return false
                    }
                }
                return true
            }
            close(fd)
            if let last = splitter.finish() { continuation.yield(Data(last)) }
            if let ended {
                continuation.finish(throwing: TransportError.io(server: name, reason: "read stdout: \(ended)"))
                return
            }
            // EOF: report how the process ended (it normally exits right after closing stdout).
            let status = exitStatus.waitBlocking()
            continuation.finish(throwing: TransportError.processExited(
                server: name, status: ProcessExitStatus.describe(status)))
        }
        thread.name = "mcp-stdout-\(name)"
        thread.start()
    }

    private func startStderrReader(_ child: ChildProcess) {
        let onStderr = self.onStderr
        let fd = child.stderrFD
        let thread = Thread {
            var splitter = LineSplitter(maxLineBytes: StdioProcessTransport.maxStderrLineBytes)
            _ = PipeReading.drain(fd) { chunk in
                for piece in splitter.feed(chunk) {
                    switch piece {
                    case .line(let bytes): onStderr(String(decoding: bytes, as: UTF8.self))
                    case .truncated(let bytes): onStderr(String(decoding: bytes, as: UTF8.self) + " […]")
                    }
                }
                return true
            }
            close(fd)
            if let last = splitter.finish() { onStderr(String(decoding: last, as: UTF8.self)) }
        }
        thread.name = "mcp-stderr-\(self.name)"
        thread.start()
    }
}
