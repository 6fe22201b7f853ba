@testable import ChatCore
import Foundation
import LLM
import XCTest

/// Reading a session back is bounded by what is kept, not by the size of a record: long texts
/// are cut (at a character boundary, with a marker naming size and line) while the file is
/// read, and a header line lost to a crash is rebuilt from the other records.
final class SessionLoadLimitsTests: XCTestCase {
    private let at = Date(timeIntervalSince1970: 1_768_469_412)

    private func header() -> SessionEntry {
        SessionEntry(at: at, record: .header(SessionHeader(
            id: "20260115-093012-000001", mcptermVersion: "0.1.0", provider: "openai", model: "m", baseURL: nil,
            cwd: "/tmp", servers: [], systemPrompt: "sys")))
    }

    func testAFiveMegabyteTextIsLoadedCutWithAMarkerAndTheRestIsIntact() throws {
        let huge = String(repeating: "東京タワー", count: 5 * 1024 * 1024 / 15)  // 5 MiB of 3-byte characters
        var data = try header().jsonLine()
        data += try SessionEntry(at: at, record: .user(text: huge, sent: huge)).jsonLine()
        data += try SessionEntry(at: at, record: .assistant(text: "short 答え", toolCalls: [])).jsonLine()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("huge-\(UUID().uuidString).jsonl").path
        try data.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }

        let log = try SessionLog.load(path: path)
        XCTAssertEqual(log.entries.map(\.typeName), ["session", "user", "assistant"])
        guard case .user(let text, let sent) = log.entries[1].record else { return XCTFail("no user record") }
        let marker = "\n… [truncated: 5.0 MB, full text in the session file at line 2]"
        XCTAssertTrue(text.hasSuffix(marker), String(text.suffix(100)))
        XCTAssertTrue(huge.hasPrefix(text.dropLast(marker.count)), "the kept part is the start of the text, whole characters")
        XCTAssertLessThanOrEqual(text.utf8.count, SessionLog.textLimit + marker.utf8.count)
        XCTAssertGreaterThan(text.utf8.count, SessionLog.textLimit - 3)
        XCTAssertEqual(sent, text, "what the model gets again is cut the same way")
        XCTAssertEqual(log.entries[2].record, .assistant(text: "short 答え", toolCalls: []))
        XCTAssertEqual(log.warnings.map(\.description), [
            "\(path):2: a text of 5.0 MB is loaded cut to 256 KB (the file keeps it whole)",
        ], "one text: `sent` equals `text`, so the file holds it once")
        XCTAssertEqual(log.messageCount, 2)
    }

    func testCutsNeverSplitACharacterOrAnEscape() throws {
        // Seeded mutations: strings of mixed ASCII, CJK, emoji (surrogate pairs when escaped),
        // escapes; every limit from 4 to the string's length (keys are strings too: 4 keeps
        // "text" whole).
        var random = SeededRandom(seed: 7)
        let pieces = ["a", "東", "😀", "\\n", "\\\"", "\\\\", "\\u00e9", "\\ud83d\\ude00", "\\u6771", "é"]
        for _ in 0..<200 {
            let raw = (0..<random.next(upTo: 12)).map { _ in pieces[random.next(upTo: pieces.count)] }.joined()
            let line = #"{"text":""# + raw + #"","n":1}"#
            let whole = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])["text"] as? String
            for limit in 4...max(4, raw.utf8.count) {
                var reader = SessionLineReader(textLimit: limit, lineLimit: 1 << 20)
                var lines: [SessionLineReader.Line] = []
                Data((line + "\n").utf8).withUnsafeBytes { reader.feed($0) { lines.append($0) } }
                XCTAssertEqual(lines.count, 1)
                let out = try XCTUnwrap(lines.first)
                let object = try JSONSerialization.jsonObject(with: Data(out.bytes)) as? [String: Any]
                let text = try XCTUnwrap(object?["text"] as? String, "limit \(limit): \(String(decoding: out.bytes, as: UTF8.self))")
                XCTAssertEqual(object?["n"] as? Int, 1)
                if raw.utf8.count <= limit {
                    XCTAssertEqual(text, whole)
                    XCTAssertEqual(out.cutStrings, [])
                } else {
                    let kept = try XCTUnwrap(text.components(separatedBy: "\n… [truncated: ").first)
                    XCTAssertTrue(whole?.hasPrefix(kept) == true, "limit \(limit): \(kept) is not a start of \(whole ?? "")")
                    XCTAssertEqual(out.cutStrings, [raw.utf8.count])
                }
            }
        }
    }

    func testALineWithTooMuchTextEvenAfterCuttingIsSkippedWithItsSize() {
        var reader = SessionLineReader(textLimit: 8, lineLimit: 64)
        var lines: [SessionLineReader.Line] = []
        let many = "[" + Array(repeating: #""0123456789""#, count: 20).joined(separator: ",") + "]\n{}\n"
        Data(many.utf8).withUnsafeBytes { reader.feed($0) { lines.append($0) } }
        XCTAssertEqual(lines.map(\.number), [1, 2])
        XCTAssertEqual(lines[0].droppedSize, many.utf8.count - 4)
        XCTAssertEqual(lines[0].bytes, [])
        XCTAssertEqual(lines[1].bytes, Array("{}".utf8))
    }

    func testOnlyRegularFilesAreRead() {
        XCTAssertThrowsError(try SessionLog.load(path: "/dev/zero")) { error in
            XCTAssertEqual("\(error)", "sessions: cannot read /dev/zero: permission denied or not a regular file")
        }
        XCTAssertThrowsError(try SessionLog.load(path: "/nonexistent/s.jsonl")) { error in
            XCTAssertEqual("\(error)", "sessions: cannot read /nonexistent/s.jsonl: no such file")
        }
    }

    func testSizesReadAsPeopleWriteThem() {
        XCTAssertEqual(ByteCountText.string(1), "1 byte")
        XCTAssertEqual(ByteCountText.string(812), "812 bytes")
        XCTAssertEqual(ByteCountText.string(300 * 1024), "300 KB")
        XCTAssertEqual(ByteCountText.string(50 * 1024 * 1024), "50.0 MB")
        XCTAssertEqual(ByteCountText.string(Int.max), "\(Int.max >> 20).0 MB", "no overflow")
    }

    func testATornHeaderIsRebuiltFromTheOtherRecords() throws {
        let first = try header().jsonLine()
        var data = first.prefix(first.count / 2) + Data([0x0A])  // torn, then the rest was written
        data += try SessionEntry(at: at, record: .user(text: "hi", sent: "hi")).jsonLine()
        data += try SessionEntry(at: at, record: .assistant(text: "hello", toolCalls: [])).jsonLine()
        data += try SessionEntry(at: at + 60, record: .resumed(SessionResume(mcptermVersion: "0.2.0", provider: "ollama", model: "qwen3"))).jsonLine()
        var log = SessionLog.parse(data, name: "s.jsonl")
        XCTAssertNil(log.header)
        XCTAssertEqual(log.warnings.map(\.line), [1])

        XCTAssertTrue(log.rebuildHeader(id: "20260115-093012-000001", cwd: "/work", systemPrompt: nil))
        XCTAssertEqual(log.header, SessionHeader(
            id: "20260115-093012-000001", mcptermVersion: "0.2.0", provider: "ollama", model: "qwen3", baseURL: nil,
            cwd: "/work", servers: [], systemPrompt: nil))
        XCTAssertEqual(log.started, at)
        XCTAssertFalse(log.rebuildHeader(id: "x", cwd: "/", systemPrompt: nil), "once is enough")
        let agent = SessionReplay.agent(from: log.entries, policy: ApprovalPolicy())
        XCTAssertEqual(agent.messages, [.user("hi"), .assistant("hello")])

        var empty = SessionLog.parse(Data("garbage\n".utf8), name: "g.jsonl")
        XCTAssertFalse(empty.rebuildHeader(id: "g", cwd: "/", systemPrompt: nil), "no records: not a session")
    }
}

/// A small deterministic generator (SplitMix64), so the mutations are the same on every run.
struct SeededRandom {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next(upTo bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Int(z % UInt64(max(1, bound)))
    }
}
