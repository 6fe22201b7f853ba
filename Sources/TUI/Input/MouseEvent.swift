/// One mouse report from the terminal (xterm SGR 1006, or the older X10 bytes), at 0-based
/// cell coordinates. Only what mcpterm uses is told apart: the wheel, presses and releases.
public struct MouseEvent: Equatable, Hashable, Sendable {
    public enum Action: Equatable, Hashable, Sendable {
        /// The wheel turned towards the top of the text (buttons 4 and 5 in xterm's numbering).
        case wheelUp
        case wheelDown
        /// Button 1 (left), 2 (middle) or 3 (right) went down.
        case press(button: Int)
        case release
        /// The pointer moved with a button held, or a horizontal wheel: reported, not used.
        case other
    }

    public var action: Action
    /// Column and row of the cell under the pointer, from 0.
    public var x: Int
    public var y: Int

    public init(_ action: Action, x: Int, y: Int) {
        self.action = action
        self.x = x
        self.y = y
    }

    /// The report's button code (xterm: low two bits the button, 32 motion, 64 the wheel;
    /// shift 4, meta 8 and ctrl 16 are ignored) at 1-based `column` and `row`.
    static func decoded(code: Int, column: Int, row: Int, released: Bool) -> MouseEvent {
        let action: Action
        if code & 64 != 0 {
            switch code & 3 {
            case 0: action = .wheelUp
            case 1: action = .wheelDown
            default: action = .other
            }
        } else if code & 32 != 0 {
            action = .other
        } else if released || code & 3 == 3 {
            action = .release
        } else {
            action = .press(button: (code & 3) + 1)
        }
        return MouseEvent(action, x: max(0, column - 1), y: max(0, row - 1))
    }
}

/// The control sequences that switch the terminal's mouse reporting: button presses and the
/// wheel (1000), in SGR coordinates (1006), so columns past 223 arrive intact. Drags (1002) and
/// motion (1003) stay off: mcpterm does nothing with them and they would flood the input.
public enum MouseReporting {
    public static let on = "\u{1B}[?1000h\u{1B}[?1006h"
    public static let off = "\u{1B}[?1006l\u{1B}[?1000l"
}
