import Foundation
import TUI

/// What mcpterm prints outside the TUI (`--check`, `--sessions`, start-up errors). Server names,
/// stderr lines, HTTP error bodies, log messages and session text pass through the same
/// `sanitizedForTerminal()` as every cell of the TUI, so an escape sequence in them is shown
/// (␛]0;…␇), never obeyed: it cannot retitle the window, write the clipboard (OSC 52) or reset
/// the screen.
enum PlainTextOutput {
    /// One line on stdout; a line break inside `text` shows as ␊.
    static func line(_ text: String) {
        print(text.sanitizedForTerminal())
    }

    /// Lines on stdout that may contain real line breaks (a table).
    static func lines(_ text: String) {
        print(text.sanitizedForTerminal(keepNewlines: true), terminator: "")
    }

    /// One line on stderr.
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text.sanitizedForTerminal() + "\n").utf8))
    }
}
