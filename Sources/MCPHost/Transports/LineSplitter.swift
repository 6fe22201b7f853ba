/// Cuts a byte stream into newline-delimited lines (MCP stdio framing), with a bound on line length
/// so a server that never sends a newline cannot make the host buffer without limit.
struct LineSplitter {
    /// What one chunk of input produced.
    enum Piece: Equatable {
        /// A complete line without its "\n" (and without a trailing "\r").
        case line([UInt8])
        /// The first `maxLineBytes` bytes of a longer line; the rest, up to the next newline, is dropped.
        case truncated([UInt8])
    }

    let maxLineBytes: Int
    private var buffer: [UInt8] = []
    /// Bytes already searched for a newline, so a long line is not rescanned on every chunk.
    private var scanned = 0
    /// True while dropping the remainder of an over-long line.
    private var discarding = false

    init(maxLineBytes: Int) {
        self.maxLineBytes = maxLineBytes
    }

    mutating func feed<Bytes: Collection>(_ bytes: Bytes) -> [Piece] where Bytes.Element == UInt8 {
        var pieces: [Piece] = []
        buffer.append(contentsOf: bytes)
        var start = 0
        var index = scanned
        while index < buffer.count {
            if buffer[index] == 0x0A {
                if discarding {
                    discarding = false
                } else {
                    var end = index
                    if end > start, buffer[end - 1] == 0x0D { end -= 1 }
                    if end > start { pieces.append(.line(Array(buffer[start..<end]))) }
                }
                start = index + 1
            } else if !discarding, index - start >= maxLineBytes {
                pieces.append(.truncated(Array(buffer[start..<(start + maxLineBytes)])))
                discarding = true
            }
            index += 1
        }
        if discarding {
            buffer.removeAll(keepingCapacity: true)
            scanned = 0
        } else {
            buffer.removeFirst(start)
            scanned = buffer.count
        }
        return pieces
    }

    /// The unterminated last line at end of input, if any.
    mutating func finish() -> [UInt8]? {
        defer {
            buffer = []
            scanned = 0
            discarding = false
        }
        if discarding || buffer.isEmpty { return nil }
        if buffer.last == 0x0D { buffer.removeLast() }
        return buffer.isEmpty ? nil : buffer
    }
}
