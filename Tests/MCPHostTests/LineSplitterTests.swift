@testable import MCPHost
import XCTest

final class LineSplitterTests: XCTestCase {
    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    func testSplitsLinesAcrossChunksAndDropsCarriageReturns() {
        var splitter = LineSplitter(maxLineBytes: 100)
        XCTAssertEqual(splitter.feed(bytes("{\"a\"")), [])
        XCTAssertEqual(splitter.feed(bytes(":1}\r\n\n{\"b\":2}\n{\"c")),
                       [.line(bytes("{\"a\":1}")), .line(bytes("{\"b\":2}"))])
        XCTAssertEqual(splitter.finish(), bytes("{\"c"))
    }

    func testOverlongLineIsTruncatedOnceAndTheRestDropped() {
        var splitter = LineSplitter(maxLineBytes: 4)
        XCTAssertEqual(splitter.feed(bytes("abcdefgh")), [.truncated(bytes("abcd"))])
        XCTAssertEqual(splitter.feed(bytes("ijk\nok\n")), [.line(bytes("ok"))])
        XCTAssertNil(splitter.finish())
    }

    func testMultibyteTextIsKeptWhole() {
        var splitter = LineSplitter(maxLineBytes: 100)
        let text = "日本語 🎌"
        let utf8 = bytes(text + "\n")
        XCTAssertEqual(splitter.feed(utf8.prefix(4)), [])
        XCTAssertEqual(splitter.feed(utf8.dropFirst(4)), [.line(bytes(text))])
    }
}
