import Foundation
import MCP
import MCPHost
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes JSON-RPC messages to stdout, one line each, from any thread: the reader thread answers
/// most requests itself, and `slow` calls send progress and their result from their own tasks.
final class MessageWriter: Sendable {
    /// The descriptor, held by the lock so that one line is written at a time.
    private let fd: Mutex<Int32>

    init(fd: Int32) {
        self.fd = Mutex(fd)
    }

    /// Writes `message` and a newline in one `write(2)` (so lines never interleave). A failed
    /// write (the client has gone: EPIPE) is dropped: the server exits when stdin closes anyway.
    /// A message that cannot be written as JSON is reported on stderr.
    func send(_ message: Value) {
        var line: [UInt8]
        do {
            line = try JSONValueWriter.bytes(message)
        } catch {
            // Not JSON (NaN or infinity): say so where the host shows it (the log pane).
            FileHandle.standardError.write(Data("mcpterm-demo-server: a message was not sent: \(error)\n".utf8))
            return
        }
        line.append(UInt8(ascii: "\n"))
        fd.withLock { fd in
        line.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += n
            }
        }
        }
    }

    func respond(id: Value, result: Value) {
        send(["jsonrpc": "2.0", "id": id, "result": result])
    }

    /// An error response; `MCPError` encodes its code, message and data as the spec says.
    func respond(id: Value, error: MCPError) {
        let encoded = (try? JSONEncoder().encode(error)).flatMap { try? JSONValueParser.parse($0) }
        send(["jsonrpc": "2.0", "id": id,
              "error": encoded ?? ["code": .int(error.code), "message": .string(error.errorDescription ?? "error")]])
    }

    func notify(_ method: String, _ params: Value) {
        send(["jsonrpc": "2.0", "method": .string(method), "params": params])
    }
}
