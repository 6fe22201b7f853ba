import ChatCore
import Foundation
import LLM
import XCTest

final class SessionRecordTests: XCTestCase {
    private let at = Date(timeIntervalSince1970: 1_768_469_412.25)

    static let everyKind: [SessionRecord] = [
        .header(
            SessionHeader(
                id: "20260115-093012-3fa9c1", mcptermVersion: "0.1.0", provider: "openai", model: "qwen2.5",
                baseURL: "http://127.0.0.1:8080/v1", cwd: "/home/ann/プロジェクト",
                servers: [SessionServer(name: "demo", kind: "stdio"), SessionServer(name: "remote", kind: "http")],
                systemPrompt: "Be brief.")),
        .user(text: "東京タワーの高さは？ 🗼", sent: "東京タワーの高さは？ 🗼"),
        .user(text: "summarise", sent: "summarise\n<attached-resource uri=\"demo://readme\">…</attached-resource>"),
        .assistant(text: "", toolCalls: [ToolCall(id: "call_1", name: "demo__echo", arguments: #"{"text":"猫"}"#)]),
        .assistant(text: "333 m です。\nline two\u{1B}[31m", toolCalls: []),
        .toolApproved(callID: "call_1", name: "demo__echo", by: .user),
        .toolApproved(callID: "call_2", name: "demo__clock", by: .policy),
        .toolResult(
            SessionToolResult(
                callID: "call_1", name: "demo__echo", server: "demo", tool: "echo", arguments: #"{"text":"猫"}"#,
                state: .done, isError: false, text: "猫")),
        .toolResult(
            SessionToolResult(
                callID: "call_3", name: "nope__x", server: nil, tool: nil, arguments: "{", state: .failed,
                isError: true, text: "no tool named \"nope__x\"", modelText: "Error: no tool named \"nope__x\"")),
        .toolResult(
            SessionToolResult(
                callID: "call_4", name: "demo__rm", server: "demo", tool: "rm", arguments: "{}", state: .denied,
                isError: true, text: "The user denied this tool call.",
                modelText: "Error: the user denied the call to demo__rm.")),
        .toolResult(
            SessionToolResult(
                callID: "call_5", name: "demo__sleep", server: "demo", tool: "sleep", arguments: "{}",
                state: .cancelled, isError: false, text: "Cancelled by the user.", originalBytes: 300_000)),
        .notice("Cancelled."),
        .error("openai: HTTP 500"),
        .resumed(SessionResume(mcptermVersion: "0.1.0", provider: "openai", model: "gpt-4o-mini")),
    ]

    func testEveryRecordKindRoundTripsThroughOneLine() throws {
        for record in Self.everyKind {
            let entry = SessionEntry(at: at, record: record)
            let line = try entry.jsonLine()
            XCTAssertEqual(line.last, 0x0A, "a line ends with a newline")
            XCTAssertEqual(line.filter { $0 == 0x0A }.count, 1, "one record is one line: \(record)")
            XCTAssertEqual(try SessionEntry.decode(line: line.dropLast()), entry)
        }
    }

    func testLinesAreSelfDescribingAndVersioned() throws {
        let line = try SessionEntry(at: at, record: .notice("hi")).jsonLine()
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: line) as? [String: Any])
        XCTAssertEqual(object["v"] as? Int, 1)
        XCTAssertEqual(object["type"] as? String, "notice")
        XCTAssertEqual(object["at"] as? String, "2026-01-15T09:30:12.250Z")
        XCTAssertEqual(object["text"] as? String, "hi")
    }

    func testCJKAndEmojiRoundTripByteForByteAndStayReadable() throws {
        // Precomposed and decomposed forms compare equal as Strings: check the exact bytes.
        let text = "日本語 한국어 中文 👩‍👩‍👧 e\u{301} \u{E9} 🇯🇵"
        let line = try SessionEntry(at: at, record: .user(text: text, sent: text)).jsonLine()
        XCTAssertTrue(String(decoding: line, as: UTF8.self).contains("日本語 한국어 中文"), "CJK is written unescaped")
        guard case .user(let back, _)? = try SessionEntry.decode(line: line)?.record else {
            return XCTFail("not a user record")
        }
        XCTAssertEqual(Array(back.utf8), Array(text.utf8))
    }

    func testUnknownRecordTypeIsSkippedNotAnError() throws {
        let line = Data(#"{"v":2,"type":"reaction","at":"2026-01-15T09:30:12Z","emoji":"👍"}"#.utf8)
        XCTAssertNil(try SessionEntry.decode(line: line))
    }

    func testNewerVersionOfAKnownTypeReadsTheFieldsItKnows() throws {
        let line = Data(#"{"v":3,"type":"notice","at":"2026-01-15T09:30:12Z","text":"hi","colour":"red"}"#.utf8)
        XCTAssertEqual(try SessionEntry.decode(line: line)?.record, .notice("hi"))
    }

    func testHeaderDropsCredentialsFromTheBaseURL() {
        let header = SessionHeader(
            id: "x", mcptermVersion: "0.1.0", provider: "openai", model: "m",
            baseURL: "https://ann:s3cret@llm.example.com/v1?api-key=sk-123#frag", cwd: "/", servers: [],
            systemPrompt: nil)
        XCTAssertEqual(header.baseURL, "https://llm.example.com/v1")
    }

    func testLongResultTextIsCutAtACharacterBoundaryWithItsSize() {
        let text = String(repeating: "猫", count: 10)  // 30 bytes
        let (cut, size) = SessionToolResult.bounded(text, limit: 10)
        XCTAssertEqual(size, 30)
        XCTAssertTrue(cut.hasPrefix("猫猫猫\n"), cut)
        XCTAssertTrue(cut.contains("30 bytes"))
        XCTAssertEqual(SessionToolResult.bounded("short", limit: 10).originalBytes, nil)
    }
}
