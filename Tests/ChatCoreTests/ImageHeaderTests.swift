import ChatCore
import Foundation
import XCTest

/// Image sizes come from the headers of the four formats models take, and from nothing else.
final class ImageHeaderTests: XCTestCase {
    /// A 3×2 PNG as the results fixture server makes it (zlib, one colour).
    static let png3x2 = "iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAIAAAASFvFNAAAAEElEQVR4nGM4IScHQQxwFgBBAAYZPEVBlgAAAABJRU5ErkJggg=="

    /// The first 33 bytes of a PNG: signature and IHDR (enough for its size).
    static func pngHeader(width: UInt32, height: UInt32) -> String {
        var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8)
        for value in [width, height] { bytes += [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) } }
        bytes += [8, 2, 0, 0, 0, 0, 0, 0, 0]
        return Data(bytes).base64EncodedString()
    }

    private func webp(_ chunk: String, _ payload: [UInt8]) -> [UInt8] {
        var bytes = Array("RIFF".utf8) + [0x40, 0, 0, 0] + Array("WEBP".utf8) + Array(chunk.utf8) + [0x20, 0, 0, 0]
        bytes += payload
        return bytes + [UInt8](repeating: 0, count: max(0, 32 - bytes.count))
    }

    func testPNGFromARealFileAndFromItsHeaderAlone() {
        XCTAssertEqual(ImageHeader.read(base64: Self.png3x2), ImageHeader(width: 3, height: 2))
        XCTAssertEqual(ImageHeader.read(base64: Self.pngHeader(width: 1920, height: 1080))?.text, "1920×1080")
    }

    func testGIFReadsTheLogicalScreenLittleEndian() {
        let gif = Array("GIF89a".utf8) + [0x0A, 0x00, 0x14, 0x01, 0, 0, 0]
        XCTAssertEqual(ImageHeader.read(bytes: gif), ImageHeader(width: 10, height: 276))
    }

    func testJPEGSkipsSegmentsAndTheHuffmanTableToTheFrameHeader() {
        let app0: [UInt8] = [0xFF, 0xE0, 0x00, 0x10] + Array("JFIF".utf8) + [0, 1, 1, 0, 0, 1, 0, 1, 0, 0]
        let dht: [UInt8] = [0xFF, 0xC4, 0x00, 0x04, 0x12, 0x34]  // C4 is a table, not a frame
        let sof2: [UInt8] = [0xFF, 0xFF, 0xC2, 0x00, 0x11, 0x08, 0x01, 0xE0, 0x02, 0x80, 3] + [UInt8](repeating: 1, count: 9)
        let jpeg: [UInt8] = [0xFF, 0xD8] + app0 + dht + sof2 + [0xFF, 0xDA]
        XCTAssertEqual(ImageHeader.read(bytes: jpeg), ImageHeader(width: 640, height: 480))
        XCTAssertNil(ImageHeader.read(bytes: [0xFF, 0xD8] + app0 + [0xFF, 0xDA, 0, 2]), "scan data before any frame")
        XCTAssertNil(ImageHeader.read(bytes: [0xFF, 0xD8] + app0 + [0xFF, 0xC0, 0x00]), "cut inside the frame header")
    }

    func testWebPInItsThreeForms() {
        XCTAssertEqual(ImageHeader.read(bytes: webp("VP8 ", [0x10, 0x02, 0x00, 0x9D, 0x01, 0x2A, 0x40, 0x01, 0xF0, 0x00])),
                       ImageHeader(width: 320, height: 240))
        // 14 bits each of width-1 (99) and height-1 (49), after the 0x2F signature.
        XCTAssertEqual(ImageHeader.read(bytes: webp("VP8L", [0x2F, 0x63, 0x40, 0x0C, 0x00])),
                       ImageHeader(width: 100, height: 50))
        XCTAssertEqual(ImageHeader.read(bytes: webp("VP8X", [0, 0, 0, 0, 0xFF, 0x03, 0x00, 0xFF, 0x02, 0x00])),
                       ImageHeader(width: 1024, height: 768))
    }

    func testBase64WithLineBreaksAndWhatIsNoImage() {
        var wrapped = Self.png3x2
        wrapped.insert(contentsOf: "\r\n", at: wrapped.index(wrapped.startIndex, offsetBy: 20))
        XCTAssertEqual(ImageHeader.read(base64: wrapped), ImageHeader(width: 3, height: 2))
        XCTAssertNil(ImageHeader.read(base64: Data("plain text, not a picture".utf8).base64EncodedString()))
        XCTAssertNil(ImageHeader.read(base64: String(Self.png3x2.prefix(20))), "a header cut short")
        XCTAssertNil(ImageHeader.read(base64: "%%% not base64 %%%"))
        XCTAssertNil(ImageHeader.read(base64: Self.pngHeader(width: 0, height: 5)), "a side of zero says nothing")
    }
}
