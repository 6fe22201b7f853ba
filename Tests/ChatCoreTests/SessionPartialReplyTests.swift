import ChatCore
import Foundation
import LLM
import XCTest

/// A reply is saved while it streams, in coalesced pieces, so a crash loses at most the last
/// `SessionRecordBuffer.partialInterval` of it; `--resume` joins the pieces into one assistant
/// message, and the finished reply's own record replaces them. Time is a value moved by hand.
final class SessionPartialReplyTests: XCTestCase {
    private let start = Date(timeIntervalSince1970: 1_768_469_412)
    private var now = Date(timeIntervalSince1970: 1_768_469_412)
    private var loop = AgentLoop()
    private var buffer = SessionRecordBuffer()
    private var entries: [SessionEntry] = []
    private var turn = 0

    /// The records the loop made go through the buffer at `now`, as the runtime does after each
    /// event; returns what is written and when the buffer wants to be asked again.
    @discardableResult
    private func look() -> (records: [SessionRecord], due: Date?) {
        let records = buffer.add(loop.takeRecords(), at: now)
        entries += records.map { SessionEntry(at: now, record: $0) }
        return (records, buffer.dueDate)
    }

    private func ask(_ text: String) {
        guard case .startStream(let t, _)? = loop.submit(text)?.first else { return XCTFail("no stream") }
        turn = t
        look()
    }

    /// A chunk of the reply arrives `seconds` after the last look.
    @discardableResult
    private func stream(_ text: String, after seconds: TimeInterval = 0) -> [SessionRecord] {
        now += seconds
        loop.receive(.text(text), turn: turn)
        return look().records
    }

    /// Time passes with no event until the buffer's due time: the runtime's wake-up.
    @discardableResult
    private func wakeUp() -> [SessionRecord] {
        guard let due = look().due else {
            XCTFail("nothing was due")
            return []
        }
        now = due
        return look().records
    }

    func testPiecesAreCoalescedByTimeAndBytes() {
        ask("tell me")
        XCTAssertEqual(stream("東京", after: 0), [], "the first text waits for its window")
        XCTAssertEqual(look().due, now + SessionRecordBuffer.partialInterval)
        // Binary fractions, so that the sum is exactly the window.
        XCTAssertEqual(stream(" is", after: 0.125), [])
        XCTAssertEqual(stream(" big", after: 0.125), [.assistantPartial(from: 0, text: "東京 is big")],
                       "250 ms after the first unwritten text, all of it is written")
        XCTAssertNil(look().due, "nothing waits")
        XCTAssertEqual(stream(".", after: 0.01), [])
        let burst = String(repeating: "x", count: SessionRecordBuffer.partialBytes)
        XCTAssertEqual(stream(burst, after: 0.01), [.assistantPartial(from: "東京 is big".utf8.count, text: "." + burst)],
                       "4 KiB waiting are written at once")
    }

    func testAQuietModelStillGetsItsTextWrittenAtTheDueTime() {
        ask("tell me")
        XCTAssertEqual(stream("half a sen", after: 0), [])
        let due = look().due
        XCTAssertEqual(due, now + 0.25)
        // No stream event comes; the runtime's wake-up at `due` is one more look.
        now = due ?? now
        XCTAssertEqual(look().records, [.assistantPartial(from: 0, text: "half a sen")])
    }

    func testTheFinishedReplySupersedesItsPiecesOnResume() throws {
        ask("tell me")
        stream("one ")
        XCTAssertEqual(wakeUp(), [.assistantPartial(from: 0, text: "one ")])
        stream("two ")
        XCTAssertEqual(wakeUp(), [.assistantPartial(from: 4, text: "two ")])
        stream("three", after: 0.01)  // never written as a piece: the end comes first
        now += 0.01
        _ = loop.streamEnded(turn: turn, error: nil, catalog: ToolCatalog([]))
        XCTAssertEqual(look().records, [.assistant(text: "one two three", toolCalls: [])])
        XCTAssertEqual(entries.map(\.typeName), ["user", "assistant_partial", "assistant_partial", "assistant"])

        let log = try roundTrip()
        XCTAssertEqual(log.messageCount, 2, "the pieces and their reply are one message")
        let resumed = SessionReplay.agent(from: log.entries, policy: ApprovalPolicy())
        XCTAssertEqual(resumed.messages, loop.messages)
        XCTAssertEqual(resumed.transcript, loop.transcript, "the reply shows once, where it streamed")
    }

    func testAReplyCutByACrashComesBackAsOneAssistantMessageMarkedCutOff() throws {
        ask("tell me")
        stream("第一")
        wakeUp()
        loop.note("a host remark while it streams")
        stream("、第二")
        wakeUp()
        XCTAssertEqual(entries.map(\.typeName), ["user", "assistant_partial", "notice", "assistant_partial"])
        // mcpterm is killed here: no assistant record. The next run appends `resumed`.
        entries.append(SessionEntry(at: now + 60, record: .resumed(SessionResume(mcptermVersion: "0.1.0", provider: nil, model: nil))))

        let log = try roundTrip()
        XCTAssertEqual(log.messageCount, 2)
        var resumed = SessionReplay.agent(from: log.entries, policy: ApprovalPolicy())
        XCTAssertEqual(resumed.messages.map(\.role), [.user, .assistant], "not two user messages in a row")
        XCTAssertEqual(resumed.messages.last?.content, "第一、第二")
        XCTAssertEqual(Array(resumed.transcript.prefix(4)), [
            .user("tell me"), .assistant("第一、第二"), .notice("a host remark while it streams"),
            .notice(SessionReplay.cutOffReplyText),
        ])
        guard case .startStream(_, let next)? = resumed.submit("go on")?.first else { return XCTFail("not idle") }
        XCTAssertEqual(next.map(\.role), [.user, .assistant, .user])
    }

    func testACrashAtTheEndOfTheFileAlsoFoldsThePieces() throws {
        ask("tell me")
        stream("only this")
        wakeUp()
        let resumed = SessionReplay.agent(from: try roundTrip().entries, policy: ApprovalPolicy())
        XCTAssertEqual(resumed.messages.map(\.role), [.user, .assistant])
        XCTAssertEqual(resumed.transcript.last, .notice(SessionReplay.cutOffReplyText))
    }

    func testPiecesWithAGapSayWhatIsMissing() {
        let entries = [
            SessionEntry(at: start, record: .user(text: "q", sent: "q")),
            SessionEntry(at: start, record: .assistantPartial(from: 0, text: "abc")),
            SessionEntry(at: start, record: .assistantPartial(from: 2, text: "cde")),  // overlaps by one
            SessionEntry(at: start, record: .assistantPartial(from: 10, text: "xyz")),  // 5 bytes lost
        ]
        let resumed = SessionReplay.agent(from: entries, policy: ApprovalPolicy())
        XCTAssertEqual(resumed.messages.last?.content, "abcde\n[… 5 bytes of this reply are missing here …]\nxyz")
    }

    func testJoinedPiecesAreBoundedLikeOneLongText() {
        var entries = [SessionEntry(at: start, record: .user(text: "q", sent: "q"))]
        let piece = String(repeating: "語", count: 1365)  // 4095 bytes
        for index in 0..<100 {
            entries.append(SessionEntry(at: start, record: .assistantPartial(from: index * 4095, text: piece)))
        }
        let resumed = SessionReplay.agent(from: entries, policy: ApprovalPolicy())
        let reply = resumed.messages.last?.content ?? ""
        XCTAssertTrue(reply.hasSuffix("[truncated: the rest of this reply is in the session file's assistant_partial records]"))
        XCTAssertLessThanOrEqual(reply.utf8.count, SessionLog.textLimit + 200)
        XCTAssertTrue(reply.hasPrefix(piece + piece))
    }

    func testTheNextReplyStartsItsPiecesAtZero() {
        ask("tell me")
        stream("first")
        wakeUp()
        _ = loop.cancel()
        XCTAssertEqual(look().records, [.assistant(text: "first", toolCalls: []), .notice("Cancelled.")])
        ask("again")
        stream("second")
        XCTAssertEqual(wakeUp(), [.assistantPartial(from: 0, text: "second")])
    }

    func testThePieceRecordLineFormat() throws {
        let entry = SessionEntry(at: start, record: .assistantPartial(from: 12, text: "東京\n"))
        let line = String(decoding: try entry.jsonLine(), as: UTF8.self)
        XCTAssertEqual(line, #"{"v":1,"type":"assistant_partial","at":"2026-01-15T09:30:12.000Z","from":12,"text":"東京\n"}"# + "\n")
        XCTAssertEqual(try SessionEntry.decode(line: Data(line.utf8)), entry)
        let negative = #"{"v":1,"type":"assistant_partial","at":"2026-01-15T09:30:12.000Z","from":-1,"text":"x"}"#
        XCTAssertThrowsError(try SessionEntry.decode(line: Data(negative.utf8)))
        let huge = #"{"v":1,"type":"assistant_partial","at":"2026-01-15T09:30:12.000Z","from":9223372036854775807,"text":"x"}"#
        XCTAssertThrowsError(try SessionEntry.decode(line: Data(huge.utf8)), "an offset that would overflow is refused")
    }

    /// The entries as a file's bytes, read back.
    private func roundTrip() throws -> SessionLog {
        let data = try entries.reduce(into: Data()) { $0 += try $1.jsonLine() }
        let log = SessionLog.parse(data, name: "s.jsonl")
        XCTAssertEqual(log.warnings, [])
        return log
    }
}
