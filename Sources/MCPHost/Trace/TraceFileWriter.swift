import Foundation

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
        // A full disk must not stop the session: the trace is a record, not the work.
        try? handle.write(contentsOf: Data(Self.line(record, includeBodies: includeBodies).utf8))
    }

    /// One JSON object and a newline. The message is spliced in as JSON (it was parsed or made
    /// by us); raw line breaks can only be whitespace in JSON text, so they become spaces.
    static func line(_ record: TraceRecord, includeBodies: Bool) -> String {
        var out = "{\"ts\":\"\(timestamp(record.time))\",\"server\":\(jsonString(record.server))"
        out += ",\"dir\":\"\(record.direction.rawValue)\",\"kind\":\"\(record.kind.rawValue)\""
        out += ",\"method\":\(record.method.map(jsonString) ?? "null"),\"id\":\(record.id ?? "null")"
        out += ",\"latencyMs\":\(record.latencyMs.map { String(format: "%.3f", $0) } ?? "null")"
        out += ",\"errorCode\":\(record.errorCode.map(String.init) ?? "null"),\"bytes\":\(record.bytes)"
        if includeBodies {
            let body = record.message.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
                ? record.message.replacingOccurrences(of: "\r\n", with: " ")
                    .replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
                : record.message
            out += ",\"message\":\(body)"
        }
        return out + "}\n"
    }

    /// ISO 8601 in UTC with milliseconds (`2026-12-02T17:20:01.123Z`).
    static func timestamp(_ date: Date) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let seconds = time_t(millis / 1000)
        var parts = tm()
        var copy = seconds
        gmtime_r(&copy, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                      Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), Int(millis % 1000))
    }

    /// A JSON string literal, control characters escaped.
    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// The trace file cannot be written: which file and why.
public struct TraceFileError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "trace file \(path): \(reason)" }
}
