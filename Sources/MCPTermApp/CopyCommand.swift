import ChatCore
import Foundation
import TUI

/// `/copy [N]` and its key: the last reply, or its code block N, to the terminal's clipboard
/// (OSC 52, written by the backend beside the cells). The terminal does not say whether it
/// took it, so the notice says what was sent.
enum CopyCommand {
    static let usage = "/copy copies the last reply; /copy N its code block N (from 1)"

    /// Runs `/copy` with what follows the command name ("" or a block number).
    static func run(_ argument: String, _ state: inout AppState) -> [Effect] {
        let argument = argument.trimmingCharacters(in: .whitespaces)
        guard let reply = lastReply(state.agent.transcript) else {
            state.agent.noteError("/copy: there is no reply to copy yet.")
            return []
        }
        guard !argument.isEmpty else {
            return copy(reply, what: "the last reply", state: &state)
        }
        let blocks = MarkdownCodeBlocks.blocks(in: reply)
        guard let number = Int(argument.trimmingCharacters(in: CharacterSet(charactersIn: "#"))), number >= 1 else {
            state.agent.noteError("/copy: \"\(argument)\" is not a code block number. \(usage)")
            return []
        }
        guard number <= blocks.count else {
            let has = blocks.isEmpty ? "has no code blocks"
                : blocks.count == 1 ? "has 1 code block" : "has \(blocks.count) code blocks"
            state.agent.noteError("/copy \(number): the last reply \(has).")
            return []
        }
        let block = blocks[number - 1]
        let label = "code block \(number)" + (block.language.map { " (\($0))" } ?? "")
        return copy(block.text, what: label, state: &state)
    }

    /// The newest reply of the model in the transcript (while one streams, as far as it came).
    static func lastReply(_ transcript: [TranscriptItem]) -> String? {
        for item in transcript.reversed() {
            if case .assistant(let text) = item, !text.isEmpty { return text }
        }
        return nil
    }

    private static func copy(_ text: String, what: String, state: inout AppState) -> [Effect] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
        let size = "\(lines) line\(lines == 1 ? "" : "s"), \(text.count) character\(text.count == 1 ? "" : "s")"
        return [.copyToClipboard(text)] + Toast.show("Copied \(what) to the clipboard (\(size))", &state)
    }
}
