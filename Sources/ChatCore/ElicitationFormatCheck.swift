/// The string formats an elicitation schema may ask for (MCP 2025-11-25 client/elicitation:
/// email, uri, date, date-time), checked as JSON Schema 2020-12 §7.3 defines them: `date` and
/// `date-time` by RFC 3339 §5.6, `uri` by RFC 3986 (an absolute URI), `email` by its shape.
enum ElicitationFormatCheck {
    static func matches(_ text: String, _ format: ElicitationField.Format) -> Bool {
        let scalars = Array(text.unicodeScalars)
        switch format {
        case .email: return isEmail(scalars)
        case .uri: return isURI(scalars)
        case .date: return isDate(scalars[...])
        case .dateTime: return isDateTime(scalars)
        }
    }

    /// What the field expects, for the message next to a value that does not match.
    static func expectation(_ format: ElicitationField.Format) -> String {
        switch format {
        case .email: return "not an email address (name@example.com)"
        case .uri: return "not a URI (e.g. https://example.com/page)"
        case .date: return "not a date (YYYY-MM-DD)"
        case .dateTime: return "not a date-time (YYYY-MM-DDThh:mm:ssZ or +hh:mm)"
        }
    }

    /// local@domain: one "@", no blanks or controls, a domain of two or more dot-separated labels
    /// (letters of any script, digits, hyphens). Quoted local parts are not taken.
    private static func isEmail(_ scalars: [Unicode.Scalar]) -> Bool {
        guard let at = scalars.firstIndex(of: "@"), scalars.lastIndex(of: "@") == at, at > 0 else { return false }
        let local = scalars[..<at]
        let domain = scalars[(at + 1)...]
        guard local.allSatisfy({ !isBlankOrControl($0) }) else { return false }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        return labels.allSatisfy { label in
            !label.isEmpty && label.first != "-" && label.last != "-"
                && label.allSatisfy { $0 == "-" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
        }
    }

    /// scheme ":" rest (RFC 3986 §3): the scheme a letter then letters, digits, "+", "-", ".";
    /// something after the colon; no blanks or controls anywhere.
    private static func isURI(_ scalars: [Unicode.Scalar]) -> Bool {
        guard let colon = scalars.firstIndex(of: ":"), colon > 0, colon + 1 < scalars.count else { return false }
        guard isASCIILetter(scalars[0]) else { return false }
        let schemeOK = scalars[1..<colon].allSatisfy { isASCIILetter($0) || isDigit($0) || "+-.".unicodeScalars.contains($0) }
        return schemeOK && !scalars.contains(where: isBlankOrControl)
    }

    /// full-date = YYYY "-" MM "-" DD, a day that exists in that month (29 February in leap years).
    private static func isDate(_ s: ArraySlice<Unicode.Scalar>) -> Bool {
        let s = Array(s)
        guard s.count == 10, s[4] == "-", s[7] == "-",
              let year = digits(s[0..<4]), let month = digits(s[5..<7]), let day = digits(s[8..<10]) else { return false }
        guard (1...12).contains(month), day >= 1 else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= days[month - 1]
    }

    /// full-date "T" hh:mm:ss[.frac] ("Z" | ("+"|"-") hh:mm); "t" and "z" too (RFC 3339 §5.6).
    private static func isDateTime(_ s: [Unicode.Scalar]) -> Bool {
        guard s.count >= 20, isDate(s[0..<10]), s[10] == "T" || s[10] == "t" else { return false }
        guard s[13] == ":", s[16] == ":", let hour = digits(s[11..<13]), let minute = digits(s[14..<16]),
              let second = digits(s[17..<19]), hour <= 23, minute <= 59, second <= 60 else { return false }
        var i = 19
        if s[i] == "." {
            let start = i + 1
            i = start
            while i < s.count, isDigit(s[i]) { i += 1 }
            guard i > start else { return false }
        }
        guard i < s.count else { return false }
        if s[i] == "Z" || s[i] == "z" { return i + 1 == s.count }
        guard s[i] == "+" || s[i] == "-", s.count - i == 6, s[i + 3] == ":",
              let offsetHour = digits(s[(i + 1)..<(i + 3)]), let offsetMinute = digits(s[(i + 4)..<(i + 6)]) else { return false }
        return offsetHour <= 23 && offsetMinute <= 59
    }

    private static func digits(_ s: ArraySlice<Unicode.Scalar>) -> Int? {
        guard !s.isEmpty, s.allSatisfy(isDigit) else { return nil }
        return s.reduce(0) { $0 * 10 + Int($1.value - 48) }
    }

    private static func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }
    private static func isASCIILetter(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("A"..."Z").contains(c) }
    private static func isBlankOrControl(_ c: Unicode.Scalar) -> Bool {
        c.properties.isWhitespace || c.properties.generalCategory == .control
    }
}
