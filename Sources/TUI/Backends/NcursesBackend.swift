import CNcursesw
import Foundation

/// Why the terminal could not be taken over.
public enum TerminalBackendError: Error, Equatable, CustomStringConvertible {
    case notATerminal
    case cannotInitialise(term: String)

    public var description: String {
        switch self {
        case .notATerminal:
            return "stdin/stdout is not a terminal: mcpterm needs an interactive terminal"
        case .cannotInitialise(let term):
            return "ncurses cannot drive TERM=\"\(term)\" (is its terminfo entry installed?)"
        }
    }
}

/// The real terminal, driven through ncursesw. Only output goes through ncurses: keys are read
/// from stdin by `KeyReader`. Each frame is diffed against the previous one and only changed
/// cells are written, then flushed with one `doupdate()`.
///
/// The caller owns SIGWINCH: on a resize signal, call `refreshSize()` and draw a new frame.
public final class NcursesBackend: TerminalBackend {
    public let capability: ColorCapability
    /// Whether the locale is UTF-8; if not, non-ASCII cells are shown as "?" and widgets should
    /// use ASCII borders.
    public let supportsUnicode: Bool
    /// Terminfo takes colour numbers >= 8 as RGB values (a direct-colour entry).
    private let directColor: Bool
    private var previous: CellBuffer?
    private var pairs: [PairKey: Int32] = [:]
    private var nextPair: Int32 = 1
    private let maxPairs: Int32
    private var cursorVisible: Bool?
    /// Mouse reporting is on (turned off again by `restore()`); guarded by `restoreLock`.
    private var mouseReporting = false
    private let restoreLock = NSLock()
    private var active = true

    private struct PairKey: Hashable {
        var fg: Int32
        var bg: Int32
    }

    /// setlocale(LC_ALL, ""), newterm on stdout/stdin, raw, noecho, nonl, keypad off, colours
    /// (start_color, use_default_colors, extended pairs), capability from `MCPTERM_COLOR`
    /// (truecolor|256|16|8|mono), else `COLORTERM`, else terminfo; bracketed paste on.
    /// Truecolor needs a direct-colour terminfo entry (TERM=xterm-direct and the like); with
    /// another entry a truecolor request is shown in 256 colours.
    public init() throws {
        guard isatty(0) == 1, isatty(1) == 1 else { throw TerminalBackendError.notATerminal }
        setlocale(LC_ALL, "")
        let environment = ProcessInfo.processInfo.environment
        guard let screen = cnc_newterm_stdio() else {
            throw TerminalBackendError.cannotInitialise(term: environment["TERM"] ?? "")
        }
        set_term(screen)
        supportsUnicode = cnc_locale_is_utf8() != 0
        raw()
        noecho()
        nonl()
        keypad(cnc_stdscr(), false)
        intrflush(cnc_stdscr(), false)
        leaveok(cnc_stdscr(), false)

        var colours = 0
        if has_colors() {
            start_color()
            use_default_colors()
            colours = Int(cnc_colors())
        }
        let direct = colours > 0 && cnc_has_direct_color() != 0
        let terminalCan: ColorCapability =
            direct ? .truecolor : colours >= 256 ? .c256 : colours >= 16 ? .c16 : colours >= 8 ? .c8 : .mono
        var wanted = terminalCan
        if let value = environment["MCPTERM_COLOR"], let forced = ColorCapability(overrideValue: value) {
            wanted = forced
        } else if let colorterm = environment["COLORTERM"]?.lowercased(),
                  colorterm == "truecolor" || colorterm == "24bit" {
            wanted = .truecolor
        }
        capability = Self.effective(wanted: wanted, terminalCan: terminalCan, colours: colours)
        directColor = direct
        maxPairs = max(0, min(cnc_color_pairs(), 0x7FFF) - 1)
        Self.writeToTerminal("\u{1B}[?2004h")
    }

    /// What we can actually emit: ncurses only sends what terminfo can express.
    private static func effective(wanted: ColorCapability, terminalCan: ColorCapability, colours: Int) -> ColorCapability {
        if colours == 0 { return .mono }
        let order: [ColorCapability] = [.mono, .c8, .c16, .c256, .truecolor]
        let a = order.firstIndex(of: wanted) ?? 0, b = order.firstIndex(of: terminalCan) ?? 0
        return order[min(a, b)]
    }

    deinit { restore() }

    public var size: (width: Int, height: Int) { (Int(cnc_cols()), Int(cnc_lines())) }

    public func draw(_ buffer: CellBuffer, cursor: (x: Int, y: Int)?) {
        guard isActive else { return }
        let window = cnc_stdscr()
        if previous == nil {
            // A full redraw: nothing of an earlier, differently sized frame may survive.
            werase(window)
        }
        for (x, y) in FrameDiff.changes(from: previous, to: buffer) {
            write(buffer[x, y], x: x, y: y, window: window)
        }
        previous = buffer
        if let cursor {
            setCursorVisible(true)
            wmove(window, Int32(cursor.y), Int32(cursor.x))
        } else {
            setCursorVisible(false)
        }
        wnoutrefresh(window)
        doupdate()
    }

    public func refreshSize() {
        guard let size = Self.terminalSize() else { return }
        resize(width: size.width, height: size.height)
    }

    public func resize(width: Int, height: Int) {
        guard isActive, width > 0, height > 0 else { return }
        resize_term(Int32(clamping: height), Int32(clamping: width))
        clearok(cnc_curscr(), true)
        previous = nil
    }

    /// The size of the terminal on stdout, as the kernel has it now (safe from any thread:
    /// SIGWINCH's handler reads it so the resize event carries it).
    public static func terminalSize() -> (width: Int, height: Int)? {
        var rows: Int32 = 0, cols: Int32 = 0
        guard cnc_window_size(1, &rows, &cols) == 0, rows > 0, cols > 0 else { return nil }
        return (Int(cols), Int(rows))
    }

    /// Restores the terminal (disable bracketed paste and mouse reporting, endwin). Idempotent; safe to call from an
    /// exit path.
    public func restore() {
        restoreLock.lock()
        defer { restoreLock.unlock() }
        guard active else { return }
        active = false
        curs_set(1)
        endwin()
        Self.writeToTerminal("\u{1B}[?2004l" + (mouseReporting ? MouseReporting.off : ""))
    }

    /// Input is read by `KeyReader`, not by ncurses (keypad is off, and `wgetch` is never
    /// called), so ncurses' own mouse support (`mousemask`, `KEY_MOUSE`) cannot be used: the
    /// modes are switched here and the reports decoded by `KeyDecoder`.
    public func setMouseReporting(_ on: Bool) {
        restoreLock.lock()
        defer { restoreLock.unlock() }
        guard active, on != mouseReporting else { return }
        mouseReporting = on
        Self.writeToTerminal(on ? MouseReporting.on : MouseReporting.off)
    }

    /// Written between frames (after `doupdate()` flushed ncurses' output), so it never lands
    /// inside a cell's bytes.
    public func copyToClipboard(_ text: String) {
        guard isActive else { return }
        Self.writeToTerminal(ClipboardSequence.osc52(text))
    }

    /// Mode switches ncurses knows nothing about go straight to the terminal, unbuffered, so
    /// they are neither reordered nor left sitting in a stdio buffer.
    private static func writeToTerminal(_ sequence: String) {
        let bytes = Array(sequence.utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(1, $0.baseAddress, $0.count) }
    }

    private var isActive: Bool {
        restoreLock.lock()
        defer { restoreLock.unlock() }
        return active
    }

    private func setCursorVisible(_ visible: Bool) {
        guard cursorVisible != visible else { return }
        curs_set(visible ? 1 : 0)
        cursorVisible = visible
    }

    /// Writes one lead cell so that ncurses' idea of its width (wcwidth) matches ours: where
    /// ncurses would take fewer columns the rest is padded with spaces, and what it cannot show
    /// in our width becomes "?". Otherwise ncurses and the screen drift apart.
    private func write(_ cell: Cell, x: Int, y: Int, window: UnsafeMutablePointer<WINDOW>?) {
        let style = cell.style.downgraded(to: capability)
        let attributes = attributes(for: style)
        let pair = pair(for: style)
        var columns = cell.width
        var text: [wchar_t]
        if cell.width == 0 {
            text = [wchar_t(0x20)]  // an orphaned continuation cell
            columns = 1
        } else {
            text = wideCharacters(of: cell.grapheme)
            let ncursesWidth = Int(cnc_wcwidth(text[0]))
            if ncursesWidth < 1 || ncursesWidth > cell.width {
                text = [wchar_t(UInt8(ascii: "?"))]
            }
        }
        let used = max(1, Int(cnc_wcwidth(text[0])))
        put(text, x: x, y: y, attributes: attributes, pair: pair, window: window)
        var padX = x + used
        while padX < x + columns {
            put([wchar_t(0x20)], x: padX, y: y, attributes: attributes, pair: pair, window: window)
            padX += 1
        }
    }

    private func put(_ text: [wchar_t], x: Int, y: Int, attributes: attr_t, pair: Int32, window: UnsafeMutablePointer<WINDOW>?) {
        var cell = cchar_t()
        var terminated = text
        terminated.append(0)
        _ = terminated.withUnsafeBufferPointer { cnc_setcchar(&cell, $0.baseAddress, attributes, pair) }
        // ERR at the bottom-right corner only means the cursor could not advance.
        _ = mvwadd_wch(window, Int32(y), Int32(x), &cell)
    }

    /// The grapheme as ncurses accepts it: one spacing character followed by at most four
    /// zero-width ones (setcchar stops at a second spacing character).
    private func wideCharacters(of grapheme: String) -> [wchar_t] {
        guard supportsUnicode else {
            let ascii = grapheme.unicodeScalars.first.map { $0.isASCII ? $0.value : 0x3F } ?? 0x20
            return [wchar_t(ascii)]
        }
        var out: [wchar_t] = []
        for scalar in grapheme.unicodeScalars {
            let w = wchar_t(bitPattern: scalar.value)
            if out.isEmpty {
                out.append(w)
            } else if cnc_wcwidth(w) == 0 && out.count < 5 {
                out.append(w)
            } else {
                break
            }
        }
        return out.isEmpty ? [wchar_t(0x20)] : out
    }

    private func attributes(for style: Style) -> attr_t {
        var a = cnc_wa_normal()
        if style.bold { a |= cnc_wa_bold() }
        if style.dim { a |= cnc_wa_dim() }
        if style.italic { a |= cnc_wa_italic() }
        if style.underline { a |= cnc_wa_underline() }
        if style.reverse { a |= cnc_wa_reverse() }
        return a
    }

    /// Colour pairs are allocated on first use per (fg, bg); when they run out, the terminal's
    /// default colours are used rather than a wrong pair.
    private func pair(for style: Style) -> Int32 {
        guard capability != .mono else { return 0 }
        let key = PairKey(fg: colorNumber(style.fg), bg: colorNumber(style.bg))
        if key.fg == -1 && key.bg == -1 { return 0 }
        if let existing = pairs[key] { return existing }
        guard nextPair <= maxPairs else { return 0 }
        let number = nextPair
        guard init_extended_pair(number, key.fg, key.bg) == OK else { return 0 }
        nextPair += 1
        pairs[key] = number
        return number
    }

    private func colorNumber(_ color: Color) -> Int32 {
        switch color {
        case .default:
            return -1
        case .ansi(let n):
            if directColor && n >= 8 { return packed(XtermPalette.rgb(ofIndex: Int(n))) }
            return Int32(capability == .c8 ? n % 8 : n)
        case .indexed(let n):
            if directColor && n >= 8 { return packed(XtermPalette.rgb(ofIndex: Int(n))) }
            return Int32(n)
        case .rgb(let r, let g, let b):
            return packed((Int(r), Int(g), Int(b)))
        }
    }

    /// A direct colour number; values below 8 would be read as ANSI colours, so nudge them.
    private func packed(_ rgb: (Int, Int, Int)) -> Int32 {
        max(8, Int32(rgb.0 << 16 | rgb.1 << 8 | rgb.2))
    }
}
