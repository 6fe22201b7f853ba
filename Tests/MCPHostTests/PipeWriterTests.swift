import Foundation
import Synchronization
@testable import MCPHost
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// `PipeWriter` writes small messages straight away and queues what the pipe cannot take,
/// keeping the order of everything written.
final class PipeWriterTests: XCTestCase {
    /// Reads `fd` to EOF on a thread of its own; `result` waits for it.
    private final class Drain: Sendable {
        private let bytes = Mutex<[UInt8]>([])
        private let done = DispatchSemaphore(value: 0)

        init(fd: Int32) {
            Thread { [self] in
                var buffer = [UInt8](repeating: 0, count: 4096)
                while true {
                    let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
                    if n < 0 && errno == EINTR { continue }
                    if n <= 0 { break }
                    bytes.withLock { $0.append(contentsOf: buffer[0..<n]) }
                }
                close(fd)
                done.signal()
            }.start()
        }

        func result() -> [UInt8] {
            done.wait()
            return bytes.withLock { $0 }
        }
    }

    private func makePipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw POSIXError(.EMFILE) }
        return (fds[0], fds[1])
    }

    func testMessagesLargerThanThePipeArriveWholeAndInOrder() async throws {
        let (readEnd, writeEnd) = try makePipe()
        let writer = PipeWriter(fd: writeEnd, name: "test-pipe-writer")
        let drain = Drain(fd: readEnd)
        // 1 MiB is far over a pipe's 64 KiB: most of it goes through the writer thread.
        let big = Data((0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        async let first: Void = writer.write(big)
        try await first
        try await writer.write(Data("tail\n".utf8))
        writer.finish()
        let received = drain.result()
        XCTAssertEqual(received.count, big.count + 5)
        XCTAssertEqual(Data(received.prefix(big.count)), big)
        XCTAssertEqual(String(decoding: received.suffix(5), as: UTF8.self), "tail\n")
    }

    func testConcurrentWritersNeverInterleaveTheirMessages() async throws {
        let (readEnd, writeEnd) = try makePipe()
        let writer = PipeWriter(fd: writeEnd, name: "test-pipe-writer")
        let drain = Drain(fd: readEnd)
        // Each message is 100 KiB of one letter, so a message split by another shows as a mix.
        let letters = Array("abcdefgh".utf8)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for letter in letters {
                group.addTask { try await writer.write(Data(repeating: letter, count: 100 * 1024)) }
            }
            try await group.waitForAll()
        }
        writer.finish()
        let received = drain.result()
        XCTAssertEqual(received.count, letters.count * 100 * 1024)
        var runs: [UInt8] = []
        for byte in received where runs.last != byte { runs.append(byte) }
        XCTAssertEqual(runs.count, letters.count, "messages interleaved")
        XCTAssertEqual(Set(runs), Set(letters))
    }

    func testWritingAfterTheReaderIsGoneFailsWithEPIPE() async throws {
        HostProcess.prepare()  // SIGPIPE ignored, as in the app
        let (readEnd, writeEnd) = try makePipe()
        close(readEnd)
        let writer = PipeWriter(fd: writeEnd, name: "test-pipe-writer")
        defer { writer.finish() }
        do {
            try await writer.write(Data("x".utf8))
            XCTFail("the write succeeded")
        } catch let error as PipeWriteError {
            XCTAssertEqual(error.code, EPIPE)
        }
        // Later writes fail the same way at once.
        await XCTAssertThrowsErrorAsync { try await writer.write(Data("y".utf8)) }
    }

    private func XCTAssertThrowsErrorAsync(_ body: () async throws -> Void, line: UInt = #line) async {
        do {
            try await body()
            XCTFail("no error", line: line)
        } catch {}
    }
}
