/// Word wrapping by display width, for chat text that mixes CJK and Latin scripts.
public enum TextWrap {
    /// Wraps by display width: breaks at spaces when possible, anywhere inside CJK runs and
    /// over-long words; honours "\n". Never splits a grapheme. Text is sanitised first (tabs
    /// become spaces, controls become visible). Spaces at a break are dropped; indentation at the
    /// start of a paragraph is kept. CJK closing punctuation (、。」…) never starts a line.
    public static func wrap(_ text: String, width: Int) -> [String] {
        wrap([Span(text)], width: width).map(\.plainText)
    }

    /// The same wrapping for styled text: each returned line is a list of spans, with adjacent
    /// graphemes of equal style merged. Each span is sanitised on its own (tab stops count from
    /// the span's start).
    public static func wrap(_ spans: [Span], width: Int) -> [[Span]] {
        var paragraphs: [[Glyph]] = [[]]
        for span in spans {
            for c in span.text.sanitizedForTerminal(keepNewlines: true) {
                if c == "\n" {
                    paragraphs.append([])
                } else {
                    paragraphs[paragraphs.count - 1].append(Glyph(c, style: span.style))
                }
            }
        }
        var out: [[Span]] = []
        for paragraph in paragraphs {
            let lines = width > 0 ? wrapParagraph(paragraph, width: width) : [paragraph]
            out.append(contentsOf: lines.map(spans(of:)))
        }
        return out
    }

    /// One grapheme with its width and style.
    struct Glyph {
        var character: Character
        var width: Int
        var style: Style
        var isSpace: Bool

        init(_ c: Character, style: Style) {
            character = c
            width = DisplayWidth.of(c)
            self.style = style
            isSpace = c == " " || c == "\u{3000}"
        }
    }

    /// A unit the wrapper never splits unless it alone is wider than the line.
    private struct Token {
        var glyphs: [Glyph]
        var width: Int
        var isSpace: Bool
    }

    private static func wrapParagraph(_ paragraph: [Glyph], width: Int) -> [[Glyph]] {
        var lines: [[Glyph]] = []
        var line: [Glyph] = []
        var lineWidth = 0
        var pendingSpace: [Glyph] = []
        var pendingSpaceWidth = 0

        func endLine() {
            lines.append(line)
            line = []
            lineWidth = 0
        }
        func dropPendingSpace() {
            pendingSpace = []
            pendingSpaceWidth = 0
        }

        for (index, token) in tokenize(paragraph).enumerated() {
            if token.isSpace {
                if index == 0 {
                    // Indentation at the start of a paragraph is content.
                    line = token.glyphs
                    lineWidth = token.width
                } else {
                    pendingSpace += token.glyphs
                    pendingSpaceWidth += token.width
                }
                continue
            }
            if lineWidth + pendingSpaceWidth + token.width <= width {
                line += pendingSpace + token.glyphs
                lineWidth += pendingSpaceWidth + token.width
                dropPendingSpace()
                continue
            }
            if token.width <= width {
                if lineWidth > 0 { endLine() }
                dropPendingSpace()
                line = token.glyphs
                lineWidth = token.width
                continue
            }
            // Longer than a whole line: fill the current line, then break between graphemes.
            if lineWidth > 0 && lineWidth + pendingSpaceWidth < width {
                line += pendingSpace
                lineWidth += pendingSpaceWidth
            } else if lineWidth > 0 {
                endLine()
            }
            dropPendingSpace()
            for glyph in token.glyphs {
                if lineWidth + glyph.width > width && lineWidth > 0 { endLine() }
                line.append(glyph)
                lineWidth += glyph.width
            }
        }
        lines.append(line)
        return lines
    }

    /// Splits a paragraph into space runs, words of narrow characters, and single wide
    /// characters (each a break opportunity), with closing punctuation glued to what precedes it
    /// and opening brackets glued to what follows.
    private static func tokenize(_ paragraph: [Glyph]) -> [Token] {
        var tokens: [Token] = []
        for glyph in paragraph {
            if let last = tokens.last, last.isSpace == glyph.isSpace,
               glyph.isSpace || joins(glyph, after: last) {
                tokens[tokens.count - 1].glyphs.append(glyph)
                tokens[tokens.count - 1].width += glyph.width
            } else {
                tokens.append(Token(glyphs: [glyph], width: glyph.width, isSpace: glyph.isSpace))
            }
        }
        return tokens
    }

    /// Whether no line break may come between the end of `token` and `glyph`.
    private static func joins(_ glyph: Glyph, after token: Token) -> Bool {
        guard let previous = token.glyphs.last else { return false }
        // Two narrow characters always join; only otherwise are the (costly to hash) sets asked.
        if glyph.width < 2 && previous.width < 2 { return true }
        return noBreakBefore.contains(glyph.character) || noBreakAfter.contains(previous.character)
    }

    private static func spans(of glyphs: [Glyph]) -> [Span] {
        var out: [Span] = []
        for glyph in glyphs {
            if let last = out.last, last.style == glyph.style {
                out[out.count - 1].text.append(glyph.character)
            } else {
                out.append(Span(String(glyph.character), style: glyph.style))
            }
        }
        return out
    }

    /// Characters that must not begin a line (a subset of the Japanese kinsoku rules, and ASCII
    /// punctuation that would otherwise split from a CJK word before it).
    private static let noBreakBefore: Set<Character> = [
        "、", "。", "，", "．", "・", "：", "；", "？", "！", "）", "」", "』", "】", "〕", "〉", "》",
        "ー", "ぁ", "ぃ", "ぅ", "ぇ", "ぉ", "っ", "ゃ", "ゅ", "ょ", "ァ", "ィ", "ゥ", "ェ", "ォ",
        "ッ", "ャ", "ュ", "ョ", "々", "〜", "…",
        ".", ",", ")", "]", "}", "!", "?", ":", ";",
    ]

    /// Characters that must not end a line: opening brackets.
    private static let noBreakAfter: Set<Character> = ["（", "「", "『", "【", "〔", "〈", "《"]
}
