import XCTest
@testable import TUI

final class DisplayWidthTests: XCTestCase {
    func testASCIIIsOneColumnPerCharacter() {
        XCTAssertEqual("hello, world".displayWidth, 12)
        XCTAssertEqual(DisplayWidth.of(Character("a")), 1)
    }

    func testCJKIsTwoColumnsPerCharacter() {
        XCTAssertEqual("日本語".displayWidth, 6)
        XCTAssertEqual("한국어".displayWidth, 6)
        XCTAssertEqual("ＡＢ".displayWidth, 4, "fullwidth Latin is wide")
        XCTAssertEqual("ｶﾀｶﾅ".displayWidth, 4, "halfwidth katakana is narrow")
        XCTAssertEqual("a日b".displayWidth, 4)
    }

    func testCombiningMarkAddsNoWidth() {
        let decomposed = "e\u{0301}"
        XCTAssertEqual(decomposed.count, 1)
        XCTAssertEqual(decomposed.displayWidth, 1)
        XCTAssertEqual("a\u{0301}\u{0302}\u{0303}".displayWidth, 1)
    }

    func testZWJFamilyEmojiIsOneWideGrapheme() {
        let family = "👨\u{200D}👩\u{200D}👧"
        XCTAssertEqual(family.count, 1)
        XCTAssertEqual(family.displayWidth, 2)
    }

    func testFlagsAreTwoColumns() {
        XCTAssertEqual("🇯🇵".displayWidth, 2)
        XCTAssertEqual("🇯🇵🇫🇷".displayWidth, 4)
    }

    func testEmojiPresentationSelectorMakesTextSymbolWide() {
        XCTAssertEqual("\u{2764}".displayWidth, 1, "heavy heart defaults to text presentation")
        XCTAssertEqual("\u{2764}\u{FE0F}".displayWidth, 2)
        XCTAssertEqual("1\u{FE0F}\u{20E3}".displayWidth, 2, "keycap")
        XCTAssertEqual("👍🏽".displayWidth, 2, "skin tone modifier")
        XCTAssertEqual("😀".displayWidth, 2)
    }

    func testControlsAndZeroWidthCharactersTakeNoColumns() {
        XCTAssertEqual(DisplayWidth.of(Character("\u{1B}")), 0)
        XCTAssertEqual(DisplayWidth.of(Character("\u{7F}")), 0)
        XCTAssertEqual(DisplayWidth.of(Character("\u{200B}")), 0)
    }

    func testHangulJamoSequenceIsOneWideGrapheme() {
        let syllable = "\u{1100}\u{1161}\u{11A8}"  // 각 as conjoining jamo
        XCTAssertEqual(syllable.count, 1)
        XCTAssertEqual(syllable.displayWidth, 2)
    }

    func testWideTableIsSortedAndDisjoint() {
        let ranges = WideCharacterTable.ranges
        for (a, b) in zip(ranges, ranges.dropFirst()) {
            XCTAssertLessThanOrEqual(a.0, a.1)
            XCTAssertLessThan(a.1, b.0)
        }
    }
}
