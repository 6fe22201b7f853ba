import XCTest
import Foundation
import Synchronization
import TUI

/// Keys delivered by the reader thread, fulfilling an expectation once enough arrived.
private final class KeyCollector: Sendable {
    private struct State {
        var keys: [Key] = []
        var waiting: (count: Int, expectation: XCTestExpectation)?
    }

    private let state = Mutex(State())

    func expect(_ count: Int, _ expectation: XCTestExpectation) {
        state.withLock { state in
            if state.keys.count >= count { expectation.fulfill() } else { state.waiting = (count, expectation) }
        }
    }

    func append(_ new: [Key]) {
        state.withLock { state in
            state.keys.append(contentsOf: new)
            if let w = state.waiting, state.keys.count >= w.count {
                state.waiting = nil
                w.expectation.fulfill()
            }
        }
    }

    var received: [Key] {
        state.withLock { $0.keys }
    }
}

final class KeyReaderTests: XCTestCase {
    func testReadsDecodesAndFlushesALoneEscapeWhenIdle() throws {
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&fds), 0)
        defer { close(fds[0]); close(fds[1]) }
        let collector = KeyCollector()
        let reader = KeyReader(fd: fds[0]) { collector.append($0) }
        reader.start()
        defer { reader.stop() }

        func send(_ bytes: [UInt8]) {
            _ = bytes.withUnsafeBytes { write(fds[1], $0.baseAddress, $0.count) }
        }
        let utf8 = Array("日".utf8)
        send(Array("\u{1B}[A".utf8) + [utf8[0]])
        send([utf8[1], utf8[2]])
        let first = expectation(description: "arrow and CJK")
        collector.expect(2, first)
        wait(for: [first], timeout: 5)
        XCTAssertEqual(collector.received, [.up, .char("日")])

        send([0x1B])
        let escape = expectation(description: "lone escape after idle")
        collector.expect(3, escape)
        wait(for: [escape], timeout: 5)
        XCTAssertEqual(collector.received, [.up, .char("日"), .escape])
    }

    func testStopEndsTheThreadAndNoMoreKeysArrive() throws {
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&fds), 0)
        defer { close(fds[0]); close(fds[1]) }
        let collector = KeyCollector()
        let reader = KeyReader(fd: fds[0]) { collector.append($0) }
        reader.start()
        reader.stop()  // returns only after the thread has ended
        _ = [UInt8(ascii: "x")].withUnsafeBytes { write(fds[1], $0.baseAddress, $0.count) }
        var byte: UInt8 = 0
        XCTAssertEqual(read(fds[0], &byte, 1), 1, "the byte is still unread: nobody is reading")
        XCTAssertEqual(collector.received, [])
    }
}

/// Text that arrives in one read without paste brackets is a paste, not typing.
final class UnbracketedPasteTests: XCTestCase {
    func testCharactersOfOneReadBecomeOnePaste() {
        XCTAssertEqual(UnbracketedPaste.coalesce([.char("y"), .char("e"), .char("s")]), [.paste("yes")])
        XCTAssertEqual(UnbracketedPaste.coalesce([.char("東"), .enter, .char("京")]), [.paste("東\n京")])
    }

    func testATrailingEnterStillSends() {
        XCTAssertEqual(UnbracketedPaste.coalesce([.char("h"), .char("i"), .enter]), [.paste("hi"), .enter])
    }

    func testSingleKeysAndKeySequencesPassUnchanged() {
        XCTAssertEqual(UnbracketedPaste.coalesce([.char("y")]), [.char("y")])
        XCTAssertEqual(UnbracketedPaste.coalesce([.char("a"), .enter]), [.char("a"), .enter])
        XCTAssertEqual(UnbracketedPaste.coalesce([.up, .down]), [.up, .down])
        XCTAssertEqual(UnbracketedPaste.coalesce([.char("a"), .escape, .char("b")]), [.char("a"), .escape, .char("b")])
    }
}
