import TUI
import XCTest

/// The sanitiser appends in place (it used to copy its whole result once per line, which took
/// minutes for a 20 MB log): it must still produce exactly what the line-by-line version did.
final class TerminalSanitizingLinearTests: XCTestCase {
    func testSanitisesExactlyAsTheLineByLineVersionDid() {
        let pool = ["a", "b", " ", "\t", "\r", "\n", "\r\n", "日", "e\u{301}", "\u{301}", "\u{1B}", "\u{9B}", "\u{2028}",
                    "\u{7F}", "👍🏽", "\u{0}"]
        var seed: UInt64 = 7
        func next(_ bound: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(bound))
        }
        for _ in 0..<2_000 {
            let text = (0..<next(30)).map { _ in pool[next(pool.count)] }.joined()
            for keep in [false, true] {
                XCTAssertEqual(text.sanitizedForTerminal(keepNewlines: keep), Self.lineByLine(text, keepNewlines: keep),
                               "\(text.debugDescription), keepNewlines \(keep)")
            }
        }
    }

    func testManyLinesSanitiseWhole() {
        let log = (1...50_000).map { "\($0)\tINFO\u{1B}[0m ok" }.joined(separator: "\r\n")
        let safe = log.sanitizedForTerminal(keepNewlines: true)
        XCTAssertEqual(safe.split(separator: "\n").count, 50_000)
        XCTAssertTrue(safe.hasSuffix("50000   INFO␛[0m ok"))
    }

    /// The previous implementation, kept as the reference.
    private static func lineByLine(_ text: String, keepNewlines: Bool) -> String {
        var out = String.UnicodeScalarView()
        var line = String.UnicodeScalarView()
        var previousWasCR = false
        for s in text.unicodeScalars {
            let v = s.value
            defer { previousWasCR = (v == 0x0D) }
            switch v {
            case 0x0A, 0x2028, 0x2029:
                if keepNewlines {
                    if v == 0x0A && previousWasCR { line.removeLast() }
                    out.append(contentsOf: line)
                    out.append("\n")
                    line.removeAll()
                } else {
                    line.append("\u{240A}")
                }
            case 0x09:
                let spaces = String.terminalTabWidth - String(line).displayWidth % String.terminalTabWidth
                line.append(contentsOf: String(repeating: " ", count: spaces).unicodeScalars)
            case 0x00..<0x20:
                line.append(Unicode.Scalar(0x2400 + v)!)
            case 0x7F:
                line.append("\u{2421}")
            case 0x80...0x9F:
                line.append("\u{241B}")
                line.append(Unicode.Scalar(v - 0x40)!)
            default:
                line.append(s)
            }
        }
        out.append(contentsOf: line)
        return String(out)
    }
}
