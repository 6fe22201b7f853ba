import XCTest
import TUI

final class ColorDowngradeTests: XCTestCase {
    func testRGBDowngradesTo256ThenTo16ThenTo8() {
        let orange = Color.rgb(255, 135, 0)
        XCTAssertEqual(downgrade(orange, to: .truecolor), orange)
        XCTAssertEqual(downgrade(orange, to: .c256), .indexed(208))
        XCTAssertEqual(downgrade(.indexed(208), to: .c16), .ansi(3), "orange is nearest to xterm yellow (205,205,0)")
        XCTAssertEqual(downgrade(.rgb(255, 0, 0), to: .c256), .indexed(196))
        XCTAssertEqual(downgrade(.indexed(196), to: .c16), .ansi(9))
        XCTAssertEqual(downgrade(.ansi(9), to: .c8), .ansi(1))
        XCTAssertEqual(downgrade(.rgb(10, 10, 200), to: .c8), .ansi(4))
    }

    func testGreysUseTheGreyRamp() {
        XCTAssertEqual(downgrade(.rgb(128, 128, 128), to: .c256), .indexed(244))
        XCTAssertEqual(downgrade(.rgb(0, 0, 0), to: .c256), .indexed(16))
    }

    func testLowIndexedColoursAreANSI() {
        XCTAssertEqual(downgrade(.indexed(3), to: .c16), .ansi(3))
        XCTAssertEqual(downgrade(.ansi(12), to: .c256), .ansi(12))
    }

    func testMonochromeDropsColoursAndKeepsHighlightsAsReverse() {
        XCTAssertEqual(downgrade(.rgb(1, 2, 3), to: .mono), .default)
        let selection = Style(fg: .ansi(0), bg: .ansi(6), bold: true)
        XCTAssertEqual(selection.downgraded(to: .mono), Style(bold: true, reverse: true))
        XCTAssertEqual(Style(fg: .ansi(1)).downgraded(to: .mono), .plain)
        XCTAssertEqual(Style(reverse: true).downgraded(to: .mono), Style(reverse: true))
    }

    func testOverrideValuesParse() {
        XCTAssertEqual(ColorCapability(overrideValue: "truecolor"), .truecolor)
        XCTAssertEqual(ColorCapability(overrideValue: "256"), .c256)
        XCTAssertEqual(ColorCapability(overrideValue: "MONO"), .mono)
        XCTAssertNil(ColorCapability(overrideValue: "lots"))
    }
}
