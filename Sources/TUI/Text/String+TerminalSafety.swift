extension String {
    /// Columns between tab stops when tabs are expanded.
    public static let terminalTabWidth = 4

    /// Untrusted text made safe for a cell. C0 controls, ESC and DEL become their visible
    /// Control Pictures (ESC -> "␛", BEL -> "␇"); a C1 control becomes "␛" plus its 7-bit form
    /// (CSI U+009B -> "␛["), so no escape sequence can reach the terminal. Tabs become spaces up
    /// to the next tab stop. "\n" (and "\r\n", U+2028, U+2029) is kept only if `keepNewlines`;
    /// otherwise it shows as "␊".
    public func sanitizedForTerminal(keepNewlines: Bool = false) -> String {
        if !unicodeScalars.contains(where: { Self.needsSanitizing($0) }) {
            return self
        }
        // One pass that appends in place. (Building the result as `UnicodeScalarView`s joined
        // per line copied the whole result once per line: minutes for a 20 MB log.)
        var out = ""
        out.reserveCapacity(utf8.count)
        // The text since the last tab stop or line start, and the column where it begins, so a
        // tab measures only that text.
        var segment = String.UnicodeScalarView()
        var segmentColumn = 0
        var previousWasCR = false
        func flush() {
            out.append(String(segment))
            segment.removeAll(keepingCapacity: true)
        }
        for s in unicodeScalars {
            let v = s.value
            defer { previousWasCR = (v == 0x0D) }
            switch v {
            case 0x0A, 0x2028, 0x2029:
                if keepNewlines {
                    if v == 0x0A && previousWasCR { segment.removeLast() }
                    flush()
                    out.append("\n")
                    segmentColumn = 0
                } else {
                    segment.append("\u{240A}")
                }
            case 0x09:
                let column = segmentColumn + String(segment).displayWidth
                let spaces = Self.terminalTabWidth - column % Self.terminalTabWidth
                flush()
                out.append(String(repeating: " ", count: spaces))
                segmentColumn = column + spaces
            case 0x00..<0x20:
                segment.append(Unicode.Scalar(0x2400 + v)!)
            case 0x7F:
                segment.append("\u{2421}")
            case 0x80...0x9F:
                segment.append("\u{241B}")
                segment.append(Unicode.Scalar(v - 0x40)!)
            default:
                segment.append(s)
            }
        }
        flush()
        return out
    }

    private static func needsSanitizing(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return v < 0x20 || (v >= 0x7F && v <= 0x9F) || v == 0x2028 || v == 0x2029
    }
}
