import Foundation

/// Server-Sent Events decoder per the WHATWG spec (html.spec.whatwg.org, "server-sent events",
/// event stream interpretation): chunk boundaries anywhere (inside a line, inside a UTF-8
/// character, between CR and LF), CRLF/CR/LF line ends, comments, multi-line data, a leading BOM.
///
/// With `maxEventBytes`, an event whose data outgrows the limit stops the decoder (`overflowed`)
/// before more than the limit is held, so a hostile stream cannot exhaust memory.
public struct SSEDecoder: Sendable {
    /// Room for the longest field name and its colon and space ("retry: ") on the line in progress.
    static let fieldSlack = 7
    /// The most bytes of data (line ends between data lines included) one event may carry.
    public let maxEventBytes: Int
    /// True once an event went past `maxEventBytes`; from then on all input is dropped.
    public private(set) var overflowed = false
    private var line: [UInt8] = []
    private var dataBytes = 0
    private var lastByteWasCR = false
    private var atStreamStart = true
    private var eventType = ""
    private var data = ""
    private var hasData = false
    private var pendingRetry: Int?
    /// The last event ID buffer; a client resuming a stream sends it as `Last-Event-ID`.
    public private(set) var lastEventID = ""

    /// `maxEventBytes` plus `fieldSlack`, without overflowing.
    private let heldLimit: Int

    public init(maxEventBytes: Int = .max) {
        self.maxEventBytes = max(0, maxEventBytes)
        heldLimit = self.maxEventBytes > Int.max - Self.fieldSlack ? Int.max : self.maxEventBytes + Self.fieldSlack
    }

    /// Decodes a chunk; returns the events it completed.
    public mutating func feed(_ chunk: Data) -> [SSEEvent] {
        var events: [SSEEvent] = []
        for byte in chunk {
            if overflowed { return events }
            switch byte {
            case UInt8(ascii: "\r"):
                endLine(into: &events)
                lastByteWasCR = true
            case UInt8(ascii: "\n"):
                // The LF of a CRLF pair: the CR already ended the line.
                if !lastByteWasCR { endLine(into: &events) }
                lastByteWasCR = false
            default:
                // Data stored plus the line in progress: checked per byte, so at most the limit
                // (and a field name) is ever held.
                if dataBytes + line.count >= heldLimit {
                    overflow()
                    return events
                }
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
        guard !overflowed else { return events }
        if !line.isEmpty { endLine(into: &events) }
        dispatch(into: &events)
        // The last event ID outlives the stream: a reconnecting client sends it (Last-Event-ID).
        let eventID = lastEventID
        self = SSEDecoder(maxEventBytes: maxEventBytes)
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
            if hasData {
                data += "\n"
                dataBytes += 1
            }
            data += value
            dataBytes += value.utf8.count
            hasData = true
            if dataBytes > maxEventBytes { overflow() }
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

    /// Drops everything buffered and ignores the rest of the stream.
    private mutating func overflow() {
        overflowed = true
        line = []
        data = ""
        dataBytes = 0
        hasData = false
    }

    private mutating func dispatch(into events: inout [SSEEvent]) {
        defer {
            data = ""
            dataBytes = 0
            hasData = false
            eventType = ""
        }
        guard hasData, !overflowed else { return }
        events.append(SSEEvent(event: eventType.isEmpty ? "message" : eventType, data: data,
                               id: lastEventID.isEmpty ? nil : lastEventID, retry: pendingRetry))
        pendingRetry = nil
    }
}
