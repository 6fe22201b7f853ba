import XCTest
import TUI

/// Drives the real terminal when the tests run on one (e.g. under `script`); skipped otherwise.
final class NcursesBackendSmokeTests: XCTestCase {
    func testDrawsAFrameWithWideCharactersAndRestores() throws {
        try XCTSkipIf(isatty(0) == 0 || isatty(1) == 0, "needs a terminal on stdin and stdout")
        let backend = try NcursesBackend()
        defer { backend.restore() }
        let size = backend.size
        XCTAssertGreaterThan(size.width, 0)
        var frame = CellBuffer(width: size.width, height: size.height)
        let inner = Box.draw(into: &frame, rect: frame.bounds, title: "スモーク", style: Style(fg: .rgb(0, 135, 255)),
                             titleStyle: Style(fg: .indexed(208), bold: true))
        frame.put("日本語 👨\u{200D}👩\u{200D}👧 🇯🇵 e\u{301}", x: inner.x, y: inner.y, style: Style(fg: .ansi(2), bg: .ansi(0)))
        backend.draw(frame, cursor: (inner.x, inner.y + 1))
        frame.put("second frame", x: inner.x, y: inner.y + 1, style: Style(italic: true))
        backend.draw(frame, cursor: nil)
        backend.refreshSize()
        backend.draw(frame, cursor: nil)
        backend.restore()
        backend.restore()  // idempotent
    }
}
