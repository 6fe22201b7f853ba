import XCTest
import TUI

final class KeyDecoderTests: XCTestCase {
    private func decode(_ text: String) -> [Key] {
        var decoder = KeyDecoder()
        return decoder.feed(Array(text.utf8))
    }

    func testArrowsInNormalAndApplicationMode() {
        XCTAssertEqual(decode("\u{1B}[A\u{1B}[B\u{1B}[C\u{1B}[D"), [.up, .down, .right, .left])
        XCTAssertEqual(decode("\u{1B}OA\u{1B}OD\u{1B}OH\u{1B}OF"), [.up, .left, .home, .end])
    }

    func testModifiedArrowsAndEditingKeys() {
        XCTAssertEqual(decode("\u{1B}[1;5D\u{1B}[1;3C\u{1B}[1;2A"), [.alt("b"), .alt("f"), .up])
        XCTAssertEqual(decode("\u{1B}[3~\u{1B}[5~\u{1B}[6~\u{1B}[2~\u{1B}[1~\u{1B}[4~\u{1B}[Z"),
                       [.delete, .pageUp, .pageDown, .insert, .home, .end, .backTab])
        XCTAssertEqual(decode("\u{1B}OP\u{1B}[15~\u{1B}[24~"), [.function(1), .function(5), .function(12)])
    }

    func testControlKeys() {
        XCTAssertEqual(decode("\u{01}\u{03}\u{0B}\u{17}"), [.ctrl("a"), .ctrl("c"), .ctrl("k"), .ctrl("w")])
        XCTAssertEqual(decode("\r\t\u{7F}\n"), [.enter, .tab, .backspace, .ctrl("j")])
    }

    func testUTF8SplitAcrossTwoFeeds() {
        var decoder = KeyDecoder()
        let bytes = Array("日".utf8)
        XCTAssertEqual(decoder.feed([bytes[0], bytes[1]]), [])
        XCTAssertEqual(decoder.feed([bytes[2]] + Array("a".utf8)), [.char("日"), .char("a")])
    }

    func testBracketedPasteWithNewlinesIsOnePaste() {
        var decoder = KeyDecoder()
        let keys = decoder.feed(Array("x\u{1B}[200~line one\r\nline two\nthree\u{1B}[201~y".utf8))
        XCTAssertEqual(keys, [.char("x"), .paste("line one\nline two\nthree"), .char("y")])
    }

    func testBracketedPasteSplitAcrossFeedsIncludingTheEndMarker() {
        var decoder = KeyDecoder()
        XCTAssertEqual(decoder.feed(Array("\u{1B}[200~日本".utf8)), [])
        XCTAssertEqual(decoder.feed(Array("\u{1B}[20".utf8)), [])
        XCTAssertEqual(decoder.flush(), [], "a paste is never cut by idle flushing")
        XCTAssertEqual(decoder.feed(Array("1~\r".utf8)), [.paste("日本"), .enter])
    }

    func testPastedEscapeSequencesStayInsideThePaste() {
        var decoder = KeyDecoder()
        let keys = decoder.feed(Array("\u{1B}[200~a\u{1B}[Ab\u{1B}[201~".utf8))
        XCTAssertEqual(keys, [.paste("a\u{1B}[Ab")])
    }

    func testLoneEscapeOnlyOnFlush() {
        var decoder = KeyDecoder()
        XCTAssertEqual(decoder.feed([0x1B]), [])
        XCTAssertEqual(decoder.flush(), [.escape])
        XCTAssertEqual(decoder.flush(), [])
    }

    func testEscapeFollowedByASequenceStartIsResolvedOnFlush() {
        var decoder = KeyDecoder()
        XCTAssertEqual(decoder.feed(Array("\u{1B}[".utf8)), [])
        XCTAssertEqual(decoder.flush(), [.alt("[")])
    }

    func testAltKeys() {
        XCTAssertEqual(decode("\u{1B}x"), [.alt("x")])
        XCTAssertEqual(decode("\u{1B}日"), [.alt("日")])
        XCTAssertEqual(decode("\u{1B}\r"), [.altEnter])
        XCTAssertEqual(decode("\u{1B}\u{7F}"), [.alt("\u{7F}")])
        XCTAssertEqual(decode("\u{1B}\u{1B}[A"), [.escape, .up])
    }

    func testCSIuAndModifyOtherKeys() {
        XCTAssertEqual(decode("\u{1B}[13;2u\u{1B}[97;5u\u{1B}[27;3;120~"), [.altEnter, .ctrl("a"), .alt("x")])
    }

    func testUnknownSequencesAreReportedVisibly() {
        XCTAssertEqual(decode("\u{1B}[?1;2c"), [.unknown("^[[?1;2c")], "a device attributes reply is no key")
        XCTAssertEqual(decode("\u{1B}[<0;10M"), [.unknown("^[[<0;10M")], "a mouse report without its row")
    }

    func testInvalidUTF8BecomesReplacementCharacter() {
        XCTAssertEqual(decode("\u{FF}"), [.char("ÿ")], "a valid two-byte character")
        var decoder = KeyDecoder()
        XCTAssertEqual(decoder.feed([0xE6, 0x41]), [.char("\u{FFFD}"), .char("A")])
    }
}
