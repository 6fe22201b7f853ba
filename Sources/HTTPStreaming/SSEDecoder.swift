import Foundation

/// Server-Sent Events decoder per the WHATWG spec (html.spec.whatwg.org, "server-sent events",
/// event stream interpretation): chunk boundaries anywhere (inside a line, inside a UTF-8
/// character, between CR and LF), CRLF/CR/LF line ends, comments, multi-line data, a leading BOM.
public struct SSEDecoder: Sendable {
    private var line: [UInt8] = []
    private var lastByteWasCR = false
    private var atStreamStart = true
    private var eventType = ""
    private var data = ""
    private var hasData = false
    private var pendingRetry: Int?
    /// The last event ID buffer; a client resuming a stream sends it as `Last-Event-ID`.
    public private(set) var lastEventID = ""

    public init() {}

    /// Decodes a chunk; returns the events it completed.
    public mutating func feed(_ chunk: Data) -> [SSEEvent] {
        var events: [SSEEvent] = []
        for byte in chunk {
            switch byte {
            case UInt8(ascii: "\r"):
                endLine(into: &events)
                lastByteWasCR = true
            case UInt8(ascii: "\n"):
                // The LF of a CRLF pair: the CR already ended the line.
                if !lastByteWasCR { endLine(into: &events) }
                lastByteWasCR = false
            default:
                line.append(byte)
                lastByteWasCR = false
            }
        }
        return events
    }

    /// Ends the stream. Unlike the WHATWG parser, which discards an event not closed by a blank
    /// line, this dispatches it: some OpenAI-compatible servers end without the closing blank line.
    public mutating func finish() -> [SSEEvent] {
        var events: [SSEEvent] = []
        if !line.isEmpty { endLine(into: &events) }
        dispatch(into: &events)
        // The last event ID outlives the stream: a reconnecting client sends it (Last-Event-ID).
        let eventID = lastEventID
        self = SSEDecoder()
        lastEventID = eventID
        return events
    }

    private mutating func endLine(into events: inout [SSEEvent]) {
        var bytes = line[...]
        line.removeAll(keepingCapacity: true)
        if atStreamStart {
            atStreamStart = false
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        }
        // Splitting at ASCII CR/LF never cuts a UTF-8 sequence, so each line decodes whole.
        process(String(decoding: bytes, as: UTF8.self), into: &events)
    }

    private mutating func process(_ text: String, into events: inout [SSEEvent]) {
        if text.isEmpty {
            dispatch(into: &events)
            return
        }
        if text.hasPrefix(":") { return }  // comment
        let field: Substring
        var value: Substring
        if let colon = text.firstIndex(of: ":") {
            field = text[..<colon]
            value = text[text.index(after: colon)...]
            if value.hasPrefix(" ") { value = value.dropFirst() }
        } else {
            field = text[...]
            value = ""
        }
        switch field {
        case "event":
            eventType = String(value)
        case "data":
            if hasData { data += "\n" }
            data += value
            hasData = true
        case "id":
            if !value.contains("\0") { lastEventID = String(value) }
        case "retry":
            if !value.isEmpty, value.allSatisfy({ $0.isASCII && $0.isNumber }), let retry = Int(value) {
                pendingRetry = retry
            }
        default:
            break  // unknown fields are ignored
        }
    }

    private mutating func dispatch(into events: inout [SSEEvent]) {
        defer {
            data = ""
            hasData = false
            eventType = ""
        }
        guard hasData else { return }
        events.append(SSEEvent(event: eventType.isEmpty ? "message" : eventType, data: data,
                               id: lastEventID.isEmpty ? nil : lastEventID, retry: pendingRetry))
        pendingRetry = nil
    }
}
