import Foundation
@testable import MCPHost
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Stopping a stdio server from a task that is already cancelled (Esc during a call, a heartbeat
/// giving up): the shutdown must still wait properly and reap the process.
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

        let cpuBefore = Self.processCPUSeconds()
        let wallBefore = ContinuousClock.now
        let stopper = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            XCTAssertTrue(Task.isCancelled)
            await transport.disconnect()
        }
        await stopper.value
        let wall = ContinuousClock.now - wallBefore
        let cpu = Self.processCPUSeconds() - cpuBefore

        XCTAssertTrue(ProcessProbe.isGone(pid), "the server was terminated and reaped")
        let transportPid = await transport.pid
        XCTAssertNil(transportPid)
        // A poll whose sleep throws at once burns a core for the whole grace period; a proper
        // wait uses almost no CPU while it is suspended.
        let wallSeconds = Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18
        XCTAssertLessThan(cpu, wallSeconds / 2, "disconnect spun: \(cpu) s of CPU in \(wallSeconds) s")
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

    /// User plus system CPU time of this whole test process.
    private static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
