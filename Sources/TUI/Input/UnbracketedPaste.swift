/// Text that arrived in one read without bracketed-paste markers (a terminal without that mode,
/// or a paste through a program that strips it) is a paste, not typing: a person does not type
/// two characters within one read. Treating it as one `.paste` keeps a pasted "yes" or a line
/// with an `a` in it from answering a box key by key, and keeps pasted newlines from sending.
public enum UnbracketedPaste {
    /// `keys` decoded from one read: two or more printable characters (with tabs and newlines
    /// between them) become one `.paste`; an Enter at the very end stays an Enter, so a line
    /// typed ahead over a slow link still sends. Anything else (escape sequences, control keys,
    /// a single key) passes unchanged.
    public static func coalesce(_ keys: [Key]) -> [Key] {
        guard keys.count >= 2 else { return keys }
        let trailingEnter = keys.last == .enter
        let body = trailingEnter ? keys.dropLast() : keys[...]
        var text = ""
        var characters = 0
        for key in body {
            switch key {
            case .char(let c):
                text.append(c)
                characters += 1
            case .enter: text.append("\n")
            case .tab: text.append("\t")
            default: return keys
            }
        }
        guard characters >= 2 else { return keys }
        return trailingEnter ? [.paste(text), .enter] : [.paste(text)]
    }
}
