import Foundation
import HTTPStreaming
import XCTest

/// `SSEDecoder(maxEventBytes:)`: events up to the limit pass whole; a bigger one stops the decoder
/// as soon as it is over, so no more than the limit is ever held.
final class SSEDecoderLimitTests: XCTestCase {
    func testAnEventOfExactlyTheLimitIsDelivered() {
        var decoder = SSEDecoder(maxEventBytes: 10)
        let events = decoder.feed(Data("data: 0123456789\n\n".utf8))
        XCTAssertEqual(events.map(\.data), ["0123456789"])
        XCTAssertFalse(decoder.overflowed)
    }

    func testMultiLineDataCountsItsJoiningLineEnds() {
        var decoder = SSEDecoder(maxEventBytes: 9)
        // "abcd\nefgh" is 9 bytes: fits; one more byte of data does not.
        XCTAssertEqual(decoder.feed(Data("data: abcd\ndata: efgh\n\n".utf8)).map(\.data), ["abcd\nefgh"])
        XCTAssertTrue(decoder.feed(Data("data: abcd\ndata: efghi\n\n".utf8)).isEmpty)
        XCTAssertTrue(decoder.overflowed)
    }

    func testOneByteOverTheLimitOverflowsAndDropsTheRestOfTheStream() {
        var decoder = SSEDecoder(maxEventBytes: 10)
        let events = decoder.feed(Data("data: small\n\ndata: 0123456789A\n\ndata: after\n\n".utf8))
        XCTAssertEqual(events.map(\.data), ["small"], "events before the big one are kept")
        XCTAssertTrue(decoder.overflowed)
        XCTAssertTrue(decoder.feed(Data("data: later\n\n".utf8)).isEmpty)
        XCTAssertTrue(decoder.finish().isEmpty)
    }

    func testAnEndlessLineOverflowsWithinTheLimitNotAtItsEnd() {
        // 10 MiB of one data line without a line end, in 16 KiB chunks, against a 1 MiB limit:
        // the decoder must give up within the chunk that crosses the limit.
        let limit = 1 << 20
        var decoder = SSEDecoder(maxEventBytes: limit)
        let chunk = Data(repeating: UInt8(ascii: "x"), count: 16 << 10)
        var fed = decoder.feed(Data("data: ".utf8)).count
        var bytesFed = 6
        while !decoder.overflowed, bytesFed < 10 << 20 {
            fed += decoder.feed(chunk).count
            bytesFed += chunk.count
        }
        XCTAssertTrue(decoder.overflowed)
        XCTAssertEqual(fed, 0)
        XCTAssertLessThanOrEqual(bytesFed, limit + 6 + chunk.count + SSEDecoderLimitTests.slack,
                                 "stopped in the chunk that crossed the limit")
    }

    func testCommentsAndShortEventsNeverAddUp() {
        var decoder = SSEDecoder(maxEventBytes: 16)
        var delivered = 0
        for _ in 0..<1000 {
            delivered += decoder.feed(Data(": keep-alive\ndata: tick\n\n".utf8)).count
        }
        XCTAssertEqual(delivered, 1000)
        XCTAssertFalse(decoder.overflowed)
    }

    func testWithoutALimitNothingOverflows() {
        var decoder = SSEDecoder()
        let big = String(repeating: "y", count: 3 << 20)
        XCTAssertEqual(decoder.feed(Data("data: \(big)\n\n".utf8)).first?.data.utf8.count, 3 << 20)
        XCTAssertFalse(decoder.overflowed)
    }

    private static let slack = 7
}
