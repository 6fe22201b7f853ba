import ChatCore
import TUI

/// The whole screen as a function of state: transcript, side pane, input, status bar,
/// and the layers on top (approval box, help).
public enum AppView {
    static let minWidth = 40
    static let minHeight = 8
    static let prompt = "› "
    /// Narrower terminals hide the side pane (the transcript needs the room).
    static let sidePaneMinWidth = 70

    /// The side pane's width when shown: the Servers tab is narrow, the list tabs take more.
    static func sidePaneWidth(_ state: AppState) -> Int {
        state.sidePane == .servers ? min(44, state.width / 3) : min(70, state.width * 2 / 5)
    }

    /// What a frame drew: the cells, where the cursor goes, and the transcript scroll after clamping.
    public struct Frame {
        public var buffer: CellBuffer
        public var cursor: (x: Int, y: Int)?
        var transcriptScroll: Int
        /// The row at the bottom of the view while scrolled up (nil when following the end).
        var transcriptAnchor: TranscriptAnchor? = nil
    }

    /// Rows and columns of the screen's parts at the state's size.
    struct Regions {
        var statusRow: Int
        var inputRows: Int
        var separatorRow: Int
        var mainHeight: Int
        var paneWidth: Int
        /// Where boxes over the transcript go (the approval box).
        var overlay: Rect
        /// Everything above the status bar (help).
        var screen: Rect
    }

    static func regions(_ state: AppState) -> Regions {
        let statusRow = state.height - 1
        let inputRowsAtMost = max(1, state.height / 3)
        let inputRows = min(inputRowsAtMost,
                            state.input.rowsNeeded(width: state.width - 1, prompt: prompt, atMost: inputRowsAtMost))
        let separatorRow = statusRow - inputRows - 1
        let showPane = state.sidePaneVisible && state.width >= sidePaneMinWidth
        let paneWidth = showPane ? sidePaneWidth(state) : 0
        return Regions(statusRow: statusRow, inputRows: inputRows, separatorRow: separatorRow, mainHeight: separatorRow,
                       paneWidth: paneWidth,
                       overlay: Rect(x: 0, y: 0, width: max(0, state.width - paneWidth), height: max(0, separatorRow)),
                       screen: Rect(x: 0, y: 0, width: state.width, height: max(0, statusRow)))
    }

    /// Where boxes over the transcript go at the state's size (the reducer scrolls the approval box by it).
    static func overlayArea(_ state: AppState) -> Rect {
        regions(state).overlay
    }

    /// Draws one frame. The UI loop passes its `cache` so that unchanged transcript items are not
    /// laid out again; the frame is the same with or without it.
    public static func render(_ state: AppState, theme: Theme, cache: TranscriptLayoutCache? = nil) -> Frame {
        var buffer = CellBuffer(width: max(0, state.width), height: max(0, state.height))
        guard state.width >= minWidth, state.height >= minHeight else {
            TooSmallScreen.draw(into: &buffer, minWidth: minWidth, minHeight: minHeight)
            return Frame(buffer: buffer, cursor: nil, transcriptScroll: state.transcriptScroll)
        }
        buffer.fill(Rect(x: 0, y: 0, width: state.width, height: state.height), style: theme.style("background"))

        let regions = regions(state)
        let (statusRow, inputRows, separatorRow, mainHeight) =
            (regions.statusRow, regions.inputRows, regions.separatorRow, regions.mainHeight)
        let paneWidth = regions.paneWidth
        let showPane = paneWidth > 0
        let transcriptRect = Rect(x: 1, y: 0, width: state.width - paneWidth - 2, height: mainHeight)

        let waiting = state.agent.phase == .streaming && state.agent.streamingText.isEmpty
        let context = TranscriptView.Context(
            items: state.agent.transcript, width: transcriptRect.width, theme: theme, modelName: state.model?.model,
            cache: cache, times: state.times.now == nil ? nil : state.times, waitingForReply: waiting,
            queued: state.queuedMessages, retry: state.streamRetry, replyModels: state.replyModels.names)
        // Scrolled up, the row the reader was at stays where it was however much text comes below.
        var wantedScroll = max(0, state.transcriptScroll)
        if wantedScroll > 0, let anchor = state.transcriptAnchor, let below = context.rowsBelow(anchor) {
            wantedScroll = below
        }
        // Lay out only what the frame can show: the visible rows plus the rows scrolled past.
        let wanted = min(Int.max / 2, transcriptRect.height + wantedScroll)
        let lines = TranscriptView.tail(context, atLeast: wanted)
        let scroll = TranscriptView.draw(lines, scroll: wantedScroll, into: &buffer, rect: transcriptRect)
        let anchor = scroll > 0 ? context.anchor(atRowFromBottom: scroll) : nil
        if scroll > 0 {
            let marker = " ↓ \(scroll) more \(scroll == 1 ? "line" : "lines") below · PgDn "
            buffer.put(marker, x: max(0, transcriptRect.x + transcriptRect.width - marker.displayWidth), y: mainHeight - 1,
                       style: theme.style("status.warning"))
        }
        if showPane {
            let paneRect = Rect(x: state.width - paneWidth, y: 0, width: paneWidth, height: mainHeight)
            SidePaneView.draw(state, theme: theme, into: &buffer, rect: paneRect)
        }

        buffer.put(String(repeating: "─", count: state.width), x: 0, y: separatorRow, style: theme.style("input.border"))
        AttachmentChips.line(state.attachments, theme: theme)?.draw(into: &buffer, x: 1, y: separatorRow, width: state.width - 2)
        var cursor: (x: Int, y: Int)? = state.input.draw(
            into: &buffer, rect: Rect(x: 0, y: separatorRow + 1, width: state.width - 1, height: inputRows),
            prompt: prompt, style: theme.style("input.text"), promptStyle: theme.style("input.prompt"))

        buffer.fill(Rect(x: 0, y: statusRow, width: state.width, height: 1), style: theme.style("status.bar"))
        StatusBar.line(state, theme: theme).draw(into: &buffer, x: 0, y: statusRow, width: state.width)

        let overlays = Layers.drawOverlays(state, theme: theme, into: &buffer, regions: regions)
        if overlays.coversInput {
            cursor = overlays.cursor
        }
        return Frame(buffer: buffer, cursor: cursor, transcriptScroll: scroll, transcriptAnchor: anchor)
    }
}
