import Foundation
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// The built `mcpterm` run as a script runs it: given arguments, stdin, environment and working
/// directory, with stdout read through a pipe and stderr kept in a file. Spawned with
/// `posix_spawn`, a cleared signal mask and default signal actions (a child of the test's
/// threads would otherwise inherit blocked signals), never through a shell's parsing.
final class MCPTermProcess {
    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    let pid: pid_t
    private var stdoutFD: Int32
    private let stderrPath: String
    private var buffered = Data()
    private(set) var status: Int32?

    /// Starts `binary` with `arguments` in `directory`; `stdin` is the text it reads (nothing: /dev/null).
    init(binary: String, arguments: [String], stdin: String? = nil, environment: [String: String],
         directory: String) throws {
        let scratch = directory + "/.mcpterm-process-\(UUID().uuidString)"
        stderrPath = scratch + ".stderr"
        var stdinPath = "/dev/null"
        if let stdin {
            stdinPath = scratch + ".stdin"
            try Data(stdin.utf8).write(to: URL(fileURLWithPath: stdinPath))
        }
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw MCPTermProcess.Failure( "pipe failed") }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdinPath, O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGPIPE, SIGHUP, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(truncatingIfNeeded: POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        // `cd` without a shell parsing anything: the directory and the command are arguments.
        let argv = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", directory, binary] + arguments
        let cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        let cEnv: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { cEnv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, &attributes, cArgs, cEnv)
        close(fds[1])
        guard spawned == 0 else {
            close(fds[0])
            throw MCPTermProcess.Failure( "cannot start mcpterm: \(String(cString: strerror(spawned)))")
        }
        self.pid = pid
        stdoutFD = fds[0]
    }

    deinit {
        if status == nil {
            kill(pid, SIGKILL)
            _ = wait()
        }
        if stdoutFD >= 0 { close(stdoutFD) }
        try? FileManager.default.removeItem(atPath: stderrPath)
    }

    /// The next line of stdout (without its newline), or nil at its end. Blocks until it comes.
    func readLine() -> String? {
        while true {
            if let newline = buffered.firstIndex(of: UInt8(ascii: "\n")) {
                let line = buffered[buffered.startIndex..<newline]
                buffered.removeSubrange(buffered.startIndex...newline)
                return String(decoding: line, as: UTF8.self)
            }
            guard let more = readChunk() else {
                guard !buffered.isEmpty else { return nil }
                defer { buffered.removeAll() }
                return String(decoding: buffered, as: UTF8.self)
            }
            buffered.append(more)
        }
    }

    /// Reads stdout to its end, waits for the exit; returns the status, stdout (the rest of it)
    /// and stderr.
    func finish() -> (status: Int32, stdout: String, stderr: String) {
        var rest = buffered
        buffered.removeAll()
        while let more = readChunk() { rest.append(more) }
        let status = wait()
        let stderr = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
        return (status, String(decoding: rest, as: UTF8.self), stderr)
    }

    func signal(_ signal: Int32) {
        kill(pid, signal)
    }

    private func readChunk() -> Data? {
        guard stdoutFD >= 0 else { return nil }
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(stdoutFD, &chunk, chunk.count)
            if n > 0 { return Data(chunk[0..<n]) }
            if n < 0, errno == EINTR { continue }
            close(stdoutFD)
            stdoutFD = -1
            return nil
        }
    }

    private func wait() -> Int32 {
        if let status { return status }
        var raw: Int32 = 0
        while waitpid(pid, &raw, 0) < 0, errno == EINTR {}
        let signal = raw & 0x7f
        let exit = signal == 0 ? (raw >> 8) & 0xff : 128 + signal
        status = exit
        return exit
    }

    /// Runs to the end: status, stdout, stderr.
    static func run(binary: String, arguments: [String], stdin: String? = nil, environment: [String: String],
                    directory: String) throws -> (status: Int32, stdout: String, stderr: String) {
        try MCPTermProcess(binary: binary, arguments: arguments, stdin: stdin, environment: environment,
                           directory: directory).finish()
    }
}
