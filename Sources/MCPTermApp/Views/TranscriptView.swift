import ChatCore
import Foundation
import MCPHost
import TUI

/// Lays the transcript out as styled rows and draws the part that fits, newest at the bottom.
enum TranscriptView {
    /// Rows of a tool result shown in the transcript before "… N more lines".
    static let resultPreviewRows = 8
    /// Assistant replies up to this size are laid out as Markdown (a frame without the UI loop's
    /// cache, or after a resize, parses and wraps the whole reply); a longer one shows as plain
    /// text, collapsed.
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
    /// With `times`, running calls show a spinner and their elapsed time (laid out each frame,
    /// never cached), finished ones their duration, and a reply not yet begun a "thinking" row.
    static func tail(_ items: [TranscriptItem], width: Int, theme: Theme, modelName: String?, atLeast needed: Int,
                     cache: TranscriptLayoutCache? = nil, times: ActivityTimes? = nil, waitingForReply: Bool = false,
                     queued: [String] = []) -> [StyledLine]
    {
        tail(Context(items: items, width: width, theme: theme, modelName: modelName, cache: cache, times: times,
                     waitingForReply: waitingForReply, queued: queued), atLeast: needed)
    }

    /// The last rows, at least `needed` of them when there are that many.
    static func tail(_ context: Context, atLeast needed: Int) -> [StyledLine] {
        let items = context.items
        var blocks = context.live
        // Counted as `joined` lays them out: a blank row between blocks, none after the last.
        var count = blocks.reduce(0) { $0 + $1.count } + max(0, blocks.count - 1)
        for index in items.indices.reversed() {
            if count >= needed { break }
            let rows = context.rows(of: index)
            count += rows.count + (blocks.isEmpty ? 0 : 1)
            blocks.append(rows)
        }
        return joined(blocks)
    }

    typealias Anchor = TranscriptAnchor

    /// What laying out the transcript depends on, with the one way to lay out an item and the
    /// blocks below the items (queued messages, the "thinking" row).
    struct Context {
        var items: [TranscriptItem]
        var width: Int
        var theme: Theme
        var modelName: String?
        var cache: TranscriptLayoutCache?
        var times: ActivityTimes?
        var waitingForReply = false
        var queued: [String] = []
        /// A failed reply waiting to be asked again: shown, counting down, where the reply will be.
        var retry: StreamRetry?
        /// The model that wrote each reply, by item index (`AppState.replyModels`).
        var replyModels: [Int: String] = [:]
        /// The blocks under the last item, newest first (laid out once per frame).
        private(set) var live: [[StyledLine]] = []

        init(items: [TranscriptItem], width: Int, theme: Theme, modelName: String?, cache: TranscriptLayoutCache?,
             times: ActivityTimes?, waitingForReply: Bool, queued: [String], retry: StreamRetry? = nil,
             replyModels: [Int: String] = [:]) {
            self.retry = retry
            self.replyModels = replyModels
            self.items = items
            self.width = width
            self.theme = theme
            self.modelName = modelName
            self.cache = cache
            self.times = times
            self.waitingForReply = waitingForReply
            self.queued = queued
            cache?.prepare(width: width, theme: theme, modelName: modelName, itemCount: items.count)
            live = liveBlocks()
        }

        /// The blocks under the last item, newest first.
        private func liveBlocks() -> [[StyledLine]] {
            var blocks: [[StyledLine]] = []
            // Messages waiting for the turn to end, newest at the bottom, dimmed.
            for (index, text) in queued.enumerated().reversed() {
                let header = index == queued.count - 1 ? "You · queued (sent when the reply ends; Esc takes it back)"
                                                       : "You · queued"
                blocks.append([StyledLine(header, theme.style("chat.notice"))]
                    + CollapsibleText.rows(text, width: width, style: theme.style("chat.notice"), indent: "  ",
                                           markerStyle: theme.style("chat.notice")))
            }
            if waitingForReply, let times, let now = times.now {
                let since = times.streamStartedAt.map { ActivityTimes.format(now - $0) } ?? ""
                var block = [StyledLine(modelName.map { "Assistant · \($0)" } ?? "Assistant", theme.style("chat.assistant.header"))]
                if let retry {
                    // "⟳ retry 1 of 3 in 4s · Esc stops", then why the last try failed.
                    let left = retry.due > now ? retry.due - now : .zero
                    let seconds = Int((Double(left.components.seconds) + Double(left.components.attoseconds) * 1e-18).rounded(.up))
                    block.append(StyledLine([
                        ("  ⟳ ", theme.style("tool.running")),
                        ("retry \(retry.attempt) of \(StreamRetryReducer.maxRetries) in \(seconds)s · Esc stops",
                         theme.style("chat.notice")),
                    ]))
                    block += StyledLine.wrapped(retry.reason.sanitizedForTerminal(), width: width,
                                                style: theme.style("chat.error"),
                                                firstPrefix: ("    ", theme.style("chat.error")), indent: "    ").prefix(3)
                } else {
                    block.append(StyledLine([("  \(ActivityTimes.spinner(at: now)) ", theme.style("tool.running")),
                                             ("thinking… \(since)", theme.style("chat.notice"))]))
                }
                blocks.append(block)
            }
            return blocks
        }

        /// The rows of item `index` (kept in the cache unless they change from frame to frame).
        func rows(of index: Int) -> [StyledLine] {
            let item = items[index]
            if case .toolCall(let record) = item, let times {
                let timing = CallTiming(record, times: times)
                if timing.live { return toolCallLines(record, width: width, theme: theme, timing: timing) }
                return cache?.rows(at: index, of: item) {
                    toolCallLines(record, width: width, theme: theme, timing: timing)
                } ?? toolCallLines(record, width: width, theme: theme, timing: timing)
            }
            // A reply is headed with the model that wrote it (`/model` may have switched since).
            let name = replyModels[index] ?? modelName
            guard let cache else { return layout(item, width: width, theme: theme, modelName: name) }
            return cache.rows(at: index, of: item) {
                layout(item, width: width, theme: theme, modelName: name, markdown: cache.markdown(at: index))
            }
        }

        /// Rows below the item rows: the live blocks, each with the blank row above it.
        func liveRowCount() -> Int {
            live.reduce(0) { $0 + $1.count + 1 }
        }

        /// How many rows lie below `anchor` (the scroll that keeps it where it was); nil when the
        /// item is gone (a new conversation).
        func rowsBelow(_ anchor: Anchor) -> Int? {
            guard items.indices.contains(anchor.item) else { return nil }
            var below = liveRowCount()
            for index in items.indices.reversed() where index > anchor.item {
                below += rows(of: index).count + 1
            }
            return below + max(0, rows(of: anchor.item).count - 1 - anchor.row)
        }

        /// The anchor of the row `fromBottom` rows up from the last (0: the last row); nil when
        /// that row is below the items (a live block) or above them all.
        func anchor(atRowFromBottom fromBottom: Int) -> Anchor? {
            var position = liveRowCount()
            guard fromBottom >= position else { return nil }
            for index in items.indices.reversed() {
                let count = rows(of: index).count
                if fromBottom < position + count { return Anchor(item: index, row: count - 1 - (fromBottom - position)) }
                if fromBottom == position + count { return Anchor(item: index, row: -1) }
                position += count + 1
            }
            return nil
        }
    }

    /// What a call's card shows of time: a spinner and the time so far while it runs, its
    /// duration once it ended.
    struct CallTiming {
        var spinner: String?
        var elapsed: String?
        /// Changes from frame to frame (not kept in the layout cache).
        var live: Bool

        init(_ record: ToolCallRecord, times: ActivityTimes) {
            let elapsed = times.elapsed(callID: record.id)
            self.elapsed = elapsed.map(ActivityTimes.format)
            live = record.state == .running
            spinner = live ? times.now.map(ActivityTimes.spinner(at:)) : nil
        }

        init() {
            live = false
        }
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

    /// The rows of one item; an assistant reply's Markdown through `markdown` when given (the UI
    /// loop's, which keeps the finished blocks of a streaming reply).
    static func layout(_ item: TranscriptItem, width: Int, theme: Theme, modelName: String?,
                       markdown: MarkdownLayoutCache? = nil) -> [StyledLine] {
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
            let rows = markdown?.lines(text, width: max(1, width - 2), theme: theme, base: base)
                ?? MarkdownView.lines(text, width: max(1, width - 2), theme: theme, base: base)
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

    static func toolCallLines(_ record: ToolCallRecord, width: Int, theme: Theme,
                              timing: CallTiming = CallTiming()) -> [StyledLine] {
        var out: [StyledLine] = []
        let stateStyle = theme.style(stateRole(record.state))
        let target = record.server.map { "\($0) › \(record.toolName ?? record.qualifiedName)" } ?? record.qualifiedName
        var header: [(String, Style)] = [
            ("⚙ ", theme.style("tool.header")),
            (target.sanitizedForTerminal(), theme.style("tool.header")),
            ("  \(timing.spinner ?? stateIcon(record.state)) \(record.state.label)", stateStyle),
        ]
        if let elapsed = timing.elapsed { header.append((" · \(elapsed)", theme.style("tool.label"))) }
        out.append(StyledLine(header.map { (text: $0.0, style: $0.1) }))
        // The arguments as the approval box showed them, on one line. Only their start can show:
        // enough characters for the rows (a model writing a file sends megabytes here).
        let compactArgs = String(record.compactArguments.prefix(argumentRows * max(1, width) * 2))
        out += StyledLine.wrapped(
            compactArgs.replacingOccurrences(of: "\n", with: " "), width: width, style: theme.style("tool.args"),
            firstPrefix: ("  args ", theme.style("tool.label")), indent: "       ")
            .prefix(argumentRows)
        if record.state == .running, let progress = record.progress {
            out += progressLines(progress, width: width, theme: theme)
        }
        if let result = record.resultText {
            let style = record.resultIsError ? theme.style("tool.failed") : theme.style("tool.result")
            out += CollapsibleText.rows(result, width: width, style: style, firstPrefix: ("  └ ", theme.style("tool.label")),
                                        indent: "    ", limit: resultPreviewRows, markerStyle: theme.style("tool.label"))
        }
        return out
    }

    /// "  task working · step 2 of 5" for a call the server runs as a task, and "  ▕██████░░░░░░▏ 40% ·
    /// waited 4 s of 10 s": the server's latest progress, as a bar when it gave a total, else as
    /// the count so far. Each on its own row, so a narrow pane cuts neither.
    static func progressLines(_ progress: ToolProgress, width: Int, theme: Theme) -> [StyledLine] {
        var out: [StyledLine] = []
        if let task = progress.task {
            var runs: [(String, Style)] = [
                ("  ", theme.style("tool.label")),
                ("task " + task.status.replacingOccurrences(of: "_", with: " ").sanitizedForTerminal(),
                 theme.style("tool.running")),
            ]
            if let message = task.message, !message.isEmpty {
                runs.append((" · " + message.replacingOccurrences(of: "\n", with: " ").sanitizedForTerminal(),
                             theme.style("tool.label")))
            }
            out.append(StyledLine(runs.map { (text: $0.0, style: $0.1) }))
        }
        guard let count = progress.progress else { return out }
        var runs: [(String, Style)] = [("  ", theme.style("tool.label"))]
        if let fraction = progress.fraction {
            let barWidth = max(4, min(20, width / 4))
            let filled = Int((fraction * Double(barWidth)).rounded(.down))
            runs.append(("▕" + String(repeating: "█", count: filled), theme.style("tool.running")))
            runs.append((String(repeating: "░", count: barWidth - filled) + "▏", theme.style("tool.label")))
            runs.append((" \(Int((fraction * 100).rounded(.down)))%", theme.style("tool.running")))
        } else {
            let text = count == count.rounded() && abs(count) < 1e15 ? String(Int64(count)) : String(format: "%.2f", count)
            runs.append(("progress \(text)", theme.style("tool.running")))
        }
        if let message = progress.message, !message.isEmpty {
            runs.append((" · " + message.replacingOccurrences(of: "\n", with: " ").sanitizedForTerminal(),
                         theme.style("tool.label")))
        }
        out.append(StyledLine(runs.map { (text: $0.0, style: $0.1) }))  // drawing clips it to the pane
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
