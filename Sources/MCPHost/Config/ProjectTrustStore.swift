import Crypto
import Foundation

/// The user's answers about project servers.json files: which file, with which content (SHA-256
/// of its bytes), may start its servers. One small JSON file in the state directory, mode 0600,
/// replaced whole (written beside it, then renamed) so a crash never leaves half of it.
public struct ProjectTrustStore: Sendable, Equatable {
    /// The store file, e.g. `~/.local/state/mcpterm/trusted-projects.json`.
    public var path: String

    public init(path: String) {
        self.path = path
    }

    /// The store in the state directory (`StateDirectory`); nil without one.
    public static func standard(environment: [String: String]) -> ProjectTrustStore? {
        StateDirectory.path(environment: environment).map { ProjectTrustStore(path: $0 + "/trusted-projects.json") }
    }

    /// The lower-case hex SHA-256 of a file's bytes: what an answer is tied to.
    public static func digest(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// One remembered answer: this content of this file may start its servers.
    struct Entry: Codable, Equatable {
        var sha256: String
        /// When the user said yes (ISO 8601), for a person reading the file.
        var approved: String
    }

    struct Contents: Codable, Equatable {
        var version = 1
        /// Absolute path of a servers.json → its approved content.
        var projects: [String: Entry] = [:]
    }

    /// The approved digest of each file; empty when the store does not exist yet. A store that
    /// cannot be read or parsed is an error: the caller reports it and trusts nothing.
    public func approvedDigests() throws(ProjectTrustError) -> [String: String] {
        try contents().projects.mapValues(\.sha256)
    }

    /// The digest approved for `file` (the content the user said yes to), or nil.
    public func approvedDigest(for file: String) throws(ProjectTrustError) -> String? {
        try approvedDigests()[file]
    }

    /// Remembers that `file` with content `digest` may start its servers; replaces the file's
    /// earlier answer. A store that could not be read (already reported) is replaced.
    public func remember(file: String, digest: String, at date: Date = Date()) throws(ProjectTrustError) {
        var contents = (try? self.contents()) ?? Contents()
        contents.projects[file] = Entry(sha256: digest, approved: ISO8601DateFormatter().string(from: date))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data: Data
        do {
            data = try encoder.encode(contents)
        } catch {
            throw .cannotWrite(path: path, reason: "\(error)")
        }
        try write(data + Data("\n".utf8))
    }

    private func contents() throws(ProjectTrustError) -> Contents {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch let error as CocoaError where error.code == .fileReadNoSuchFile {
            return Contents()
        } catch {
            throw .cannotRead(path: path, reason: (error as NSError).localizedDescription)
        }
        do {
            let contents = try JSONDecoder().decode(Contents.self, from: data)
            guard contents.version == 1 else { throw ProjectTrustError.corrupt(path: path, reason: "unknown version \(contents.version)") }
            return contents
        } catch let error as ProjectTrustError {
            throw error
        } catch {
            throw .corrupt(path: path, reason: Self.reason(error))
        }
    }

    private static func reason(_ error: Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context): return context.underlyingError.map { "\($0.localizedDescription)" } ?? context.debugDescription
        case DecodingError.keyNotFound(let key, _): return "\"\(key.stringValue)\" is missing"
        case DecodingError.typeMismatch(_, let context): return "\(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)"
        default: return "not the JSON mcpterm writes"
        }
    }

    /// Writes `data` to a new 0600 file beside the store, then renames it over the store.
    private func write(_ data: Data) throws(ProjectTrustError) {
        do {
            try PrivateFile.write(data, to: path)
        } catch {
            throw .cannotWrite(path: path, reason: error.reason)
        }
    }
}

/// Why the trust store could not be used; each case names the file.
public enum ProjectTrustError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotRead(path: String, reason: String)
    /// The file is there but is not the JSON mcpterm writes (edited by hand, cut short).
    case corrupt(path: String, reason: String)
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotRead(let path, let reason): return "cannot read \(path): \(reason)"
        case .corrupt(let path, let reason): return "\(path) is damaged (\(reason))"
        case .cannotWrite(let path, let reason): return "cannot save the answer in \(path): \(reason)"
        }
    }
}

/// What to do about the servers of the servers.json found, before any of them starts.
public enum ProjectTrustDecision: Sendable, Equatable {
    /// Not a project file (`--config`, or the user's own): start as configured.
    case notNeeded
    /// The user approved this file with this very content before.
    case remembered
    /// `--trust-project`: approved for this run, and remembered.
    case trustedByFlag
    /// Ask on the terminal before the TUI opens.
    case ask
    /// No terminal on stdin to ask on: nothing from the file starts.
    case refused

    /// `approved`: the store holds this file with this content (false when the store is damaged).
    public static func decide(origin: ConfigOrigin, approved: Bool, trustFlag: Bool, canAsk: Bool) -> Self {
        guard origin == .project else { return .notNeeded }
        if approved { return .remembered }
        if trustFlag { return .trustedByFlag }
        return canAsk ? .ask : .refused
    }
}
