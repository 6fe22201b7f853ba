import ChatCore
import Foundation
import TUI

/// The session flags outside the UI: `--resume` without a value, and `--sessions` (a table
/// of saved sessions on stdout).
public enum SessionCommandLine {
    /// The value a bare `--resume` stands for.
    static let newestHere = "last"

    /// The value a bare `-p` stands for: the prompt on stdin.
    static let promptOnStdin = "-"

    /// `arguments` with the values the argument parser cannot leave out filled in, since it has
    /// no options with an optional value: `last` after a `--resume` or `--export` that has none
    /// (at the end, or before another flag), `-` after such a `-p`/`--prompt`. A prompt that
    /// starts with `-` but holds a space (`-p "-v: what does it do?"`) is text, not a flag.
    public static func normalized(_ arguments: [String]) -> [String] {
        var out: [String] = []
        for (index, argument) in arguments.enumerated() {
            out.append(argument)
            let next = index + 1 < arguments.count ? arguments[index + 1] : nil
            let missing = next.map(isFlag) ?? true
            if ["--resume", "--export"].contains(argument), next.map({ $0.hasPrefix("-") }) ?? true {
                out.append(newestHere)
            } else if ["-p", "--prompt"].contains(argument), missing {
                out.append(promptOnStdin)
            }
        }
        return out
    }

    /// A word that reads as a flag rather than text.
    private static func isFlag(_ word: String) -> Bool {
        word.hasPrefix("-") && word != promptOnStdin && !word.contains(where: \.isWhitespace)
    }

    /// `mcpterm --export REF [FILE]`: the saved session `reference` names (as `--resume` takes
    /// it) as Markdown, to FILE or stdout. Returns the exit status: 2 when no session matches.
    public static func export(_ options: LaunchOptions, reference: String, file: String?) -> Int32 {
        var options = options
        options.resume = reference
        options.saveSession = false
        let launch: SessionLaunch
        do {
            launch = try SessionLaunch.prepare(options)
        } catch {
            PlainTextOutput.error("mcpterm: " + "\(error)".replacingOccurrences(of: "--resume", with: "--export"))
            return error.namesNoSession ? ScriptExit.usage : ScriptExit.failed
        }
        guard let log = launch.resumed else { return ScriptExit.failed }
        for line in launch.errors { PlainTextOutput.error("mcpterm: warning: \(line)") }
        let agent = SessionReplay.agent(from: log.entries, policy: ApprovalPolicy())
        let header = log.header
        let facts = ConversationMarkdown.Facts(
            session: header?.id, started: log.started,
            model: header.flatMap { header in header.model.map { [header.provider, $0].compactMap { $0 }.joined(separator: " ") } },
            directory: header?.cwd)
        let markdown = ConversationMarkdown.render(agent.transcript, facts: facts)
        guard let file else {
            StandardStream.write(markdown, to: 1)
            return 0
        }
        do {
            let path = try ConversationExport.write(markdown, to: file, workingDirectory: options.workingDirectory,
                                                    home: options.environment["HOME"])
            PlainTextOutput.line("Exported session \(header?.id ?? log.name) to \(path).")
            return 0
        } catch {
            PlainTextOutput.error("mcpterm: --export: \(error)")
            return ScriptExit.failed
        }
    }

    /// Prints every saved session, most recent first; returns the exit status.
    public static func list(_ options: LaunchOptions) -> Int32 {
        let store: SessionStore
        do {
            store = SessionStore(directory: try SessionStore.defaultDirectory(environment: options.environment))
        } catch {
            PlainTextOutput.error("mcpterm: \(error)")
            return 1
        }
        let summaries = store.summaries()
        if summaries.isEmpty {
            PlainTextOutput.line("No saved sessions in \(store.directory).")
            return 0
        }
        PlainTextOutput.lines(table(summaries, home: options.environment["HOME"], timeZone: .current))
        PlainTextOutput.line("\(summaries.count) session\(summaries.count == 1 ? "" : "s") in \(store.directory). Continue one with: mcpterm --resume ID")
        return 0
    }

    /// The table `--sessions` prints: id, start (local time), message count, directory, first
    /// line typed. Columns are measured in display cells, so CJK text keeps them aligned; the
    /// text is made terminal-safe (a pasted escape sequence is shown, not obeyed).
    static func table(_ summaries: [SessionSummary], home: String?, timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        func started(_ date: Date?) -> String {
            guard let date else { return "?" }
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
            return String(format: "%04d-%02d-%02d %02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0,
                          c.minute ?? 0)
        }
        func directory(_ path: String?) -> String {
            guard var path else { return "?" }
            if let home, !home.isEmpty, path == home || path.hasPrefix(home + "/") {
                path = "~" + path.dropFirst(home.count)
            }
            // Keep the end of a long path: the project's name is there.
            let safe = path.sanitizedForTerminal()
            guard safe.displayWidth > 28 else { return safe }
            return "…" + String(String(safe.reversed()).truncated(toWidth: 27, ellipsis: "").reversed())
        }
        let rows = [["ID", "STARTED", "MSGS", "DIRECTORY", "FIRST MESSAGE"]] + summaries.map { summary in
            [summary.id.sanitizedForTerminal().truncated(toWidth: 40), started(summary.started),
             String(summary.messageCount), directory(summary.header?.cwd),
             (summary.firstUserLine ?? (summary.header == nil ? "(not a session file)" : "(no message)"))
                .sanitizedForTerminal().truncated(toWidth: 60)]
        }
        let widths = (0..<4).map { column in rows.map { $0[column].displayWidth }.max() ?? 0 }
        var out = ""
        for row in rows {
            var line = ""
            for column in 0..<4 {
                let cell = row[column]
                let pad = String(repeating: " ", count: widths[column] - cell.displayWidth)
                // Numbers align right, text left.
                line += (column == 2 ? pad + cell : cell + pad) + "  "
            }
            out += line + row[4] + "\n"
        }
        return out
    }
}
