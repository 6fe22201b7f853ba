/// A terminal in memory: keeps the last frame and counts what a real terminal would have been
/// sent, so tests can check screens and diffing without a TTY.
public final class MemoryBackend: TerminalBackend {
    public private(set) var size: (width: Int, height: Int)
    public private(set) var lastFrame: CellBuffer?
    /// Frames drawn so far.
    public var frames: Int = 0
    /// Where the cursor was put by the last frame (nil: hidden).
    public private(set) var cursor: (x: Int, y: Int)?
    /// Lead cells the last frame had to write (all of them after a resize or `refreshSize()`).
    public private(set) var cellsWrittenLastFrame: Int = 0
    /// Whether mouse reporting is on (`setMouseReporting`).
    public private(set) var mouseReporting = false
    /// The OSC 52 sequences written, oldest first (`ClipboardSequence.payload` reads one back).
    public private(set) var clipboardWrites: [String] = []
    private var forceFullRedraw = true

    public init(width: Int, height: Int) {
        size = (width, height)
    }

    public func draw(_ buffer: CellBuffer, cursor: (x: Int, y: Int)?) {
        let previous = forceFullRedraw ? nil : lastFrame
        cellsWrittenLastFrame = FrameDiff.changes(from: previous, to: buffer).count
        lastFrame = buffer
        self.cursor = cursor
        forceFullRedraw = false
        frames += 1
    }

    public func refreshSize() {
        forceFullRedraw = true
    }

    /// The terminal is now `width` × `height`; the next frame is drawn whole.
    public func resize(width: Int, height: Int) {
        size = (width, height)
        forceFullRedraw = true
    }

    public func setMouseReporting(_ on: Bool) {
        mouseReporting = on
    }

    public func copyToClipboard(_ text: String) {
        clipboardWrites.append(ClipboardSequence.osc52(text))
    }
}
