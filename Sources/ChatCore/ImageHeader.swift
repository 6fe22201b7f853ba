import Foundation

/// An image's size in pixels, read from its header: PNG (IHDR), GIF (logical screen), JPEG (the
/// first start-of-frame marker) and WebP (VP8, VP8L or VP8X). Only a prefix of the base64 is
/// decoded, so a large image costs what its header does. Pure.
public struct ImageHeader: Equatable, Sendable {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// Base64 characters decoded at most: 256 KiB of bytes, past the EXIF and ICC segments a
    /// camera JPEG puts before its frame header.
    static let base64Prefix = 349_528

    /// The size of the image in `base64`, or nil when its header is not one of the four formats
    /// or is cut short.
    public static func read(base64: String) -> ImageHeader? {
        read(bytes: decodedPrefix(base64))
    }

    /// The size of the image whose first bytes are `bytes`.
    public static func read(bytes: [UInt8]) -> ImageHeader? {
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return png(bytes) }
        if bytes.starts(with: Array("GIF87a".utf8)) || bytes.starts(with: Array("GIF89a".utf8)) { return gif(bytes) }
        if bytes.starts(with: [0xFF, 0xD8]) { return jpeg(bytes) }
        if bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) {
            return webp(bytes)
        }
        return nil
    }

    /// `640×480`.
    public var text: String { "\(width)×\(height)" }

    private static func decodedPrefix(_ base64: String) -> [UInt8] {
        var characters: [UInt8] = []
        characters.reserveCapacity(min(base64.utf8.count, base64Prefix))
        for byte in base64.utf8 {
            if characters.count == base64Prefix { break }
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "/"):
                characters.append(byte)
            case UInt8(ascii: "="):
                break  // padding: the whole-quantum cut below makes it unnecessary
            default:
                continue  // line breaks some servers put in long base64
            }
        }
        characters.removeLast(characters.count % 4)
        return Data(base64Encoded: Data(characters)).map(Array.init) ?? []
    }

    // PNG §11.2.2: the signature, then the IHDR chunk: length, "IHDR", width, height (big-endian).
    private static func png(_ b: [UInt8]) -> ImageHeader? {
        guard b.count >= 24, Array(b[12..<16]) == Array("IHDR".utf8) else { return nil }
        return sized(Int(bigEndian32(b, 16)), Int(bigEndian32(b, 20)))
    }

    // GIF89a §18: the logical screen's width and height, little-endian, after the 6-byte signature.
    private static func gif(_ b: [UInt8]) -> ImageHeader? {
        guard b.count >= 10 else { return nil }
        return sized(Int(b[6]) | Int(b[7]) << 8, Int(b[8]) | Int(b[9]) << 8)
    }

    // JPEG (ITU T.81 B.1.1): segments after SOI, each 0xFF, a marker, and (except the standalone
    // ones) a 2-byte length; the frame header SOFn holds precision, height, width.
    private static func jpeg(_ b: [UInt8]) -> ImageHeader? {
        var i = 2
        while i + 3 < b.count {
            guard b[i] == 0xFF else { return nil }
            let marker = b[i + 1]
            if marker == 0xFF { i += 1; continue }  // fill byte
            if marker == 0x01 || (0xD0...0xD7).contains(marker) { i += 2; continue }  // no length
            if marker == 0xD9 || marker == 0xDA { return nil }  // end of image, or scan data before any frame
            let length = Int(b[i + 2]) << 8 | Int(b[i + 3])
            guard length >= 2 else { return nil }
            let isFrame = (0xC0...0xCF).contains(marker) && ![0xC4, 0xC8, 0xCC].contains(marker)
            if isFrame {
                guard i + 8 < b.count else { return nil }
                return sized(Int(b[i + 7]) << 8 | Int(b[i + 8]), Int(b[i + 5]) << 8 | Int(b[i + 6]))
            }
            i += 2 + length
        }
        return nil
    }

    // WebP container (RFC 9649): the first chunk after "WEBP" is VP8 (lossy: 14-bit sizes after
    // the start code), VP8L (lossless: 14-bit sizes minus one, packed after 0x2F) or VP8X
    // (extended: 24-bit canvas sizes minus one).
    private static func webp(_ b: [UInt8]) -> ImageHeader? {
        guard b.count >= 30 else { return nil }
        switch Array(b[12..<16]) {
        case Array("VP8 ".utf8):
            guard b[23] == 0x9D, b[24] == 0x01, b[25] == 0x2A else { return nil }
            return sized((Int(b[26]) | Int(b[27]) << 8) & 0x3FFF, (Int(b[28]) | Int(b[29]) << 8) & 0x3FFF)
        case Array("VP8L".utf8):
            guard b[20] == 0x2F else { return nil }
            let bits = UInt32(b[21]) | UInt32(b[22]) << 8 | UInt32(b[23]) << 16 | UInt32(b[24]) << 24
            return sized(Int(bits & 0x3FFF) + 1, Int((bits >> 14) & 0x3FFF) + 1)
        case Array("VP8X".utf8):
            let width = Int(b[24]) | Int(b[25]) << 8 | Int(b[26]) << 16
            let height = Int(b[27]) | Int(b[28]) << 8 | Int(b[29]) << 16
            return sized(width + 1, height + 1)
        default:
            return nil
        }
    }

    private static func bigEndian32(_ b: [UInt8], _ at: Int) -> UInt32 {
        UInt32(b[at]) << 24 | UInt32(b[at + 1]) << 16 | UInt32(b[at + 2]) << 8 | UInt32(b[at + 3])
    }

    /// A size, or nil when a side is zero (a header that says nothing).
    private static func sized(_ width: Int, _ height: Int) -> ImageHeader? {
        width > 0 && height > 0 ? ImageHeader(width: width, height: height) : nil
    }
}
