import Foundation
import LLM

/// One line of a session file: a record with its time, as one self-describing JSON object
/// `{"v":1,"type":"user","at":"2026-01-15T09:30:12.345Z",…}` ended by a newline.
///
/// `v` is the line format's version. A reader skips lines whose `type` it does not know, so
/// a newer mcpterm can add record types without breaking an older one's `--resume`.
public struct SessionEntry: Equatable, Sendable {
    public var at: Date
    public var record: SessionRecord

    /// The version this build writes.
    public static let version = 1

    public init(at: Date, record: SessionRecord) {
        self.at = at
        self.record = record
    }

    /// The record type names, as they appear in `type`.
    public var typeName: String {
        switch record {
        case .header: return "session"
        case .user: return "user"
        case .assistant: return "assistant"
        case .assistantPartial: return "assistant_partial"
        case .toolApproved: return "tool_approved"
        case .toolResult: return "tool_result"
        case .notice: return "notice"
        case .error: return "error"
        case .resumed: return "resumed"
        }
    }

    // MARK: Encoding

    /// The entry as one line of JSON, newline included. Text is written as UTF-8, unescaped
    /// (CJK stays readable); JSON escapes every control character, so a line never breaks.
    /// The line starts `{"v":…,"type":…,"at":…` for people reading it; the record's own fields
    /// follow with sorted keys, so the same record is always the same bytes.
    public func jsonLine() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        let stamp = try encoder.encode(SessionTimestamp.string(at))
        var data = Data(#"{"v":\#(Self.version),"type":"\#(typeName)","at":"#.utf8) + stamp
        let body = try encoder.encode(SessionRecordBody(record: record))
        if body.count > 2 {
            data.append(UInt8(ascii: ","))
            data.append(body.dropFirst())
        } else {
            data.append(UInt8(ascii: "}"))
        }
        data.append(0x0A)
        return data
    }

    /// Decodes one line. Nil for a well-formed line of a type this build does not know.
    /// Throws `DecodingError` for text that is not a record.
    public static func decode(line: Data) throws -> SessionEntry? {
        do {
            return try JSONDecoder().decode(SessionEntry.self, from: line)
        } catch SessionEntryUnknownType.unknown {
            return nil
        }
    }
}

/// Thrown inside decoding to tell an unknown record type from a broken line.
private enum SessionEntryUnknownType: Error {
    case unknown
}

/// A record's fields alone, encoded after the fixed start of a line.
private struct SessionRecordBody: Encodable {
    var record: SessionRecord

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: SessionEntry.Key.self)
        try SessionEntry.encodeFields(of: record, into: &c)
    }
}

extension SessionEntry: Codable {
    fileprivate enum Key: String, CodingKey {
        case v, type, at
        case header = "session"
        case text, sent, toolCalls, callID, name, by, server, tool, arguments, state, isError
        case originalBytes, modelText, resume, from
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(Self.version, forKey: .v)
        try c.encode(typeName, forKey: .type)
        try c.encode(SessionTimestamp.string(at), forKey: .at)
        try Self.encodeFields(of: record, into: &c)
    }

    /// The record's own fields (everything but `v`, `type` and `at`).
    fileprivate static func encodeFields(of record: SessionRecord, into c: inout KeyedEncodingContainer<Key>) throws {
        switch record {
        case .header(let header):
            try c.encode(header, forKey: .header)
        case .user(let text, let sent):
            try c.encode(text, forKey: .text)
            // The model's text is usually the typed text; write it only when attachments changed it.
            if sent != text { try c.encode(sent, forKey: .sent) }
        case .assistant(let text, let calls):
            try c.encode(text, forKey: .text)
            if !calls.isEmpty { try c.encode(calls, forKey: .toolCalls) }
        case .assistantPartial(let from, let text):
            try c.encode(from, forKey: .from)
            try c.encode(text, forKey: .text)
        case .toolApproved(let callID, let name, let by):
            try c.encode(callID, forKey: .callID)
            try c.encode(name, forKey: .name)
            try c.encode(by, forKey: .by)
        case .toolResult(let result):
            try c.encode(result.callID, forKey: .callID)
            try c.encode(result.name, forKey: .name)
            try c.encodeIfPresent(result.server, forKey: .server)
            try c.encodeIfPresent(result.tool, forKey: .tool)
            try c.encode(result.arguments, forKey: .arguments)
            try c.encode(result.state, forKey: .state)
            try c.encode(result.isError, forKey: .isError)
            try c.encode(result.text, forKey: .text)
            try c.encodeIfPresent(result.originalBytes, forKey: .originalBytes)
            try c.encodeIfPresent(result.modelText, forKey: .modelText)
        case .notice(let text), .error(let text):
            try c.encode(text, forKey: .text)
        case .resumed(let resume):
            try c.encode(resume, forKey: .resume)
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        // `v` is read so that a line without it is not taken for a record; newer versions are
        // read as far as their fields match (unknown fields are ignored).
        _ = try c.decode(Int.self, forKey: .v)
        let type = try c.decode(String.self, forKey: .type)
        let stamp = try c.decode(String.self, forKey: .at)
        guard let at = SessionTimestamp.date(stamp) else {
            throw DecodingError.dataCorruptedError(
                forKey: .at, in: c, debugDescription: "\"at\" is not an ISO 8601 time: \(stamp)")
        }
        self.at = at
        switch type {
        case "session":
            record = .header(try c.decode(SessionHeader.self, forKey: .header))
        case "user":
            let text = try c.decode(String.self, forKey: .text)
            record = .user(text: text, sent: try c.decodeIfPresent(String.self, forKey: .sent) ?? text)
        case "assistant":
            record = .assistant(
                text: try c.decode(String.self, forKey: .text),
                toolCalls: try c.decodeIfPresent([ToolCall].self, forKey: .toolCalls) ?? [])
        case "assistant_partial":
            // A reply is far below 2^40 bytes; the bound keeps sums of offsets from overflowing.
            let from = try c.decode(Int.self, forKey: .from)
            guard (0...SessionRecord.partialOffsetLimit).contains(from) else {
                throw DecodingError.dataCorruptedError(forKey: .from, in: c, debugDescription: "\"from\" is out of range")
            }
            record = .assistantPartial(from: from, text: try c.decode(String.self, forKey: .text))
        case "tool_approved":
            record = .toolApproved(
                callID: try c.decode(String.self, forKey: .callID), name: try c.decode(String.self, forKey: .name),
                by: try c.decode(SessionApprover.self, forKey: .by))
        case "tool_result":
            record = .toolResult(
                SessionToolResult(
                    callID: try c.decode(String.self, forKey: .callID),
                    name: try c.decode(String.self, forKey: .name),
                    server: try c.decodeIfPresent(String.self, forKey: .server),
                    tool: try c.decodeIfPresent(String.self, forKey: .tool),
                    arguments: try c.decode(String.self, forKey: .arguments),
                    state: try c.decode(SessionToolResult.State.self, forKey: .state),
                    isError: try c.decode(Bool.self, forKey: .isError),
                    text: try c.decode(String.self, forKey: .text),
                    originalBytes: try c.decodeIfPresent(Int.self, forKey: .originalBytes),
                    modelText: try c.decodeIfPresent(String.self, forKey: .modelText)))
        case "notice":
            record = .notice(try c.decode(String.self, forKey: .text))
        case "error":
            record = .error(try c.decode(String.self, forKey: .text))
        case "resumed":
            record = .resumed(try c.decode(SessionResume.self, forKey: .resume))
        default:
            throw SessionEntryUnknownType.unknown
        }
    }
}

/// Times in session files: ISO 8601 in UTC with milliseconds, e.g. `2026-01-15T09:30:12.345Z`.
public enum SessionTimestamp {
    public static func string(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    public static func date(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        return try? Date.ISO8601FormatStyle().parse(text)
    }
}
