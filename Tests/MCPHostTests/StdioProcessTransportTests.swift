import Foundation
import MCP
@testable import MCPHost
import TestSupport
import XCTest
#if canImport(Glibc)
import Glibc
#endif

final class StdioProcessTransportTests: XCTestCase {
    private func shell(_ script: String, name: String = "sh", env: [String: String] = [:], cwd: String? = nil,
                       stderr: Recorder<String>? = nil) -> StdioProcessTransport {
        StdioProcessTransport(name: name, command: "/bin/sh", args: ["-c", script], env: env, cwd: cwd,
                              onStderr: { line in stderr?.append(line) })
    }

    /// Reads messages until the stream ends; returns them and the error that ended it.
    private func drain(_ transport: StdioProcessTransport) async -> (lines: [String], end: (any Error)?) {
        var lines: [String] = []
        do {
            for try await data in await transport.receive() {
                lines.append(String(decoding: data, as: UTF8.self))
            }
            return (lines, nil)
        } catch {
            return (lines, error)
        }
    }

    func testSpawnsEchoesAndLeavesNoProcessAfterDisconnect() async throws {
        let transport = StdioProcessTransport(name: "cat", command: "cat", args: [], env: [:], cwd: nil,
                                              onStderr: { _ in })
        try await transport.connect()
        let maybePid = await transport.pid
        let pid = try XCTUnwrap(maybePid)
        XCTAssertEqual(kill(pid, 0), 0, "the child runs")
        try await transport.send(Data(#"{"jsonrpc":"2.0","method":"x"}"#.utf8))
        var iterator = await transport.receive().makeAsyncIterator()
        let echoed = try await iterator.next()
        XCTAssertEqual(echoed.map { String(decoding: $0, as: UTF8.self) }, #"{"jsonrpc":"2.0","method":"x"}"#)
        await transport.disconnect()
        XCTAssertTrue(ProcessProbe.isGone(pid), "process \(pid) must be reaped after disconnect")
        do {
            try await transport.send(Data("{}".utf8))
            XCTFail("send after disconnect must fail")
        } catch let error as TransportError {
            XCTAssertEqual(error, .closed(server: "cat"))
        }
    }

    func testEnvironmentAndWorkingDirectoryReachTheChild() async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("mcpterm-cwd-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = #"printf '{"cwd":"%s","value":"%s","path":"%s"}\n' "$(pwd -P)" "$MCPTERM_TEST_VALUE" "${PATH:+set}""#
        let transport = shell(script, env: ["MCPTERM_TEST_VALUE": "héllo wörld"], cwd: directory.path)
        try await transport.connect()
        let (lines, end) = await drain(transport)
        await transport.disconnect()
        XCTAssertEqual(lines.count, 1)
        let object = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: String]
        let expectedDirectory = URL(fileURLWithPath: directory.path).resolvingSymlinksInPath().path
        XCTAssertEqual(object?["cwd"], expectedDirectory)
        XCTAssertEqual(object?["value"], "héllo wörld")
        XCTAssertEqual(object?["path"], "set", "the host environment is inherited")
        XCTAssertEqual(end as? TransportError, .processExited(server: "sh", status: "exit status 0"))
    }

    func testStderrLinesArriveOneByOne() async throws {
        let stderr = Recorder<String>()
        let transport = shell("echo first >&2; echo 'second line' >&2; exec cat", stderr: stderr)
        try await transport.connect()
        _ = await stderr.first { $0 == "second line" }
        XCTAssertEqual(stderr.all, ["first", "second line"])
        await transport.disconnect()
    }

    func testMissingCommandFailsToSpawnNamingIt() async throws {
        let transport = StdioProcessTransport(name: "ghost", command: "mcpterm-no-such-command", args: [],
                                              env: [:], cwd: nil, onStderr: { _ in })
        do {
            try await transport.connect()
            XCTFail("spawning a missing command must fail")
        } catch let error as TransportError {
            guard case .spawnFailed(let server, let command, let reason) = error else {
                return XCTFail("expected spawnFailed, got \(error)")
            }
            XCTAssertEqual(server, "ghost")
            XCTAssertEqual(command, "mcpterm-no-such-command")
            XCTAssertFalse(reason.isEmpty)
            XCTAssertTrue(error.description.contains("mcpterm-no-such-command"))
        }
    }

    func testMissingWorkingDirectoryFailsToSpawn() async throws {
        let transport = shell("exit 0", name: "nowhere", cwd: "/nonexistent/mcpterm-dir")
        do {
            try await transport.connect()
            XCTFail("a missing cwd must fail")
        } catch let error as TransportError {
            guard case .spawnFailed(let server, _, _) = error else { return XCTFail("got \(error)") }
            XCTAssertEqual(server, "nowhere")
        }
    }

    func testProcessIgnoringStdinCloseIsTerminatedWithItsGroup() async throws {
        // The shell neither reads stdin nor exits on EOF; its background child is in its group.
        let transport = shell("sleep 1000 & echo $!; wait")
        try await transport.connect()
        let maybePid = await transport.pid
        let pid = try XCTUnwrap(maybePid)
        var iterator = await transport.receive().makeAsyncIterator()
        let line = try await iterator.next()
        let grandchild = try XCTUnwrap(line.flatMap { pid_t(String(decoding: $0, as: UTF8.self)) })
        await transport.disconnect()
        XCTAssertTrue(ProcessProbe.isGone(pid))
        let stopped = await ProcessProbe.waitUntilNotRunning(grandchild)
        XCTAssertTrue(stopped, "SIGTERM goes to the whole process group")
    }

    func testExitStatusEndsTheStream() async throws {
        let transport = shell("echo '{}'; exit 7", name: "seven")
        try await transport.connect()
        let (lines, end) = await drain(transport)
        XCTAssertEqual(lines, ["{}"])
        XCTAssertEqual(end as? TransportError, .processExited(server: "seven", status: "exit status 7"))
        XCTAssertEqual((end as? TransportError)?.description, "server \"seven\": process ended (exit status 7)")
        await transport.disconnect()
    }

    func testWritingToADeadProcessThrowsInsteadOfRaisingSIGPIPE() async throws {
        let transport = shell("exec 0<&-; echo bye", name: "deaf")
        try await transport.connect()
        _ = await drain(transport)
        // The child is gone: the write end of its stdin pipe has no reader any more.
        do {
            for _ in 0..<4 { try await transport.send(Data(repeating: 0x41, count: 100_000)) }
            XCTFail("writing to a dead process must fail")
        } catch let error as TransportError {
            XCTAssertEqual(error.server, "deaf")
        }
        await transport.disconnect()
    }

    func testAServerThatStopsReadingBlocksOnlyItsOwnWrites() async throws {
        // `exec sleep` never reads stdin: a megabyte cannot fit in the pipe.
        let transport = shell("exec sleep 1000", name: "stuck")
        try await transport.connect()
        let sending = Task { try await transport.send(Data(repeating: 0x20, count: 1_000_000)) }
        let maybePid = await transport.pid // the actor still answers while the write is stuck
        let pid = try XCTUnwrap(maybePid)
        await transport.disconnect()
        do {
            try await sending.value
            XCTFail("a write to a killed process must fail")
        } catch let error as TransportError {
            XCTAssertEqual(error, .closed(server: "stuck"))
        }
        XCTAssertTrue(ProcessProbe.isGone(pid))
    }
}
