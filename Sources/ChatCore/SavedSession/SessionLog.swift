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

    /// User and assistant messages, for `--sessions`: a reply saved in pieces counts once,
    /// whether or not it finished.
    public var messageCount: Int {
        var count = 0
        var inPieces = false
        for entry in entries {
            switch entry.record {
            case .user:
                count += 1
                inPieces = false
            case .assistant:
                if !inPieces { count += 1 }  // the pieces counted it already
                inPieces = false
            case .assistantPartial:
                if !inPieces { count += 1 }
                inPieces = true
            case .header, .toolApproved, .toolResult, .resumed:
                inPieces = false
            case .notice, .error:
                break
            }
        }
        return count
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

    /// Puts a header rebuilt from the other records first, for a session whose header line
    /// was lost (torn by a crash, or overwritten) while the rest is intact. The version, provider
    /// and model come from the first `resumed` record when there is one; `id`, `cwd` and
    /// `systemPrompt` from the caller (the prompt the header held is gone). False, and nothing
    /// changes, when there is a header already or no record to rebuild it for.
    public mutating func rebuildHeader(id: String, cwd: String, systemPrompt: String?) -> Bool {
        guard header == nil, let first = entries.first else { return false }
        var resume: SessionResume?
        for entry in entries {
            if case .resumed(let found) = entry.record {
                resume = found
                break
            }
        }
        let rebuilt = SessionHeader(
            id: id, mcptermVersion: resume?.mcptermVersion ?? "unknown", provider: resume?.provider,
            model: resume?.model, baseURL: nil, cwd: cwd, servers: [], systemPrompt: systemPrompt)
        entries.insert(SessionEntry(at: first.at, record: .header(rebuilt)), at: 0)
        return true
    }

    /// Texts longer than this many UTF-8 bytes are cut when a session is read back (`--resume`,
    /// `--sessions`), with a marker naming their size and line: what is loaded stays bounded
    /// however large a record in the file is. The file itself keeps the whole text.
    public static let textLimit = 256 * 1024
    /// A line that is still longer after its texts are cut (thousands of them) is skipped.
    public static let lineLimit = 16 << 20

    /// Parses the bytes of a session file named `name`.
    public static func parse(_ data: Data, name: String) -> SessionLog {
        var reading = Reading(name: name)
        data.withUnsafeBytes { reading.feed($0) }
        return reading.finish()
    }

    /// Reads and parses the file at `path` a block at a time: memory follows what is kept
    /// (texts cut to `textLimit`), not the size of the file or of its longest line.
    public static func load(path: String) throws(SessionStoreError) -> SessionLog {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else {
            throw .cannotRead(path: path, reason: "no such file")
        }
        // Not a device or a pipe: /dev/zero would be read for ever.
        guard attributes[.type] as? FileAttributeType == .typeRegular,
            let handle = FileHandle(forReadingAtPath: path)
        else {
            throw .cannotRead(path: path, reason: "permission denied or not a regular file")
        }
        defer { try? handle.close() }
        var reading = Reading(name: path)
        while true {
            let block: Data?
            do {
                block = try handle.read(upToCount: 1 << 20)
            } catch {
                throw .cannotRead(path: path, reason: (error as NSError).localizedDescription)
            }
            guard let block, !block.isEmpty else { break }
            block.withUnsafeBytes { reading.feed($0) }
        }
        return reading.finish()
    }

    /// A file being read: lines come from the bounded reader and become entries or warnings.
    private struct Reading {
        var name: String
        var reader = SessionLineReader(textLimit: SessionLog.textLimit, lineLimit: SessionLog.lineLimit)
        var entries: [SessionEntry] = []
        var warnings: [SessionLogWarning] = []

        init(name: String) {
            self.name = name
        }

        mutating func feed(_ bytes: UnsafeRawBufferPointer) {
            var lines: [SessionLineReader.Line] = []
            reader.feed(bytes) { lines.append($0) }
            for line in lines { take(line, torn: false) }
        }

        mutating func finish() -> SessionLog {
            // A file written to its end finishes with "\n". Anything after the last one is a line
            // cut short by a crash (or a line a newer writer is still writing).
            if let last = reader.finish() { take(last, torn: true) }
            return SessionLog(name: name, entries: entries, warnings: warnings)
        }

        private mutating func take(_ line: SessionLineReader.Line, torn: Bool) {
            if let size = line.droppedSize {
                warnings.append(SessionLogWarning(
                    file: name, line: line.number,
                    message: "a record of \(ByteCountText.string(size)) with more text than mcpterm loads "
                        + "(\(ByteCountText.string(SessionLog.lineLimit)) after cutting each text to "
                        + "\(ByteCountText.string(SessionLog.textLimit))); skipped"))
                return
            }
            if line.bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return }
            do {
                guard let entry = try SessionEntry.decode(line: Data(line.bytes)) else { return }
                entries.append(entry)
                for size in line.cutStrings {
                    warnings.append(SessionLogWarning(
                        file: name, line: line.number,
                        message: "a text of \(ByteCountText.string(size)) is loaded cut to "
                            + "\(ByteCountText.string(SessionLog.textLimit)) (the file keeps it whole)"))
                }
            } catch {
                warnings.append(
                    SessionLogWarning(
                        file: name, line: line.number,
                        message: torn
                            ? "the last line is incomplete (mcpterm stopped while writing it); skipped"
                            : "not a session record (\(SessionLog.reason(error))); skipped"))
            }
        }
    }

    fileprivate static func reason(_ error: any Error) -> String {
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
