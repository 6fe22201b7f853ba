import ChatCore
import TUI

/// Lays the transcript out as styled rows and draws the part that fits, newest at the bottom.
enum TranscriptView {
    /// Rows of a tool result shown in the transcript before "… N more lines".
    static let resultPreviewRows = 8
    /// Assistant replies up to this size are laid out as Markdown (which parses and wraps the
    /// whole reply on every change); a longer one shows as plain text, collapsed.
    static let assistantMarkdownLimitBytes = CollapsibleText.wholeLimitBytes
    /// Rows of tool arguments shown under the call's header.
    static let argumentRows = 3

    static func lines(_ items: [TranscriptItem], width: Int, theme: Theme, modelName: String?) -> [StyledLine] {
        tail(items, width: width, theme: theme, modelName: modelName, atLeast: Int.max)
    }

    /// The last rows of the transcript, at least `atLeast` of them when there are that many.
    /// Items are laid out newest first and only until enough rows exist, so a frame costs what
    /// it shows, not the length of the conversation; huge items are laid out collapsed
    /// (`CollapsibleText`), and with a `cache` unchanged items are not laid out again.
    static func tail(_ items: [TranscriptItem], width: Int, theme: Theme, modelName: String?, atLeast needed: Int,
                            cache: TranscriptLayoutCache? = nil) -> [StyledLine]
    {
        cache?.prepare(width: width, theme: theme, modelName: modelName, itemCount: items.count)
        var blocks: [[StyledLine]] = []
        var count = 0
        for index in items.indices.reversed() {
            if count >= needed { break }
            let item = items[index]
            let rows = cache?.rows(at: index, of: item) { layout(item, width: width, theme: theme, modelName: modelName) }
                ?? layout(item, width: width, theme: theme, modelName: modelName)
            blocks.append(rows)
            count += rows.count + 1
        }
        return joined(blocks)
    }

    /// Blocks (newest first) in reading order with a blank row between them.
    private static func joined(_ newestFirst: [[StyledLine]]) -> [StyledLine] {
        var out: [StyledLine] = []
        for block in newestFirst.reversed() {
            if !out.isEmpty { out.append(StyledLine([])) }
            out += block
        }
        return out
    }

    static func layout(_ item: TranscriptItem, width: Int, theme: Theme, modelName: String?) -> [StyledLine] {
        switch item {
        case .user(let text):
            return [StyledLine("You", theme.style("chat.user.header"))]
                + CollapsibleText.rows(text, width: width, style: theme.style("chat.user"), indent: "  ",
                                       markerStyle: theme.style("chat.notice"))
        case .assistant(let text):
            let header = StyledLine(modelName.map { "Assistant · \($0)" } ?? "Assistant", theme.style("chat.assistant.header"))
            let base = theme.style("chat.assistant")
            // Markdown lays out the whole reply; above the cap the reply is plain and collapsed.
            if text.utf8.count > assistantMarkdownLimitBytes {
                return [header] + CollapsibleText.rows(text, width: width, style: base, indent: "  ",
                                                       markerStyle: theme.style("chat.notice"))
            }
            let rows = MarkdownView.lines(text, width: max(1, width - 2), theme: theme, base: base)
            return [header] + rows.map { StyledLine(spans: [Span("  ", style: base)] + $0) }
        case .toolCall(let record):
            return toolCallLines(record, width: width, theme: theme)
        case .notice(let text):
            return CollapsibleText.rows(
                text, width: width, style: theme.style("chat.notice"),
                firstPrefix: ("• ", theme.style("chat.notice")), indent: "  ", markerStyle: theme.style("chat.notice"))
        case .error(let text):
            return CollapsibleText.rows(
                text, width: width, style: theme.style("chat.error"),
                firstPrefix: ("✗ ", theme.style("chat.error")), indent: "  ", markerStyle: theme.style("chat.error"))
        }
    }

    static func stateRole(_ state: ToolCallState) -> String {
        switch state {
        case .awaitingApproval: return "tool.pending"
        case .running: return "tool.running"
        case .done: return "tool.done"
        case .failed: return "tool.failed"
        case .denied, .cancelled: return "tool.denied"
        }
    }

    static func stateIcon(_ state: ToolCallState) -> String {
        switch state {
        case .awaitingApproval: return "?"
        case .running: return "…"
        case .done: return "✓"
        case .failed: return "✗"
        case .denied, .cancelled: return "⊘"
        }
    }

    static func toolCallLines(_ record: ToolCallRecord, width: Int, theme: Theme) -> [StyledLine] {
        var out: [StyledLine] = []
        let stateStyle = theme.style(stateRole(record.state))
        let target = record.server.map { "\($0) › \(record.toolName ?? record.qualifiedName)" } ?? record.qualifiedName
        out.append(StyledLine([
            ("⚙ ", theme.style("tool.header")),
            (target.sanitizedForTerminal(), theme.style("tool.header")),
            ("  \(stateIcon(record.state)) \(record.state.label)", stateStyle),
        ]))
        // The arguments as the approval box showed them, on one line. Only their start can show:
        // enough characters for the rows (a model writing a file sends megabytes here).
        let compactArgs = String(record.compactArguments.prefix(argumentRows * max(1, width) * 2))
        out += StyledLine.wrapped(
            compactArgs.replacingOccurrences(of: "\n", with: " "), width: width, style: theme.style("tool.args"),
            firstPrefix: ("  args ", theme.style("tool.label")), indent: "       ")
            .prefix(argumentRows)
        if let result = record.resultText {
            let style = record.resultIsError ? theme.style("tool.failed") : theme.style("tool.result")
            out += CollapsibleText.rows(result, width: width, style: style, firstPrefix: ("  └ ", theme.style("tool.label")),
                                        indent: "    ", limit: resultPreviewRows, markerStyle: theme.style("tool.label"))
        }
        return out
    }

    /// Draws the rows that fit in `rect`, `scroll` rows up from the newest; returns the clamped scroll.
    /// Given at least `rect.height + scroll` rows when the transcript has them, the clamp is exact.
    @discardableResult
    static func draw(_ lines: [StyledLine], scroll: Int, into buffer: inout CellBuffer, rect: Rect) -> Int {
        guard rect.height > 0, rect.width > 0 else { return 0 }
        let maxScroll = max(0, lines.count - rect.height)
        let clamped = min(max(0, scroll), maxScroll)
        let end = lines.count - clamped
        let start = max(0, end - rect.height)
        for (row, line) in lines[start..<end].enumerated() {
            line.draw(into: &buffer, x: rect.x, y: rect.y + row, width: rect.width)
        }
        return clamped
    }
}
