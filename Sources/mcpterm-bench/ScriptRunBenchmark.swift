import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `mcpterm -p` end to end: from `posix_spawn` of the binary to the answer on its stdout, and to
/// its exit, with a loopback model that answers at once (`LoopbackModel`), with no server and with
/// one stdio server (whose start, handshake and `tools/list` the turn waits for). The session is
/// saved, as by default, in a scratch state directory.
struct ScriptRunBenchmark {
    var mcpterm: String
    /// The stdio server of the second row; nil: only the row without servers.
    var demoServer: String?
    var runs: Int
    /// What `mcpterm --version` prints (the floor row checks it).
    var versionLine: String

    struct Result {
        var label: String
        var runs: Int
        var answer: LatencySummary
        var exit: LatencySummary
    }

    func run() throws -> [Result] {
        let model = try LoopbackModel()
        defer { model.stop() }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("mcpterm-bench-script-\(getpid())")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }

        // The first row is the floor: the process starting and exiting, with no turn at all.
        var rows: [(String, String?)] = [("none: mcpterm --version (process start only)", nil),
                                         ("no servers", #"{"mcpServers": {}}"#)]
        if let demoServer {
            rows.append(("one stdio server (mcpterm-demo-server)",
                         #"{"mcpServers": {"demo": {"command": "\#(demoServer)", "cwd": "\#(scratch.path)"}}}"#))
        }
        return try rows.map { label, config in
            var arguments = ["--version"]
            var expected = "\(versionLine)\n"
            if let config {
                let path = scratch.appendingPathComponent("servers-\(label.count).json").path
                try Data(config.utf8).write(to: URL(fileURLWithPath: path))
                arguments = ["--config", path, "--provider", "openai", "--base-url", "http://127.0.0.1:\(model.port)/v1",
                             "--model", "bench", "-p", "hi"]
                expected = LoopbackModel.reply + "\n"
            }
            let environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                               "HOME": scratch.path, "XDG_STATE_HOME": scratch.path + "/state",
                               "XDG_CONFIG_HOME": scratch.path + "/config", "LANG": "C.UTF-8"]
            // Two untimed runs: the binary and its libraries in the page cache.
            for _ in 0..<2 { _ = try timedRun(arguments, environment: environment, expecting: expected) }
            var answers: [UInt64] = []
            var exits: [UInt64] = []
            for _ in 0..<runs {
                let (answer, exit) = try timedRun(arguments, environment: environment, expecting: expected)
                answers.append(answer)
                exits.append(exit)
            }
            return Result(label: label, runs: runs,
                          answer: LatencySummary(op: label, durationsNanoseconds: answers, totalNanoseconds: answers.reduce(0, +)),
                          exit: LatencySummary(op: label, durationsNanoseconds: exits, totalNanoseconds: exits.reduce(0, +)))
        }
    }

    /// One run: nanoseconds from spawn to the first byte of the answer, and to the exit.
    /// `--config` names the servers file, so the working directory's ./servers.json plays no part.
    private func timedRun(_ arguments: [String], environment: [String: String], expecting expected: String) throws
        -> (answer: UInt64, exit: UInt64)
    {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw BenchError.spawnFailed(command: mcpterm, reason: String(cString: strerror(errno))) }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        posix_spawnattr_setflags(&attributes, Int16(truncatingIfNeeded: POSIX_SPAWN_SETSIGMASK))

        let argv = ([mcpterm] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        var pid: pid_t = 0
        let start = DispatchTime.now().uptimeNanoseconds
        let spawned = posix_spawn(&pid, mcpterm, &actions, &attributes, argv, envp)
        close(fds[1])
        guard spawned == 0 else {
            close(fds[0])
            throw BenchError.spawnFailed(command: mcpterm, reason: String(cString: strerror(spawned)))
        }
        var output = [UInt8]()
        var answered: UInt64?
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(fds[0], &buffer, buffer.count)
            if n > 0 {
                if answered == nil { answered = DispatchTime.now().uptimeNanoseconds }
                output += buffer[0..<n]
            } else if n < 0, errno == EINTR {
                continue
            } else {
                break
            }
        }
        close(fds[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let exited = DispatchTime.now().uptimeNanoseconds
        let text = String(decoding: output, as: UTF8.self)
        guard status == 0, text == expected, let answered else {
            throw BenchError.scriptFailed(command: "mcpterm " + arguments.joined(separator: " "), status: status >> 8, output: text)
        }
        return (answered - start, exited - start)
    }
}
