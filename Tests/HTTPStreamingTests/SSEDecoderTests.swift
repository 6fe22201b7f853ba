import Foundation
import HTTPStreaming
import XCTest

final class SSEDecoderTests: XCTestCase {
    /// BOM, comments, CRLF, lone CR, LF, multi-line data, a 3-byte (你) and a 4-byte (🌍) UTF-8
    /// character, a field without a colon, retry, id persistence and reset.
    private let sample = Data(
        ("\u{FEFF}: comment\r\nevent: greet\r\ndata: 你好\r\ndata:second line\r\nid: 7\r\n\r\n"
            + "data: lone CR\r\rretry: 1500\ndata\ndata: 🌍 end\n\nid\ndata: after id reset\n\n: trailing\n").utf8)

    private let expected = [
        SSEEvent(event: "greet", data: "你好\nsecond line", id: "7"),
        SSEEvent(event: "message", data: "lone CR", id: "7"),
        SSEEvent(event: "message", data: "\n🌍 end", id: "7", retry: 1500),
        SSEEvent(event: "message", data: "after id reset", id: nil),
    ]

    private func decode(_ chunks: [Data]) -> [SSEEvent] {
        var decoder = SSEDecoder()
        var events: [SSEEvent] = []
        for chunk in chunks { events += decoder.feed(chunk) }
        return events + decoder.finish()
    }

    func testWholeStreamDecodesToExpectedEvents() {
        XCTAssertEqual(decode([sample]), expected)
    }

    func testEverySplitPositionGivesIdenticalEvents() {
        // The sample has a split inside 你 (3 bytes) and between the CR and LF of each CRLF.
        let bytes = [UInt8](sample)
        XCTAssertNotNil(bytes.firstIndex(of: 0xE4), "sample must contain a 3-byte character")
        for split in 0...bytes.count {
            let events = decode([Data(bytes[..<split]), Data(bytes[split...])])
            XCTAssertEqual(events, expected, "split at byte \(split)")
        }
    }

    func testByteByByteFeedingGivesIdenticalEvents() {
        XCTAssertEqual(decode(sample.map { Data([$0]) }), expected)
    }

    func testCRLFSplitBetweenCRAndLFIsOneLineEnd() {
        var decoder = SSEDecoder()
        XCTAssertEqual(decoder.feed(Data("data: a\r".utf8)), [])
        XCTAssertEqual(decoder.feed(Data("\n\r".utf8)), [SSEEvent(data: "a")])
        // The LF after the second CR must not produce a second (empty) line end.
        XCTAssertEqual(decoder.feed(Data("\ndata: b\n\n".utf8)), [SSEEvent(data: "b")])
    }

    func testEventWithoutDataIsNotDispatchedButIDIsKept() {
        var decoder = SSEDecoder()
        XCTAssertEqual(decoder.feed(Data("event: x\nid: 42\n\n".utf8)), [])
        XCTAssertEqual(decoder.lastEventID, "42")
        XCTAssertEqual(decoder.feed(Data("data:\n\n".utf8)), [SSEEvent(data: "", id: "42")])
    }

    func testFinishDispatchesEventNotClosedByBlankLine() {
        var decoder = SSEDecoder()
        XCTAssertEqual(decoder.feed(Data("data: [DONE]".utf8)), [])
        XCTAssertEqual(decoder.finish(), [SSEEvent(data: "[DONE]")])
    }

    func testLastEventIDSurvivesFinishForReconnecting() {
        var decoder = SSEDecoder()
        _ = decoder.feed(Data("id: 9\ndata: x\n\n".utf8))
        _ = decoder.finish()
        XCTAssertEqual(decoder.lastEventID, "9")
    }

    func testBOMOnlyStrippedAtStreamStart() {
        var decoder = SSEDecoder()
        let events = decoder.feed(Data("data: a\n\n\u{FEFF}data: b\n\n".utf8))
        // A BOM later in the stream is part of the field name, so "\u{FEFF}data" is unknown.
        XCTAssertEqual(events, [SSEEvent(data: "a")])
    }
}

final class NDJSONDecoderTests: XCTestCase {
    func testLinesSplitAnywhereAreReassembled() {
        let text = "{\"a\":\"你\"}\r\n\n{\"b\":2}\n{\"c\":3}"
        let bytes = [UInt8](text.utf8)
        for split in 0...bytes.count {
            var decoder = NDJSONDecoder()
            var lines = decoder.feed(Data(bytes[..<split]))
            lines += decoder.feed(Data(bytes[split...]))
            lines += decoder.finish()
            XCTAssertEqual(lines.map { String(decoding: $0, as: UTF8.self) },
                           ["{\"a\":\"你\"}", "{\"b\":2}", "{\"c\":3}"], "split at byte \(split)")
        }
    }
}
