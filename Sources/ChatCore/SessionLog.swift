import Foundation

/// A session file read back: its entries in order, and a warning for each line that could
/// not be used. Reading never fails on content: a line torn by a crash, or garbage, is
/// skipped with a warning naming file:line; lines of unknown types are skipped silently.
public struct SessionLog: Equatable, Sendable {
    /// The file as named in warnings.
    public var name: String
    public var entries: [SessionEntry]
    public var warnings: [SessionLogWarning]

    /// The first line's header, when the file has one.
    public var header: SessionHeader? {
        for entry in entries { if case .header(let header) = entry.record { return header } }
        return nil
    }

    /// When the session started (the header's time).
    public var started: Date? {
        entries.first { if case .header = $0.record { return true } else { return false } }?.at
    }

    /// User and assistant messages, for `--sessions`.
    public var messageCount: Int {
        entries.reduce(0) { count, entry in
            switch entry.record {
            case .user, .assistant: return count + 1
            default: return count
            }
        }
    }

    /// The first line the user typed, for `--sessions`.
    public var firstUserLine: String? {
        for entry in entries {
            if case .user(let text, _) = entry.record {
                return text.split(whereSeparator: \.isNewline).first.map(String.init) ?? text
            }
        }
        return nil
    }

    /// Parses the bytes of a session file named `name`.
    public static func parse(_ data: Data, name: String) -> SessionLog {
        var entries: [SessionEntry] = []
        var warnings: [SessionLogWarning] = []
        let lines = data.split(separator: 0x0A, omittingEmptySubsequences: false)
        // A file written to its end finishes with "\n": the last piece is empty. Anything else
        // there is a line cut short by a crash (or a line a newer writer is still writing).
        let endsWithNewline = data.last == 0x0A
        for (offset, line) in lines.enumerated() {
            let number = offset + 1
            let isLast = offset == lines.count - 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            do {
                if let entry = try SessionEntry.decode(line: Data(line)) { entries.append(entry) }
            } catch {
                let torn = isLast && !endsWithNewline
                warnings.append(
                    SessionLogWarning(
                        file: name, line: number,
                        message: torn
                            ? "the last line is incomplete (mcpterm stopped while writing it); skipped"
                            : "not a session record (\(Self.reason(error))); skipped"))
            }
        }
        return SessionLog(name: name, entries: entries, warnings: warnings)
    }

    /// Reads and parses the file at `path`.
    public static func load(path: String) throws(SessionStoreError) -> SessionLog {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .cannotRead(path: path, reason: FileManager.default.fileExists(atPath: path)
                ? "permission denied or not a regular file" : "no such file")
        }
        return parse(data, name: path)
    }

    private static func reason(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _):
            return "no \"\(key.stringValue)\""
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
            DecodingError.dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? "not JSON" : "bad \"\(path)\""
        default:
            return String(describing: error)
        }
    }
}

/// A line of a session file that was skipped, and why.
public struct SessionLogWarning: Equatable, Sendable, CustomStringConvertible {
    public var file: String
    /// 1-based line number.
    public var line: Int
    public var message: String

    public var description: String { "\(file):\(line): \(message)" }
}
