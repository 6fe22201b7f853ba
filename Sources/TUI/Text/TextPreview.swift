#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The first lines of a text that may be huge, taken without reading the rest as graphemes:
/// lines end at "\n", and the lines and bytes left out are counted on the UTF-8 bytes
/// (`memchr`), so a 20 MB tool result costs a short scan and a preview, never a layout.
public struct TextPreview: Equatable, Sendable {
    /// One of the first lines, without its line break ("\r\n" or "\n").
    public struct Line: Equatable, Sendable {
        public var text: String
        /// UTF-8 bytes of the whole line in the original text, its line break included.
        public var bytes: Int
        /// False when `text` is only the start of the line (the byte budget ran out).
        public var isWhole: Bool
    }

    public var lines: [Line]
    /// Lines in the whole text; a final "\n" ends the last line rather than starting another.
    public var totalLines: Int
    /// UTF-8 bytes of the whole text.
    public var totalBytes: Int

    /// At most `maxLines` lines from the start, together at most `maxBytes` UTF-8 bytes of
    /// text (the line that crosses the budget is cut at a character boundary).
    public init(_ text: String, maxLines: Int, maxBytes: Int) {
        var text = text
        // Native strings are contiguous already; this copies only a bridged one.
        text.makeContiguousUTF8()
        let scanned = text.utf8.withContiguousStorageIfAvailable {
            Self.scan($0, maxLines: max(0, maxLines), maxBytes: max(0, maxBytes))
        } ?? Array(text.utf8).withUnsafeBufferPointer {
            Self.scan($0, maxLines: max(0, maxLines), maxBytes: max(0, maxBytes))
        }
        (lines, totalLines, totalBytes) = scanned
    }

    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>, maxLines: Int, maxBytes: Int)
        -> ([Line], Int, Int)
    {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return ([], 0, bytes.count) }
        var lines: [Line] = []
        var budget = maxBytes
        var start = 0
        var total = 0
        while start < bytes.count {
            total += 1
            let next = nextNewline(base, from: start, count: bytes.count)
            let end = next ?? bytes.count
            if lines.count < maxLines, budget > 0 {
                var contentEnd = end
                if next != nil, contentEnd > start, bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
                var cut = min(contentEnd, start + budget)
                // Never cut inside a scalar: back up over continuation bytes (10xxxxxx).
                while cut > start, cut < contentEnd, bytes[cut] & 0xC0 == 0x80 { cut -= 1 }
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<cut]), as: UTF8.self)
                lines.append(Line(text: text, bytes: (next.map { $0 + 1 } ?? end) - start, isWhole: cut == contentEnd))
                // A cut line spent the budget: what follows is only counted.
                budget = cut == contentEnd ? budget - (cut - start) : 0
            }
            start = next.map { $0 + 1 } ?? bytes.count
            if lines.count >= maxLines || budget <= 0, next != nil {
                // The rest is only counted.
                total += countNewlines(base, from: start, count: bytes.count)
                if bytes[bytes.count - 1] != 0x0A, start < bytes.count { total += 1 }
                break
            }
        }
        return (lines, total, bytes.count)
    }

    private static func nextNewline(_ base: UnsafePointer<UInt8>, from: Int, count: Int) -> Int? {
        guard from < count, let hit = memchr(base + from, 0x0A, count - from) else { return nil }
        return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
    }

    private static func countNewlines(_ base: UnsafePointer<UInt8>, from: Int, count: Int) -> Int {
        var n = 0
        var at = from
        while let hit = nextNewline(base, from: at, count: count) {
            n += 1
            at = hit + 1
        }
        return n
    }
}
