import Foundation
#if canImport(Glibc)
    import Glibc
#endif

/// Writes trace records as JSON Lines (`--trace FILE`): one object per message with `ts`,
/// `server`, `dir`, `kind`, `method`, `id`, `latencyMs`, `errorCode`, `bytes`, and the message
/// itself (`message`) unless bodies are off. Each line goes to the file as it comes (one `write`),
/// so a crash or `tail -f` sees every message so far. Used under `TraceRecorder`'s lock.
public final class TraceFileWriter: Sendable {
    private let handle: FileHandle
    private let includeBodies: Bool
    public let path: String

    /// Creates (or truncates) the file at `path`, 0600 since messages may carry what a user typed.
    public init(path: String, includeBodies: Bool = true) throws {
        let url = URL(fileURLWithPath: path)
        guard FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw TraceFileError(path: path, reason: "cannot be created")
        }
        do {
            handle = try FileHandle(forWritingTo: url)
        } catch {
            throw TraceFileError(path: path, reason: "cannot be opened for writing (\(error.localizedDescription))")
        }
        self.includeBodies = includeBodies
        self.path = path
    }

    deinit { try? handle.close() }

    func write(_ record: TraceRecord) {
        var line = Self.line(record, includeBodies: includeBodies)
        let descriptor = handle.fileDescriptor
        // One write(2) of the line's bytes: no Data copy on the way. A short write (a full
        // disk) loses the rest of the line rather than stopping the session: the trace is a
        // record, not the work.
        line.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }

    /// One JSON object and a newline. The message is spliced in as JSON (it was parsed or made
    /// by us); raw line breaks can only be whitespace in JSON text, so they become spaces.
    static func line(_ record: TraceRecord, includeBodies: Bool) -> String {
        var out = "{\"ts\":\""
        out.reserveCapacity(160 + (includeBodies ? record.message.utf8.count : 0))
        appendTimestamp(record.time, to: &out)
        out += "\",\"server\":"
        out += jsonString(record.server)
        out += ",\"dir\":\""
        out += record.direction.rawValue
        out += "\",\"kind\":\""
        out += record.kind.rawValue
        out += "\",\"method\":"
        out += record.method.map(jsonString) ?? "null"
        out += ",\"id\":"
        out += record.id ?? "null"
        out += ",\"latencyMs\":"
        if let latency = record.latencyMs { appendMilliseconds(latency, to: &out) } else { out += "null" }
        out += ",\"errorCode\":"
        out += record.errorCode.map { String($0) } ?? "null"
        out += ",\"bytes\":"
        out += String(record.bytes)
        if includeBodies {
            out += ",\"message\":"
            if record.message.utf8.contains(where: { $0 == 10 || $0 == 13 }) {
                out += String(decoding: record.message.utf8.map { $0 == 10 || $0 == 13 ? 32 : $0 }, as: UTF8.self)
            } else {
                out += record.message
            }
        }
        out += "}\n"
        return out
    }

    /// ISO 8601 in UTC with milliseconds (`2026-12-02T17:20:01.123Z`). By hand: Foundation's
    /// formatters cost more than the rest of a line.
    static func timestamp(_ date: Date) -> String {
        var out = ""
        appendTimestamp(date, to: &out)
        return out
    }

    private static func appendTimestamp(_ date: Date, to out: inout String) {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var seconds = time_t(millis / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        appendDigits(Int(parts.tm_year) + 1900, 4, &out)
        out += "-"
        appendDigits(Int(parts.tm_mon) + 1, 2, &out)
        out += "-"
        appendDigits(Int(parts.tm_mday), 2, &out)
        out += "T"
        appendDigits(Int(parts.tm_hour), 2, &out)
        out += ":"
        appendDigits(Int(parts.tm_min), 2, &out)
        out += ":"
        appendDigits(Int(parts.tm_sec), 2, &out)
        out += "."
        appendDigits(Int(millis % 1000), 3, &out)
        out += "Z"
    }

    /// Milliseconds with three decimals (microseconds), "12.346".
    private static func appendMilliseconds(_ ms: Double, to out: inout String) {
        let micros = Int64((max(0, ms) * 1000).rounded())
        out += String(micros / 1000)
        out += "."
        appendDigits(Int(micros % 1000), 3, &out)
    }

    private static func appendDigits(_ value: Int, _ width: Int, _ out: inout String) {
        let digits = String(value)
        if digits.count < width { out += String(repeating: "0", count: width - digits.count) }
        out += digits
    }

    /// A JSON string literal, control characters escaped.
    static func jsonString(_ text: String) -> String {
        JSONValueWriter.quoted(text)
    }
}

/// The trace file cannot be written: which file and why.
public struct TraceFileError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "trace file \(path): \(reason)" }
}
