import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a helper program to completion and returns its stdout; its stderr goes to ours.
///
/// Spawned with `posix_spawn` and a cleared signal mask rather than `Foundation.Process`,
/// whose children started from async code ignore SIGTERM (see ARCHITECTURE.md), so the
/// program and the servers it starts can still be stopped by a signal.
enum ScriptProcess {
    /// The program's exit status and everything it wrote to stdout.
    struct Outcome: Sendable {
        var status: Int32
        var output: String
    }

    /// Blocks a dedicated thread (never a task of the cooperative pool) until the program exits.
    static func run(command: String, args: [String]) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                do {
                    continuation.resume(returning: try runBlocking(command: command, args: args))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.name = "bench-script"
            thread.start()
        }
    }

    private static func runBlocking(command: String, args: [String]) throws -> Outcome {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else {
            throw BenchError.spawnFailed(command: command, reason: String(cString: strerror(errno)))
        }
        // Only the child's copy (dup2'd to fd 1) may survive exec, or EOF would never come.
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGPIPE, SIGHUP, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        let flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
        posix_spawnattr_setflags(&attributes, Int16(truncatingIfNeeded: flags))

        let argv = ([command] + args).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let result = posix_spawnp(&pid, command, &actions, &attributes, argv, environ)
        close(fds[1])
        guard result == 0 else {
            close(fds[0])
            throw BenchError.spawnFailed(command: command, reason: String(cString: strerror(result)))
        }

        var output = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fds[0], $0.baseAddress, $0.count) }
            if count > 0 {
                output.append(contentsOf: buffer[0..<count])
            } else if count == 0 || errno != EINTR {
                break
            }
        }
        close(fds[0])

        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        // WIFEXITED/WEXITSTATUS are macros Swift cannot see: low 7 bits are the signal, if any.
        let signal = status & 0x7f
        let exitCode = signal == 0 ? (status >> 8) & 0xff : 128 + signal
        return Outcome(status: exitCode, output: String(decoding: output, as: UTF8.self))
    }
}
