import ChatCore
import Foundation
import TUI

/// A conversation as a readable Markdown document (`/export`, `mcpterm --export`): the user's
/// messages and the model's replies under headings, each tool call as a collapsible `<details>`
/// block with its arguments and result, host remarks and errors as quotes. Pure.
enum ConversationMarkdown {
    /// What the document's head says about the conversation; each line only when known.
    struct Facts: Equatable {
        var session: String?
        var started: Date?
        var model: String?
        var directory: String?
    }

    static func render(_ transcript: [TranscriptItem], facts: Facts) -> String {
        var blocks: [String] = ["# mcpterm conversation"]
        var head: [String] = []
        if let session = facts.session { head.append("- Session: \(inline(session))") }
        if let started = facts.started { head.append("- Started: \(utc(started))") }
        if let model = facts.model { head.append("- Model: \(inline(model))") }
        if let directory = facts.directory { head.append("- Directory: \(inline(directory))") }
        if !head.isEmpty { blocks.append(head.joined(separator: "\n")) }

        /// Who spoke last: a heading comes only when the speaker changes, so a reply that called
        /// tools and then answered reads as one reply.
        var speaker: String?
        func speak(_ who: String) {
            guard speaker != who else { return }
            speaker = who
            blocks.append("## \(who)")
        }
        for item in transcript {
            switch item {
            case .user(let text):
                speak("You")
                blocks.append(safe(text))
            case .assistant(let text):
                speak("Assistant")
                blocks.append(safe(text))
            case .toolCall(let record):
                speak("Assistant")
                blocks.append(details(record))
            case .notice(let text):
                blocks.append(quote(safe(text)))
            case .error(let text):
                blocks.append(quote("**Error:** " + safe(text)))
            }
        }
        return blocks.joined(separator: "\n\n") + "\n"
    }

    /// A tool call: its name and state as the summary; arguments and result in fenced blocks.
    static func details(_ record: ToolCallRecord) -> String {
        // The summary right under <details>; the blank line after it lets Markdown renderers
        // (GitHub's) read what follows as Markdown again.
        var parts = [
            "<details>\n<summary>Tool call <code>\(html(record.qualifiedName))</code>: \(record.state.label)</summary>",
            "Arguments:",
            fenced(safe(record.prettyArguments), language: "json"),
        ]
        if let result = record.resultText {
            parts.append(record.resultIsError ? "Error:" : "Result:")
            parts.append(fenced(safe(result), language: "text"))
        }
        parts.append("</details>")
        return parts.joined(separator: "\n\n")
    }

    /// `text` in a code fence longer than any run of backticks inside it, so nothing it holds
    /// can close the fence early.
    static func fenced(_ text: String, language: String) -> String {
        var longest = 0
        var run = 0
        for character in text {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return fence + language + "\n" + text + "\n" + fence
    }

    /// Every line of `text` as a block quote.
    private static func quote(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "> " + $0 }.joined(separator: "\n")
    }

    /// Text kept as written, line breaks included, with control characters made visible (the
    /// file is read in terminals too: an escape sequence in a tool's output must not act there).
    private static func safe(_ text: String) -> String {
        text.sanitizedForTerminal(keepNewlines: true)
    }

    /// Text for one line (a head entry, a remark) with its line breaks shown as ␊.
    private static func inline(_ text: String) -> String {
        text.sanitizedForTerminal()
    }

    private static func html(_ text: String) -> String {
        safe(text).replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    /// `2026-01-15 09:30 UTC`.
    static func utc(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d UTC", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0,
                      c.minute ?? 0)
    }
}
