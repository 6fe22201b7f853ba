/// One key press (or one bracketed paste, or one mouse report) decoded from terminal input.
///
/// Conventions: Ctrl-A is `.ctrl("a")`; Ctrl-J (byte 0x0A) is `.ctrl("j")`, not `.enter`;
/// Ctrl-Space is `.ctrl(" ")`; Alt-Backspace is `.alt("\u{7F}")`; Ctrl/Alt with Left or Right
/// arrives as `.alt("b")` / `.alt("f")` (word movement, as in readline).
public enum Key: Equatable, Hashable, Sendable {
    case char(Character)
    case ctrl(Character)
    case alt(Character)
    case enter, altEnter, tab, backTab, backspace, delete, escape
    case up, down, left, right, home, end, pageUp, pageDown, insert
    case function(Int)
    /// Text pasted while bracketed paste was on, newlines normalised to "\n". Untrusted.
    case paste(String)
    /// A mouse report (only while the terminal's mouse reporting is on: `MouseReporting`).
    case mouse(MouseEvent)
    /// A sequence we do not understand, shown with ESC as "^[" (for logs and debugging).
    case unknown(String)
}
