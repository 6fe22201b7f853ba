/// The one place that decides how many terminal columns a grapheme takes. Every widget measures
/// text with it, so layout, diffing and the cursor agree.
public enum DisplayWidth {
    /// Columns of one grapheme: 0 for controls and marks that combine or have no glyph, 2 for
    /// East Asian wide and fullwidth characters and for emoji shown as emoji (including ZWJ
    /// sequences, flags and anything ending in VS16), 1 otherwise.
    public static func of(_ c: Character) -> Int {
        if let ascii = c.asciiValue {
            return (ascii >= 0x20 && ascii != 0x7F) ? 1 : 0
        }
        let scalars = c.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if scalars.count == 1 {
            return width(ofScalar: first)
        }
        var regionalIndicators = 0
        var hasJoiner = false
        var hasEmojiVariation = false
        var hasEmoji = false
        for s in scalars {
            switch s.value {
            case 0x1F1E6...0x1F1FF: regionalIndicators += 1
            case 0x200D: hasJoiner = true
            case 0xFE0F: hasEmojiVariation = true
            default: if s.properties.isEmoji { hasEmoji = true }
            }
        }
        if regionalIndicators >= 2 { return 2 }
        if hasEmoji && (hasEmojiVariation || hasJoiner) { return 2 }
        // A base followed by marks: the first scalar that takes columns decides.
        for s in scalars {
            let w = width(ofScalar: s)
            if w > 0 { return w }
        }
        return 0
    }

    /// Sum of the widths of the graphemes of `s`.
    public static func of(_ s: String) -> Int {
        var total = 0
        for c in s { total += of(c) }
        return total
    }

    static func width(ofScalar s: Unicode.Scalar) -> Int {
        let v = s.value
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return 0 }
        if v < 0x300 { return 1 }
        switch s.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control, .surrogate:
            // Arabic number signs and similar prepended marks are visible, though "format".
            if (0x0600...0x0605).contains(v) || v == 0x06DD || v == 0x070F || v == 0x08E2 || v == 0x110BD {
                return 1
            }
            return 0
        default:
            break
        }
        if WideCharacterTable.contains(v, in: WideCharacterTable.extraZeroWidth) { return 0 }
        if WideCharacterTable.contains(v, in: WideCharacterTable.ranges) { return 2 }
        // Emoji newer than the table above.
        if v >= 0x1F000 && s.properties.isEmojiPresentation { return 2 }
        return 1
    }
}

extension String {
    /// Columns this text takes in a terminal (see `DisplayWidth`). Never use `count` for columns.
    public var displayWidth: Int { DisplayWidth.of(self) }
}
