import ChatCore
import Foundation

/// Where an exported conversation goes, and the writing of it (`/export`, `mcpterm --export`).
enum ConversationExport {
    /// Writes `markdown` to `path` (`~/` is the home directory; relative to `workingDirectory`),
    /// or, without one, to `mcpterm-YYYYMMDD-HHMMSS.md` in `workingDirectory` (a number added
    /// when that exists). Returns the path written; throws a message that names it.
    static func write(_ markdown: String, to path: String?, workingDirectory: String, home: String?,
                      now: Date = Date()) throws -> String {
        let target = path.map { resolve($0, workingDirectory: workingDirectory, home: home) }
            ?? freeName(in: workingDirectory, now: now)
        do {
            try Data(markdown.utf8).write(to: URL(fileURLWithPath: target), options: .atomic)
        } catch {
            throw ExportError(message: "cannot write \(target): \((error as NSError).localizedDescription)")
        }
        return target
    }

    /// Why an export failed, for the transcript or stderr.
    struct ExportError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    static func resolve(_ path: String, workingDirectory: String, home: String?) -> String {
        if path == "~" || path.hasPrefix("~/"), let home, !home.isEmpty {
            return home + path.dropFirst()
        }
        if path.hasPrefix("/") { return path }
        return (workingDirectory.hasSuffix("/") ? workingDirectory : workingDirectory + "/") + path
    }

    /// The first of `mcpterm-STAMP.md`, `mcpterm-STAMP-2.md`, … that does not exist yet.
    static func freeName(in directory: String, now: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .current
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: now)
        let stamp = String(format: "%04d%02d%02d-%02d%02d%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0,
                           c.minute ?? 0, c.second ?? 0)
        let base = (directory.hasSuffix("/") ? directory : directory + "/") + "mcpterm-" + stamp
        var candidate = base + ".md"
        var number = 2
        while FileManager.default.fileExists(atPath: candidate) {
            candidate = "\(base)-\(number).md"
            number += 1
        }
        return candidate
    }
}
