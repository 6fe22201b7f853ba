/// Word wrapping by display width, for chat text that mixes CJK and Latin scripts.
public enum TextWrap {
    /// Wraps by display width: breaks at spaces when possible, anywhere inside CJK runs and
    /// over-long words; honours "\n". Never splits a grapheme. Text is sanitised first (tabs
    /// become spaces, controls become visible). Spaces at a break are dropped; indentation at the
    /// start of a paragraph is kept. CJK closing punctuation (、。」…) never starts a line.
    public static func wrap(_ text: String, width: Int) -> [String] {
        let safe = text.sanitizedForTerminal(keepNewlines: true)
        let paragraphs = safe.split(separator: "\n", omittingEmptySubsequences: false)
        guard width > 0 else { return paragraphs.map(String.init) }
        var out: [String] = []
        for paragraph in paragraphs {
            out.append(contentsOf: wrapParagraph(Substring(paragraph), width: width))
        }
        return out
    }

    /// A unit the wrapper never splits unless it alone is wider than the line.
    private struct Token {
        var text: String
        var width: Int
        var isSpace: Bool
    }

    private static func wrapParagraph(_ paragraph: Substring, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        var lineWidth = 0
        var pendingSpace = ""
        var pendingSpaceWidth = 0
        let tokens = tokenize(paragraph)

        func endLine() {
            lines.append(line)
            line = ""
            lineWidth = 0
            pendingSpace = ""
            pendingSpaceWidth = 0
        }

        for (index, token) in tokens.enumerated() {
            if token.isSpace {
                if index == 0 {
                    // Indentation at the start of a paragraph is content.
                    line = token.text
                    lineWidth = token.width
                    continue
                }
                pendingSpace += token.text
                pendingSpaceWidth += token.width
                continue
            }
            if lineWidth + pendingSpaceWidth + token.width <= width {
                line += pendingSpace + token.text
                lineWidth += pendingSpaceWidth + token.width
                pendingSpace = ""
                pendingSpaceWidth = 0
                continue
            }
            if token.width <= width {
                if lineWidth > 0 { endLine() }
                pendingSpace = ""
                pendingSpaceWidth = 0
                line = token.text
                lineWidth = token.width
                continue
            }
            // Longer than a whole line: fill the current line, then break between graphemes.
            if lineWidth + pendingSpaceWidth < width && lineWidth > 0 {
                line += pendingSpace
                lineWidth += pendingSpaceWidth
            } else if lineWidth > 0 {
                endLine()
            }
            pendingSpace = ""
            pendingSpaceWidth = 0
            for c in token.text {
                let w = DisplayWidth.of(c)
                if lineWidth + w > width && lineWidth > 0 { endLine() }
                line.append(c)
                lineWidth += w
            }
        }
        lines.append(line)
        return lines
    }

    /// Splits a paragraph into space runs, words of narrow characters, and single wide
    /// characters (each a break opportunity), with closing punctuation glued to what precedes it.
    private static func tokenize(_ paragraph: Substring) -> [Token] {
        var tokens: [Token] = []
        for c in paragraph {
            let w = DisplayWidth.of(c)
            let isSpace = c == " " || c == "\u{3000}"
            if isSpace {
                if let last = tokens.last, last.isSpace {
                    tokens[tokens.count - 1].text.append(c)
                    tokens[tokens.count - 1].width += w
                } else {
                    tokens.append(Token(text: String(c), width: w, isSpace: true))
                }
                continue
            }
            let gluesToPrevious = noBreakBefore.contains(c)
            if let last = tokens.last, !last.isSpace,
               gluesToPrevious || (w < 2 && !endsWithWide(last) && !noBreakAfter(last)) {
                tokens[tokens.count - 1].text.append(c)
                tokens[tokens.count - 1].width += w
            } else if let last = tokens.last, !last.isSpace, noBreakAfter(last) {
                tokens[tokens.count - 1].text.append(c)
                tokens[tokens.count - 1].width += w
            } else {
                tokens.append(Token(text: String(c), width: w, isSpace: false))
            }
        }
        return tokens
    }

    private static func endsWithWide(_ token: Token) -> Bool {
        guard let last = token.text.last else { return false }
        return DisplayWidth.of(last) >= 2
    }

    private static func noBreakAfter(_ token: Token) -> Bool {
        guard let last = token.text.last else { return false }
        return noBreakAfterSet.contains(last)
    }

    /// Characters that must not begin a line (a subset of the Japanese kinsoku rules).
    private static let noBreakBefore: Set<Character> = [
        "、", "。", "，", "．", "・", "：", "；", "？", "！", "）", "」", "』", "】", "〕", "〉", "》",
        "ー", "ぁ", "ぃ", "ぅ", "ぇ", "ぉ", "っ", "ゃ", "ゅ", "ょ", "ァ", "ィ", "ゥ", "ェ", "ォ",
        "ッ", "ャ", "ュ", "ョ", "々", "〜", "…",
        ".", ",", ")", "]", "}", "!", "?", ":", ";",
    ]

    /// Characters that must not end a line: opening brackets.
    private static let noBreakAfterSet: Set<Character> = ["（", "「", "『", "【", "〔", "〈", "《"]
}
