import Foundation
@testable import MCPHost
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Stopping a stdio server from a task that is already cancelled (Esc during a call, a heartbeat
/// giving up): the shutdown must still wait properly and reap the process. (That the wait does
/// not spin is shown structurally: the exit wait suspends and is resumed by the reaper, even on a
/// cancelled task; no CPU-time threshold here.)
final class FaultShutdownTests: XCTestCase {
    func testDisconnectFromACancelledTaskReapsAServerThatIgnoresStdinClose() async throws {
        // Ignores EOF on stdin, so disconnect has to wait out its 2 s grace and then SIGTERM it.
        let transport = StdioProcessTransport(name: "stubborn", command: "/bin/sh",
                                              args: ["-c", "echo up; exec sleep 1000"],
                                              env: [:], cwd: nil, onStderr: { _ in })
        try await transport.connect()
        let maybePid = await transport.pid
        let pid = try XCTUnwrap(maybePid)
        var incoming = await transport.receive().makeAsyncIterator()
        _ = try await incoming.next()  // "up": the shell runs

        let stopper = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            XCTAssertTrue(Task.isCancelled)
            await transport.disconnect()
        }
        await stopper.value

        XCTAssertTrue(ProcessProbe.isGone(pid), "the server was terminated and reaped")
        let transportPid = await transport.pid
        XCTAssertNil(transportPid)
    }

    func testExitWaitResumesWhenTheProcessIsReapedEvenOnACancelledTask() async {
        let status = ProcessExitStatus()
        let waiter = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await status.exited(within: 3600)
        }
        status.record(0)
        let exited = await waiter.value
        XCTAssertTrue(exited, "recording the exit resumes the waiter")
        let already = await status.exited(within: 3600)
        XCTAssertTrue(already, "a process already reaped needs no wait")
    }

    func testExitWaitGivesUpAfterItsTimeWhenTheProcessRunsOn() async {
        let status = ProcessExitStatus()
        let exited = await status.exited(within: 0.01)
        XCTAssertFalse(exited)
        status.record(0)  // a late exit finds no waiter left to resume twice
    }
}
