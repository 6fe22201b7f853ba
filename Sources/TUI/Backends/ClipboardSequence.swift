import Foundation

/// The OSC 52 sequence that asks the terminal to put text on the system clipboard
/// (xterm "Manipulate Selection Data": ESC ] 52 ; c ; base64 BEL). It draws nothing, so a backend
/// writes it beside its cells, between frames. Terminals that do not support it ignore it; tmux
/// passes it on with `set-clipboard on`.
public enum ClipboardSequence {
    /// The sequence for `text` (UTF-8, base64-encoded).
    public static func osc52(_ text: String) -> String {
        "\u{1B}]52;c;" + Data(text.utf8).base64EncodedString() + "\u{07}"
    }

    /// The text an OSC 52 sequence carries, or nil when `sequence` is not one (for tests and logs).
    public static func payload(of sequence: String) -> String? {
        let prefix = "\u{1B}]52;c;"
        guard sequence.hasPrefix(prefix), sequence.hasSuffix("\u{07}") else { return nil }
        let base64 = sequence.dropFirst(prefix.count).dropLast()
        guard let data = Data(base64Encoded: String(base64)) else { return nil }
        return String(data: data, encoding: .utf8)
    }
}
