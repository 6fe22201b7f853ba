import Foundation
import Logging
import MCP

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Newline-delimited JSON-RPC over stdin/stdout (MCP 2025-11-25 basic/transports#stdio).
/// The SDK's `StdioTransport` polls a non-blocking fd every 10 ms, which would dominate
/// round-trip benchmarks; here a thread blocks in `read(2)` and hands each line over at once.
actor LineStdioTransport: Transport {
    nonisolated let logger: Logger
    private let input: Int32
    private let output: Int32
    private let messages: AsyncThrowingStream<Data, Error>
    private let continuation: AsyncThrowingStream<Data, Error>.Continuation
    private var isConnected = false

    /// Why a write to stdout failed.
    struct WriteError: Error, CustomStringConvertible {
        var errno: Int32
        var description: String { "writing to stdout failed: \(String(cString: strerror(errno)))" }
    }

    init(input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO, logger: Logger? = nil) {
        self.input = input
        self.output = output
        self.logger = logger ?? Logger(label: "mcpterm.demo.stdio", factory: { _ in SwiftLogNoOpLogHandler() })
        (messages, continuation) = AsyncThrowingStream.makeStream(of: Data.self, throwing: Error.self)
    }

    func connect() async throws {
        guard !isConnected else { return }
        isConnected = true
        let input = self.input
        let continuation = self.continuation
        let reader = Thread { Self.readLines(from: input, into: continuation) }
        reader.name = "stdin-reader"
        reader.start()
    }

    /// Ends the message stream. The reader thread stays blocked in `read(2)` until stdin closes;
    /// that is harmless here because the process exits right after.
    func disconnect() async {
        isConnected = false
        continuation.finish()
    }

    func send(_ data: Data) async throws {
        var line = data
        line.append(UInt8(ascii: "\n"))
        // Returns 0 or the errno of the failed write (a typed-throws closure here crashes the 6.3 compiler).
        let failure: Int32 = line.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(output, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += n
            }
            return 0
        }
        if failure != 0 { throw WriteError(errno: failure) }
    }

    func receive() -> AsyncThrowingStream<Data, Error> { messages }

    /// Runs on its own thread until EOF: blocking reads, split at "\n" (a trailing "\r" is dropped).
    private static func readLines(from fd: Int32, into continuation: AsyncThrowingStream<Data, Error>.Continuation) {
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            var start = pending.count
            pending.append(contentsOf: buffer[0..<n])
            var lineStart = 0
            while let newline = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
                var end = newline
                if end > lineStart && pending[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                if end > lineStart { continuation.yield(Data(pending[lineStart..<end])) }
                lineStart = newline + 1
                start = lineStart
            }
            pending.removeFirst(lineStart)
        }
        continuation.finish()
    }
}
