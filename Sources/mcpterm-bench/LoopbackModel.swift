import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An OpenAI-compatible chat endpoint on 127.0.0.1 that answers every request at once with one
/// fixed streamed reply ("ok", finish reason `stop`) and closes the connection: the model side of
/// a `-p` run costs next to nothing, so what is measured is mcpterm. One thread, one connection
/// at a time; `stop()` closes the socket and joins nothing (the thread ends on the failed accept).
final class LoopbackModel: @unchecked Sendable {
    // @unchecked: `listener` is written once in init and read by the accept thread; `stop()` only
    // shuts it down, which the kernel makes safe to race with accept(2).
    let port: Int
    private let listener: Int32

    static let reply = "ok"

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw BenchError.spawnFailed(command: "loopback model", reason: String(cString: strerror(errno))) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && listen(fd, 16) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else {
            close(fd)
            throw BenchError.spawnFailed(command: "loopback model", reason: String(cString: strerror(errno)))
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [listener] in Self.serve(listener) }
        thread.name = "bench-loopback-model"
        thread.start()
    }

    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private static func serve(_ listener: Int32) {
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if errno == EINTR { continue }
                return
            }
            answer(connection)
            close(connection)
        }
    }

    /// Reads the request (head, then as many body bytes as Content-Length says) and writes the reply.
    private static func answer(_ connection: Int32) {
        var request = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        let headEnd: [UInt8] = Array("\r\n\r\n".utf8)
        while true {
            let n = read(connection, &chunk, chunk.count)
            if n <= 0 { return }
            request += chunk[0..<n]
            guard let end = request.firstRange(of: headEnd) else { continue }
            let head = String(decoding: request[..<end.lowerBound], as: UTF8.self).lowercased()
            let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
            if request.count - end.upperBound >= length { break }
        }
        func event(_ delta: String, _ finish: String) -> String {
            #"data: {"id":"bench","object":"chat.completion.chunk","created":0,"model":"bench","choices":[{"index":0,"delta":\#(delta),"finish_reason":\#(finish)}]}"#
                + "\n\n"
        }
        let body = event(#"{"content":"\#(reply)"}"#, "null") + event("{}", #""stop""#) + "data: [DONE]\n\n"
        let response = Array(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n" + body).utf8)
        var offset = 0
        while offset < response.count {
            let n = response[offset...].withUnsafeBytes { write(connection, $0.baseAddress, $0.count) }
            if n <= 0 { return }
            offset += n
        }
    }
}
