import Foundation
import MCPHost

/// The folder of saved sessions, one `ID.jsonl` file each: where it is, new files, the list
/// for `--sessions`, and which file a `--resume` reference means.
public struct SessionStore: Equatable, Sendable {
    public var directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// `$XDG_STATE_HOME/mcpterm/sessions`, else `~/.local/state/mcpterm/sessions`
    /// (XDG Base Directory: state that should persist between restarts but is not config).
    public static func defaultDirectory(environment: [String: String]) throws(SessionStoreError) -> String {
        guard let state = StateDirectory.path(environment: environment) else { throw .noStateDirectory }
        return state + "/sessions"
    }

    /// A new session id: the start time in UTC and six hex digits of `random`, e.g.
    /// `20260115-093012-3fa9c1`. Sorting ids sorts sessions by start time.
    public static func newID(at date: Date, random: UInt32) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ n: Int?) -> String { String(format: "%02d", n ?? 0) }
        let day = String(format: "%04d", c.year ?? 0) + two(c.month) + two(c.day)
        let time = two(c.hour) + two(c.minute) + two(c.second)
        return "\(day)-\(time)-\(String(format: "%06x", random & 0xFF_FFFF))"
    }

    public func path(for id: String) -> String {
        directory + "/" + id + ".jsonl"
    }

    /// Creates the folder (0700: sessions are private) and a new file for `id`.
    public func create(id: String) throws(SessionStoreError) -> SessionFile {
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .cannotCreateDirectory(path: directory, reason: (error as NSError).localizedDescription)
        }
        return try SessionFile.create(path: path(for: id))
    }

    /// The session files, most recently written first.
    public func files() -> [(id: String, path: String, modified: Date)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".jsonl") }.map { name in
            let path = directory + "/" + name
            let modified = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? nil
            return (String(name.dropLast(".jsonl".count)), path, modified ?? .distantPast)
        }
        .sorted { ($0.modified, $0.id) > ($1.modified, $1.id) }
    }

    /// Every session, most recently written first, read in full (for `--sessions`).
    public func summaries() -> [SessionSummary] {
        files().map { file in
            let log = (try? SessionLog.load(path: file.path)) ?? SessionLog(name: file.path, entries: [], warnings: [])
            return SessionSummary(
                id: file.id, path: file.path, modified: file.modified, header: log.header, started: log.started,
                messageCount: log.messageCount, firstUserLine: log.firstUserLine)
        }
    }

    /// The file `reference` names: `last` (the session most recently written in
    /// `workingDirectory`), a path to a file, a session id, or a unique start of one.
    public func resolve(_ reference: String, workingDirectory: String) throws(SessionStoreError) -> String {
        if reference == "last" {
            for file in files() where Self.header(path: file.path)?.cwd == workingDirectory {
                return file.path
            }
            throw .noSessionHere(cwd: workingDirectory, directory: directory)
        }
        if reference.contains("/") || reference.hasSuffix(".jsonl") {
            guard FileManager.default.fileExists(atPath: reference) else {
                throw .cannotRead(path: reference, reason: "no such file")
            }
            return reference
        }
        let ids = files().map(\.id)
        if ids.contains(reference) { return path(for: reference) }
        let matches = ids.filter { $0.hasPrefix(reference) }.sorted()
        switch matches.count {
        case 1: return path(for: matches[0])
        case 0: throw .notFound(reference: reference, directory: directory)
        default: throw .ambiguous(reference: reference, matches: matches)
        }
    }

    /// The header on the first line of the file at `path`, reading no further than that line.
    public static func header(path: String) -> SessionHeader? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var line = Data()
        // A header is small; a first line past 1 MiB is not one.
        while line.count < 1 << 20 {
            guard let chunk = try? handle.read(upToCount: 16 * 1024), !chunk.isEmpty else { break }
            if let newline = chunk.firstIndex(of: 0x0A) {
                line.append(chunk[chunk.startIndex..<newline])
                break
            }
            line.append(chunk)
        }
        guard let entry = try? SessionEntry.decode(line: line), case .header(let header) = entry.record else {
            return nil
        }
        return header
    }
}

/// One saved session as `--sessions` lists it.
public struct SessionSummary: Equatable, Sendable {
    public var id: String
    public var path: String
    /// When the file was last written.
    public var modified: Date
    public var header: SessionHeader?
    public var started: Date?
    /// User and assistant messages.
    public var messageCount: Int
    public var firstUserLine: String?

    public init(
        id: String, path: String, modified: Date, header: SessionHeader?, started: Date?, messageCount: Int,
        firstUserLine: String?
    ) {
        self.id = id
        self.path = path
        self.modified = modified
        self.header = header
        self.started = started
        self.messageCount = messageCount
        self.firstUserLine = firstUserLine
    }
}
