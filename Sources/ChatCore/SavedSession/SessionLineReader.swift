import Foundation

/// Splits the bytes of a session file into lines while bounding what a line can hold in
/// memory, so that a huge record costs its size in reading time but not in memory.
///
/// A JSON string longer than `textLimit` bytes keeps its first `textLimit` bytes (cut at a
/// character boundary) and ends with a marker naming its size and line; the rest is skipped as
/// it is read, never held. A line whose kept bytes still pass `lineLimit` (thousands of strings,
/// not one long one) is dropped whole. Lines that hold no long string pass through unchanged.
///
/// Why bytes and not a JSON parser: the cut has to happen while reading, before a 50 MB line is
/// in memory; it only needs to know where strings begin and end (`"` not escaped), which a
/// byte scan tells exactly.
struct SessionLineReader {
    /// One line of the file, without its newline.
    struct Line {
        /// 1-based.
        var number: Int
        var bytes: [UInt8]
        /// Strings cut to `textLimit`, with their size in the file.
        var cutStrings: [Int] = []
        /// The line's size in the file when it passed `lineLimit` (its bytes are then dropped).
        var droppedSize: Int?
    }

    let textLimit: Int
    let lineLimit: Int

    private var line = Line(number: 1, bytes: [])
    private var lineSize = 0
    private var state = State.outside
    /// Where the current string's content starts in `line.bytes`.
    private var stringStart = 0
    /// Bytes of the current string's content in the file (escapes as written).
    private var stringSize = 0
    /// Where the current string can be cut without splitting a character or an escape.
    private var safeCut = 0
    /// Where a `\uD800`–`\uDBFF` escape starts whose low half has not come yet: a cut must not
    /// keep a lone high surrogate (the JSON decoder rejects it).
    private var pendingHighSurrogate: Int?
    /// The four hex digits of a `\u` escape being read.
    private var unicodeValue: UInt32 = 0

    private enum State {
        case outside
        case string
        case escape
        case unicode(digitsLeft: Int, start: Int)
        /// The string was cut; its bytes are counted, not kept. `escaped`: the last byte was `\`.
        case skipping(escaped: Bool)
    }

    init(textLimit: Int, lineLimit: Int) {
        self.textLimit = textLimit
        self.lineLimit = lineLimit
    }

    /// Reads `bytes`, handing each completed line to `emit`.
    mutating func feed(_ bytes: UnsafeRawBufferPointer, _ emit: (Line) -> Void) {
        var index = 0
        while index < bytes.count {
            if case .skipping(escaped: false) = state {
                // The rest of a cut string is only counted: run to the next byte that matters
                // (quote, backslash, newline) without a call per byte.
                var next = index
                while next < bytes.count {
                    let byte = bytes[next]
                    if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == 0x0A { break }
                    next += 1
                }
                stringSize += next - index
                lineSize += next - index
                index = next
                guard index < bytes.count else { return }
            }
            let byte = bytes[index]
            index += 1
            if byte == 0x0A {
                endLine(emit)
            } else {
                consume(byte)
            }
        }
    }

    /// The last line when the file does not end with a newline (a line cut short by a crash),
    /// or nil when there is none.
    mutating func finish() -> Line? {
        guard lineSize > 0 else { return nil }
        var last = line
        if last.droppedSize != nil { last.droppedSize = lineSize }
        line = Line(number: line.number + 1, bytes: [])
        return last
    }

    private mutating func endLine(_ emit: (Line) -> Void) {
        if line.droppedSize != nil { line.droppedSize = lineSize }
        emit(line)
        line = Line(number: line.number + 1, bytes: [])
        lineSize = 0
        state = .outside
        pendingHighSurrogate = nil
    }

    private mutating func consume(_ byte: UInt8) {
        lineSize += 1
        switch state {
        case .outside:
            if byte == UInt8(ascii: "\"") {
                state = .string
                keep(byte)
                stringStart = line.bytes.count
                stringSize = 0
                safeCut = stringStart
                pendingHighSurrogate = nil
            } else {
                keep(byte)
            }
        case .string:
            if byte == UInt8(ascii: "\"") {
                state = .outside
                keep(byte)
                return
            }
            // A unit (character or escape) starts at any byte that is not a UTF-8 continuation
            // byte; cutting before it keeps whole characters.
            if byte & 0xC0 != 0x80 { safeCut = pendingHighSurrogate ?? line.bytes.count }
            if byte != UInt8(ascii: "\\") { pendingHighSurrogate = nil }
            guard grow(byte) else { return }
            if byte == UInt8(ascii: "\\") { state = .escape }
        case .escape:
            guard grow(byte) else { return }
            if byte == UInt8(ascii: "u") {
                unicodeValue = 0
                state = .unicode(digitsLeft: 4, start: line.bytes.count - 2)
            } else {
                pendingHighSurrogate = nil
                state = .string
            }
        case .unicode(let digitsLeft, let start):
            guard grow(byte) else { return }
            unicodeValue = unicodeValue << 4 | UInt32(Self.hexValue(byte))
            if digitsLeft > 1 {
                state = .unicode(digitsLeft: digitsLeft - 1, start: start)
            } else {
                let isHigh = (0xD800...0xDBFF).contains(unicodeValue)
                pendingHighSurrogate = isHigh ? (pendingHighSurrogate ?? start) : nil
                state = .string
            }
        case .skipping(let escaped):
            if escaped {
                stringSize += 1
                state = .skipping(escaped: false)
            } else if byte == UInt8(ascii: "\\") {
                stringSize += 1
                state = .skipping(escaped: true)
            } else if byte != UInt8(ascii: "\"") {
                stringSize += 1
            } else {
                // The marker holds no quote, backslash or control character: it needs no escaping.
                let marker = "\\n… [truncated: \(ByteCountText.string(stringSize)), full text in the session file at line \(line.number)]"
                for b in marker.utf8 { keep(b) }
                keep(byte)
                line.cutStrings.append(stringSize)
                state = .outside
            }
        }
    }

    /// Adds a byte of string content; past `textLimit` the string is cut back to its last safe
    /// point and the rest skipped. False when the byte was not kept.
    private mutating func grow(_ byte: UInt8) -> Bool {
        stringSize += 1
        guard stringSize > textLimit else {
            keep(byte)
            return true
        }
        if line.droppedSize == nil, safeCut < line.bytes.count {
            line.bytes.removeSubrange(safeCut...)
        }
        pendingHighSurrogate = nil
        // This byte may itself be the backslash of an escape: skip it as such.
        state = .skipping(escaped: byte == UInt8(ascii: "\\") && !isInsideEscape)
        return false
    }

    /// True while reading an escape's tail (after `\`, or a `\u`'s digits): a backslash there is
    /// the escaped character, not the start of a new escape.
    private var isInsideEscape: Bool {
        switch state {
        case .escape, .unicode: return true
        default: return false
        }
    }

    private mutating func keep(_ byte: UInt8) {
        guard line.droppedSize == nil else { return }
        guard line.bytes.count < lineLimit else {
            line.droppedSize = lineSize
            line.bytes = []
            return
        }
        line.bytes.append(byte)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8 {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return 0  // not JSON: the decoder rejects the line anyway
        }
    }

}
