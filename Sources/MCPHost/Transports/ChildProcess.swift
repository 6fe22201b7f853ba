import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A server process started with `posix_spawnp` in a new process group, its three standard
/// streams connected to pipes, and a thread that reaps it so it never lingers as a zombie.
///
/// `Foundation.Process` is not used: started from async code it hands the child a blocked signal
/// mask, and such a child ignores SIGTERM (see ARCHITECTURE.md, "The MCP side").
final class ChildProcess: Sendable {
    let pid: pid_t
    /// Write end of the child's stdin; handed to a `PipeWriter`, which closes it (the polite "please exit").
    let stdinFD: Int32
    /// Read ends; each is owned and closed by the reader thread that drains it.
    let stdoutFD: Int32
    let stderrFD: Int32
    let exitStatus = ProcessExitStatus()

    private init(pid: pid_t, stdinFD: Int32, stdoutFD: Int32, stderrFD: Int32) {
        self.pid = pid
        self.stdinFD = stdinFD
        self.stdoutFD = stdoutFD
        self.stderrFD = stderrFD
    }

    /// Starts `command args`. `command` is looked up in PATH when it has no slash.
    /// Throws a readable reason (strerror text) when the process cannot be started.
    static func spawn(command: String, args: [String], environment: [String: String],
                      cwd: String?) throws(SpawnFailure) -> ChildProcess {
        // O_CLOEXEC everywhere: our ends must not leak into other servers' processes.
        var stdinPipe: [Int32] = [-1, -1]
        var stdoutPipe: [Int32] = [-1, -1]
        var stderrPipe: [Int32] = [-1, -1]
        func closeAll() {
            for fd in stdinPipe + stdoutPipe + stderrPipe where fd >= 0 { close(fd) }
        }
        guard GNUExtensions.pipeCloseOnExec(&stdinPipe) == 0,
              GNUExtensions.pipeCloseOnExec(&stdoutPipe) == 0,
              GNUExtensions.pipeCloseOnExec(&stderrPipe) == 0 else {
            let reason = String(cString: strerror(errno))
            closeAll()
            throw SpawnFailure(reason: "cannot create pipes: \(reason)")
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // dup2 clears close-on-exec on the target descriptors, so only these three survive exec.
        posix_spawn_file_actions_adddup2(&actions, stdinPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, stderrPipe[1], 2)
        if let cwd {
            let result = GNUExtensions.addChdir(&actions, cwd)
            if result != 0 {
                closeAll()
                throw SpawnFailure(reason: "cannot set working directory \"\(cwd)\": \(String(cString: strerror(result)))")
            }
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A cleared mask and default dispositions: the host ignores SIGPIPE and async runtimes
        // block signals in their threads; the server must still die on SIGTERM and SIGPIPE.
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGPIPE, SIGHUP, SIGQUIT, SIGCHLD, SIGUSR1, SIGUSR2, SIGALRM] {
            sigaddset(&defaults, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        // Own process group: signals go to the server and everything it starts, and a Ctrl-C
        // in the terminal (sent to the foreground group) does not reach servers directly.
        posix_spawnattr_setpgroup(&attributes, 0)
        let flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP
        posix_spawnattr_setflags(&attributes, Int16(truncatingIfNeeded: flags))

        let argv = ([command] + args).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }

        var spawned: pid_t = 0
        // posix_spawnp resolves `command` in the host's PATH; glibc reports exec and chdir
        // failures as its return value.
        let result = posix_spawnp(&spawned, command, &actions, &attributes, argv, envp)
        close(stdinPipe[0])
        close(stdoutPipe[1])
        close(stderrPipe[1])
        if result != 0 {
            close(stdinPipe[1])
            close(stdoutPipe[0])
            close(stderrPipe[0])
            var reason = String(cString: strerror(result))
            if let cwd, result == ENOENT || result == ENOTDIR || result == EACCES,
               !FileManager.default.fileExists(atPath: cwd) {
                reason += " (working directory \"\(cwd)\" does not exist)"
            }
            throw SpawnFailure(reason: reason)
        }

        let pid = spawned
        let child = ChildProcess(pid: pid, stdinFD: stdinPipe[1], stdoutFD: stdoutPipe[0],
                                 stderrFD: stderrPipe[0])
        let exitStatus = child.exitStatus
        let reaper = Thread {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 {
                if errno != EINTR {
                    // ECHILD: someone else reaped it (SIGCHLD set to SIG_IGN); report it as gone.
                    status = 0
                    break
                }
            }
            exitStatus.record(status)
        }
        reaper.name = "mcp-reap-\(pid)"
        reaper.start()
        return child
    }

    /// Sends `signal` to the whole process group (the server and its children). Still useful
    /// after the leader exited: children it left behind keep the group id alive.
    func signalGroup(_ signal: Int32) {
        kill(-pid, signal)
    }
}

/// Why `posix_spawnp` failed, as text a user can act on.
struct SpawnFailure: Error {
    var reason: String
}
