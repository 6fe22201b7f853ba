/// Where frames go: the real terminal (`NcursesBackend`) or memory (`MemoryBackend`, for tests).
public protocol TerminalBackend: AnyObject {
    var size: (width: Int, height: Int) { get }
    /// Draws a frame, sending only cells that changed since the last frame; places or hides the cursor.
    func draw(_ buffer: CellBuffer, cursor: (x: Int, y: Int)?)
    /// Re-reads the terminal size (after SIGWINCH) and forces a full redraw next frame.
    func refreshSize()
}
