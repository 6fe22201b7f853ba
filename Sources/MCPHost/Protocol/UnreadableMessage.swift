import Foundation

/// What can still be learnt from a line the JSON parser refused (a string that is not UTF-8,
/// nesting past `JSONValueParser.maxDepth`, a cut-off response), so its request does not wait
/// for its timeout: such a response used to be skipped as "not a JSON-RPC message" and its call
/// waited 60 s.
///
/// The scan reads only the top-level object's keys and its `"id"`. It does not decode strings
/// (so invalid UTF-8 elsewhere does not matter) and keeps no recursion (a stack of closing
/// brackets), so any depth is fine.
enum UnreadableMessage: Equatable {
    /// A response to our request `id`: that request fails at once with the parser's reason.
    case response(id: Int)
    /// A request or notification from the server (it has `"method"`): skipped.
    case serverMessage
    /// A JSON-RPC response or batch whose id cannot be recovered: the session can no longer tell
    /// which request it answers, so the connection is reset (as for an oversized message).
    case unroutable
    /// Not a JSON-RPC message at all (a log line a server printed on stdout): skipped.
    case notJSON

    static func examine(_ data: Data) -> UnreadableMessage {
        data.withUnsafeBytes { raw in
            var scan = Scan(bytes: UnsafeBufferPointer(
                start: raw.baseAddress?.assumingMemoryBound(to: UInt8.self), count: raw.count))
            return scan.run()
        }
    }

    /// One pass over the bytes.
    private struct Scan {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0
        /// The closing bracket of every open container, innermost last.
        var closers: [UInt8] = []
        /// Keys of the top-level object seen so far.
        var keys: Set<String> = []
        /// At depth 1: a key is expected next (after `{` or `,`).
        var keyExpected = false
        /// At depth 1: the key whose value comes next (after its `:`).
        var lastKey: String?
        var valueOf: String?
        var id: Int?
        var idIsUnreadable = false
        var topIsObject = false

        init(bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
        }

        mutating func run() -> UnreadableMessage {
            skipWhitespace()
            guard index < bytes.count else { return .notJSON }
            let first = bytes[index]
            topIsObject = first == UInt8(ascii: "{")
            let complete = walk()
            if first == UInt8(ascii: "[") {
                // A batch (2025-03-26): its ids cannot be told apart without parsing it.
                return complete ? .unroutable : .notJSON
            }
            guard first == UInt8(ascii: "{") else { return .notJSON }
            if keys.contains("method") { return .serverMessage }
            if let id, !idIsUnreadable { return .response(id: id) }
            let looksLikeResponse = keys.contains("id") || keys.contains("result") || keys.contains("error")
            return complete && looksLikeResponse ? .unroutable : .notJSON
        }

        /// Walks the first value; true when every container closed (the text is JSON-shaped).
        private mutating func walk() -> Bool {
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\""):
                    guard let content = string() else { return false }
                    if closers.count == 1 && topIsObject {
                        if keyExpected {
                            let key = String(decoding: content, as: UTF8.self)
                            keys.insert(key)
                            lastKey = key
                            keyExpected = false
                        } else if valueOf == "id" {
                            id = String(validating: content, as: UTF8.self).flatMap { Int($0) }
                            idIsUnreadable = id == nil
                            valueOf = nil
                        }
                    }
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    if closers.count == 1, valueOf == "id" { idIsUnreadable = true }
                    closers.append(byte == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]"))
                    if closers.count == 1 { keyExpected = byte == UInt8(ascii: "{") }
                    index += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    guard closers.last == byte else { return false }
                    closers.removeLast()
                    index += 1
                    if closers.isEmpty { return true }
                case UInt8(ascii: ":"):
                    if closers.count == 1 { valueOf = lastKey }
                    index += 1
                case UInt8(ascii: ","):
                    if closers.count == 1 {
                        keyExpected = topIsObject
                        valueOf = nil
                    }
                    index += 1
                case 0x20, 0x09, 0x0A, 0x0D:
                    index += 1
                default:
                    guard !closers.isEmpty else { return false }
                    let token = literal()
                    if closers.count == 1, valueOf == "id" {
                        id = Self.integer(token)
                        idIsUnreadable = id == nil && String(decoding: token, as: UTF8.self) != "null"
                        valueOf = nil
                    }
                }
            }
            return false
        }

        /// The raw bytes between the quotes (escapes left in), or nil when the string never ends.
        private mutating func string() -> UnsafeBufferPointer<UInt8>? {
            let start = index + 1
            var end = start
            while end < bytes.count {
                if bytes[end] == UInt8(ascii: "\\") {
                    end += 2
                    continue
                }
                if bytes[end] == UInt8(ascii: "\"") {
                    index = end + 1
                    return UnsafeBufferPointer(rebasing: bytes[start..<end])
                }
                end += 1
            }
            index = bytes.count
            return nil
        }

        /// A number or `true`/`false`/`null` (or junk: anything up to the next delimiter).
        private mutating func literal() -> UnsafeBufferPointer<UInt8> {
            let start = index
            let delimiters: [UInt8] = Array(",:{}[]\" \t\r\n".utf8)
            while index < bytes.count, !delimiters.contains(bytes[index]) { index += 1 }
            return UnsafeBufferPointer(rebasing: bytes[start..<index])
        }

        private mutating func skipWhitespace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        /// Our ids are integers; a whole number written as a double (`3.0`) counts too.
        private static func integer(_ token: UnsafeBufferPointer<UInt8>) -> Int? {
            let text = String(decoding: token, as: UTF8.self)
            if let number = Int(text) { return number }
            guard let number = Double(text), number == number.rounded(), abs(number) < 1e15 else { return nil }
            return Int(number)
        }
    }
}
