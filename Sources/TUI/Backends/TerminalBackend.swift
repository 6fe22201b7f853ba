/// Where frames go: the real terminal (`NcursesBackend`) or memory (`MemoryBackend`, for tests).
public protocol TerminalBackend: AnyObject {
    var size: (width: Int, height: Int) { get }
    /// Draws a frame, sending only cells that changed since the last frame; places or hides the cursor.
    func draw(_ buffer: CellBuffer, cursor: (x: Int, y: Int)?)
    /// Re-reads the terminal size and forces a full redraw next frame (Ctrl-L).
    func refreshSize()
    /// The terminal is now `width` × `height` (a resize event carries it): the next frame is drawn whole.
    func resize(width: Int, height: Int)
    /// Turns the terminal's mouse reporting on or off (`MouseReporting`); reports then arrive
    /// as `.mouse` keys.
    func setMouseReporting(_ on: Bool)
    /// Asks the terminal to put `text` on the clipboard (OSC 52, `ClipboardSequence`), written
    /// beside the cells: it draws nothing.
    func copyToClipboard(_ text: String)
}
