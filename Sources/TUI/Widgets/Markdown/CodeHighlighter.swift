/// Splits code into coloured tokens with one small table-driven scanner: comments, strings,
/// numbers, keywords, types, constants (and a few per-language extras), as a `CodeLanguage`
/// table describes them. It is a highlighter, not a parser: a token it cannot place stays plain,
/// and an unclosed string or comment (a reply still streaming) runs to the end of the code.
enum CodeHighlighter {
    /// What a token is; each kind is drawn with the theme role `code.<kind>`.
    enum Kind: String, Sendable, CaseIterable {
        case keyword, type, constant, string, number, comment, property, variable, inserted, deleted, meta

        var role: String {
            switch self {
            case .keyword: return "code.keyword"
            case .type: return "code.type"
            case .constant: return "code.constant"
            case .string: return "code.string"
            case .number: return "code.number"
            case .comment: return "code.comment"
            case .property: return "code.property"
            case .variable: return "code.variable"
            case .inserted: return "code.inserted"
            case .deleted: return "code.deleted"
            case .meta: return "code.meta"
            }
        }
    }

    /// A run of code text and its kind (nil: plain).
    struct Token: Equatable {
        var text: String
        var kind: Kind?
    }

    static func tokens(_ code: String, language: CodeLanguage) -> [Token] {
        var scanner = Scanner(Array(code), language: language)
        if language.linePrefixes.isEmpty {
            scanner.scan()
        } else {
            scanner.scanLines()
        }
        return scanner.out
    }

    private struct Scanner {
        let chars: [Character]
        let language: CodeLanguage
        let lineComments: [[Character]]
        let blockComment: (open: [Character], close: [Character])?
        let quotes: [(quote: CodeLanguage.Quote, open: [Character], close: [Character])]
        var out: [Token] = []
        var plainStart: Int?

        init(_ chars: [Character], language: CodeLanguage) {
            self.chars = chars
            self.language = language
            lineComments = language.lineComments.map { Array($0) }
            blockComment = language.blockComment.map { (Array($0.open), Array($0.close)) }
            quotes = language.quotes.map { ($0, Array($0.open), Array($0.close)) }
        }

        mutating func scanLines() {
            var start = 0
            while start < chars.count {
                var end = start
                while end < chars.count, chars[end] != "\n" { end += 1 }
                let line = String(chars[start..<end])
                let kind = language.linePrefixes.first { line.hasPrefix($0.prefix) }?.kind
                out.append(Token(text: line + (end < chars.count ? "\n" : ""), kind: kind))
                start = end + 1
            }
        }

        mutating func scan() {
            var i = 0
            while i < chars.count {
                if let end = comment(at: i) {
                    emit(i..<end, .comment)
                    i = end
                } else if let (end, kind) = string(at: i) {
                    emit(i..<end, kind)
                    i = end
                } else if language.dollarVariables, let end = variable(at: i) {
                    emit(i..<end, .variable)
                    i = end
                } else if chars[i].isASCII, chars[i].isNumber, i == 0 || !isIdentifier(chars[i - 1]) {
                    let end = number(at: i)
                    emit(i..<end, .number)
                    i = end
                } else if isIdentifierStart(chars[i]) {
                    var end = i + 1
                    while end < chars.count, isIdentifier(chars[end]) { end += 1 }
                    emit(i..<end, kind(ofWord: String(chars[i..<end])))
                    i = end
                } else {
                    if plainStart == nil { plainStart = i }
                    i += 1
                }
            }
            flushPlain(upTo: chars.count)
        }

        mutating func emit(_ range: Range<Int>, _ kind: Kind?) {
            guard let kind else {
                if plainStart == nil { plainStart = range.lowerBound }
                return
            }
            flushPlain(upTo: range.lowerBound)
            out.append(Token(text: String(chars[range]), kind: kind))
        }

        mutating func flushPlain(upTo end: Int) {
            if let start = plainStart, start < end { out.append(Token(text: String(chars[start..<end]), kind: nil)) }
            plainStart = nil
        }

        func matches(_ pattern: [Character], at i: Int) -> Bool {
            guard i + pattern.count <= chars.count else { return false }
            for (offset, c) in pattern.enumerated() where chars[i + offset] != c { return false }
            return true
        }

        /// The end of a comment starting at `i`.
        func comment(at i: Int) -> Int? {
            if let block = blockComment, matches(block.open, at: i) {
                var j = i + block.open.count
                while j < chars.count, !matches(block.close, at: j) { j += 1 }
                return min(chars.count, j + block.close.count)
            }
            for marker in lineComments where matches(marker, at: i) {
                if language.commentNeedsWordStart, i > 0, !chars[i - 1].isWhitespace { continue }
                var j = i
                while j < chars.count, chars[j] != "\n" { j += 1 }
                return j
            }
            return nil
        }

        /// The end and kind of a string literal starting at `i`.
        func string(at i: Int) -> (Int, Kind)? {
            for (quote, open, close) in quotes where matches(open, at: i) {
                var j = i + open.count
                if quote.singleCharacter {
                    // 'x' or '\n'; otherwise a lone quote (a Rust lifetime 'a) is plain.
                    guard j < chars.count, chars[j] != "\n" else { continue }
                    if chars[j] == "\\" {
                        j += 2
                        while j < chars.count, chars[j] != "\n", !matches(close, at: j) { j += 1 }
                    } else {
                        j += 1
                        guard matches(close, at: j) else { continue }
                    }
                    return (min(chars.count, j + close.count), .string)
                }
                while j < chars.count {
                    if quote.escapes, chars[j] == "\\" {
                        j += 2
                        continue
                    }
                    if matches(close, at: j) {
                        j += close.count
                        break
                    }
                    if chars[j] == "\n", !quote.multiline { break }
                    j += 1
                }
                j = min(j, chars.count)
                return (j, language.stringKeys && followedByColon(j) ? .property : .string)
            }
            return nil
        }

        func followedByColon(_ i: Int) -> Bool {
            var j = i
            while j < chars.count, chars[j] == " " || chars[j] == "\t" { j += 1 }
            return j < chars.count && chars[j] == ":"
        }

        /// `$NAME`, `$1`, `$?`, `${…}`.
        func variable(at i: Int) -> Int? {
            guard chars[i] == "$", i + 1 < chars.count else { return nil }
            let next = chars[i + 1]
            if next == "{" {
                var j = i + 2
                while j < chars.count, chars[j] != "}", chars[j] != "\n" { j += 1 }
                return min(chars.count, j + 1)
            }
            if isIdentifierStart(next) {
                var j = i + 2
                while j < chars.count, isIdentifier(chars[j]) { j += 1 }
                return j
            }
            if next.isASCII, next.isNumber || "@#?$!*-".contains(next) { return i + 2 }
            return nil
        }

        /// Digits, hex and exponent letters, underscores and a decimal point followed by a digit
        /// (so Swift's `0..<9` keeps its range operator).
        func number(at i: Int) -> Int {
            var j = i + 1
            while j < chars.count {
                let c = chars[j]
                if c.isASCII, c.isLetter || c.isNumber || c == "_" {
                    j += 1
                } else if c == ".", j + 1 < chars.count, chars[j + 1].isASCII, chars[j + 1].isNumber {
                    j += 2
                } else {
                    break
                }
            }
            return j
        }

        func kind(ofWord word: String) -> Kind? {
            if language.keywords.contains(word) { return .keyword }
            if language.constants.contains(word) { return .constant }
            if language.types.contains(word) { return .type }
            if language.capitalizedAreTypes, let first = word.first, first.isUppercase { return .type }
            return nil
        }

        func isIdentifierStart(_ c: Character) -> Bool {
            c.isLetter || c == "_" || (language.dollarInIdentifiers && c == "$")
        }

        func isIdentifier(_ c: Character) -> Bool {
            c.isLetter || c.isNumber || c == "_" || (language.dollarInIdentifiers && c == "$")
        }
    }
}
