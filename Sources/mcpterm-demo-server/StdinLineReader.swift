import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Newline-delimited messages from a file descriptor (MCP 2025-11-25 basic/transports#stdio):
/// blocking `read(2)` on the calling thread, each complete line handed over at once (a trailing
/// "\r" is dropped, empty lines are skipped). The SDK's `StdioTransport` polls every 10 ms instead.
enum StdinLineReader {
    /// Calls `onLine` for each line until EOF (or a read error), then returns.
    static func readLines(from fd: Int32, _ onLine: (Data) -> Void) {
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            var searchFrom = pending.count
            pending.append(contentsOf: buffer[0..<n])
            var lineStart = 0
            while let newline = pending[searchFrom...].firstIndex(of: UInt8(ascii: "\n")) {
                var end = newline
                if end > lineStart && pending[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                if end > lineStart { onLine(Data(pending[lineStart..<end])) }
                lineStart = newline + 1
                searchFrom = lineStart
            }
            pending.removeFirst(lineStart)
        }
        if !pending.isEmpty { onLine(Data(pending)) }
    }
}
