import ChatCore
import TUI

/// How the transcript shows a text that may be huge (a tool result, a paste sent as a message, a
/// long notice): a small text is wrapped whole; a large one shows its first rows, laid out from a
/// bounded start, and a row saying how much is left out, so a frame never wraps megabytes. The
/// full text still goes to the model and into the session file: only the view collapses.
enum CollapsibleText {
    /// Up to these sizes a text is wrapped whole (its hidden rows then are counted exactly); above
    /// either it is large. 64 KB wraps in a few milliseconds and is far more than a screen.
    static let wholeLimitBytes = 64 * 1024
    static let wholeLimitLines = 200
    /// Rows a large text shows before the "… more lines" row, unless the caller asks for fewer.
    static let previewRows = 20

    /// True when `text` is shown collapsed. Costs O(1) for a long text (its byte count) and a
    /// newline scan of at most `wholeLimitBytes` otherwise.
    static func isLarge(_ text: String) -> Bool {
        text.utf8.count > wholeLimitBytes
            || TextPreview(text, maxLines: 0, maxBytes: 0).totalLines > wholeLimitLines
    }

    /// The rows of `text`: whole, or at most `limit` of them followed by "… N more lines" when
    /// `limit` is given and the text is small; the first `limit ?? previewRows` rows and
    /// "… N more lines (size)" when it is large. For a large text N counts source lines (those not
    /// shown whole), since counting wrapped rows would mean wrapping everything.
    static func rows(
        _ text: String, width: Int, style: Style, firstPrefix: (String, Style)? = nil, indent: String = "",
        limit: Int? = nil, markerStyle: Style
    ) -> [StyledLine] {
        let prefixWidth = max(firstPrefix?.0.displayWidth ?? 0, indent.displayWidth)
        let markerIndent = String(repeating: " ", count: prefixWidth)
        guard isLarge(text) else {
            let rows = StyledLine.wrapped(text, width: width, style: style, firstPrefix: firstPrefix, indent: indent)
            guard let limit, rows.count > limit else { return rows }
            return Array(rows.prefix(limit)) + [StyledLine("\(markerIndent)… \(rows.count - limit) more lines", markerStyle)]
        }
        let shownRows = max(1, limit ?? previewRows)
        // Enough bytes to fill the preview rows even with 4-byte characters; lines past it are counted.
        let preview = TextPreview(text, maxLines: shownRows, maxBytes: shownRows * max(1, width) * 4)
        var out: [StyledLine] = []
        var wholeLines = 0
        var wholeBytes = 0
        for (index, line) in preview.lines.enumerated() where out.count < shownRows {
            let rows = StyledLine.wrapped(
                line.text, width: width, style: style, firstPrefix: index == 0 ? firstPrefix : nil, indent: indent,
                prefixWidth: prefixWidth)
            let room = shownRows - out.count
            out += rows.prefix(room)
            guard rows.count <= room, line.isWhole else { break }
            wholeLines += 1
            wholeBytes += line.bytes
        }
        let hiddenLines = preview.totalLines - wholeLines
        guard hiddenLines > 0 else { return out }
        let hiddenSize = ByteCountText.string(preview.totalBytes - wholeBytes)
        let noun = hiddenLines == 1 ? "line" : "lines"
        return out + [StyledLine("\(markerIndent)… \(hiddenLines) more \(noun) (\(hiddenSize))", markerStyle)]
    }
}
