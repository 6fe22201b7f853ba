import struct Foundation.Data

/// A strict JSON (RFC 8259) parser that remembers the line of every value and object key,
/// so config problems can say where they are; Foundation's `JSONSerialization` gives no positions.
struct ConfigJSON: Sendable, Equatable {
    /// One JSON value and the 1-based line where it starts.
    indirect enum Value: Sendable, Equatable {
        case null
        case bool(Bool)
        case number(Double)
        case string(String)
        case array([ConfigJSON])
        /// Members in file order; duplicate keys are kept so the caller can report them.
        case object([Member])
    }

    /// One `"key": value` pair of an object.
    struct Member: Sendable, Equatable {
        var key: String
        var keyLine: Int
        var value: ConfigJSON
    }

    /// Why the text is not JSON, and where (1-based line and column, columns count characters).
    struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
        var line: Int
        var column: Int
        var message: String
        var description: String { "\(line):\(column): \(message)" }
    }

    var value: Value
    var line: Int

    /// Parses one JSON text. A leading UTF-8 byte order mark is skipped (RFC 8259 §8.1 allows it).
    static func parse(_ data: Data) throws(SyntaxError) -> ConfigJSON {
        var reader = Reader(bytes: Array(data))
        if reader.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.index = 3 }
        reader.skipWhitespace()
        let root = try reader.parseValue(depth: 0)
        reader.skipWhitespace()
        if reader.index < reader.bytes.count {
            throw reader.error("unexpected \(reader.describeCurrent()) after the end of the JSON value")
        }
        return root
    }
}

extension ConfigJSON {
    /// Walks the bytes once, tracking line and column for messages.
    private struct Reader {
        let bytes: [UInt8]
        var index = 0
        var line = 1
        var column = 1

        /// Deep nesting would overflow the stack of this recursive parser; no config needs it.
        static let maxDepth = 256

        init(bytes: [UInt8]) { self.bytes = bytes }

        func error(_ message: String) -> SyntaxError {
            SyntaxError(line: line, column: column, message: message)
        }

        var current: UInt8? { index < bytes.count ? bytes[index] : nil }

        func describeCurrent() -> String {
            guard let b = current else { return "end of file" }
            if b >= 0x21 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
            if b == 0x0A { return "end of line" }
            return "byte 0x\(String(b, radix: 16, uppercase: true))"
        }

        /// Moves past one byte; continuation bytes of a UTF-8 sequence do not add a column.
        mutating func advance() {
            let b = bytes[index]
            index += 1
            if b == 0x0A {
                line += 1
                column = 1
            } else if b & 0xC0 != 0x80 {
                column += 1
            }
        }

        mutating func skipWhitespace() {
            while let b = current, b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { advance() }
        }

        mutating func parseLiteral(_ literal: String, value: Value) throws(SyntaxError) -> ConfigJSON {
            let startLine = line
            for expected in literal.utf8 {
                guard current == expected else {
                    throw error("invalid literal: expected \"\(literal)\"")
                }
                advance()
            }
            return ConfigJSON(value: value, line: startLine)
        }

        mutating func parseValue(depth: Int) throws(SyntaxError) -> ConfigJSON {
            guard depth < Self.maxDepth else { throw error("nested more than \(Self.maxDepth) levels deep") }
            let startLine = line
            switch current {
            case UInt8(ascii: "{"): return try parseObject(depth: depth)
            case UInt8(ascii: "["): return try parseArray(depth: depth)
            case UInt8(ascii: "\""): return ConfigJSON(value: .string(try parseString()), line: startLine)
            case UInt8(ascii: "t"): return try parseLiteral("true", value: .bool(true))
            case UInt8(ascii: "f"): return try parseLiteral("false", value: .bool(false))
            case UInt8(ascii: "n"): return try parseLiteral("null", value: .null)
            case let b? where b == UInt8(ascii: "-") || (b >= 0x30 && b <= 0x39):
                return ConfigJSON(value: .number(try parseNumber()), line: startLine)
            default:
                throw error("expected a value, found \(describeCurrent())")
            }
        }

        mutating func parseObject(depth: Int) throws(SyntaxError) -> ConfigJSON {
            let startLine = line
            advance()  // {
            var members: [Member] = []
            skipWhitespace()
            if current == UInt8(ascii: "}") {
                advance()
                return ConfigJSON(value: .object(members), line: startLine)
            }
            while true {
                skipWhitespace()
                guard current == UInt8(ascii: "\"") else {
                    throw error("expected a string key in double quotes, found \(describeCurrent())")
                }
                let keyLine = line
                let key = try parseString()
                skipWhitespace()
                guard current == UInt8(ascii: ":") else {
                    throw error("expected ':' after the key \"\(key)\", found \(describeCurrent())")
                }
                advance()
                skipWhitespace()
                let value = try parseValue(depth: depth + 1)
                members.append(Member(key: key, keyLine: keyLine, value: value))
                skipWhitespace()
                switch current {
                case UInt8(ascii: ","): advance()
                case UInt8(ascii: "}"):
                    advance()
                    return ConfigJSON(value: .object(members), line: startLine)
                default:
                    throw error("expected ',' or '}' in object, found \(describeCurrent())")
                }
            }
        }

        mutating func parseArray(depth: Int) throws(SyntaxError) -> ConfigJSON {
            let startLine = line
            advance()  // [
            var elements: [ConfigJSON] = []
            skipWhitespace()
            if current == UInt8(ascii: "]") {
                advance()
                return ConfigJSON(value: .array(elements), line: startLine)
            }
            while true {
                skipWhitespace()
                elements.append(try parseValue(depth: depth + 1))
                skipWhitespace()
                switch current {
                case UInt8(ascii: ","): advance()
                case UInt8(ascii: "]"):
                    advance()
                    return ConfigJSON(value: .array(elements), line: startLine)
                default:
                    throw error("expected ',' or ']' in array, found \(describeCurrent())")
                }
            }
        }

        mutating func parseString() throws(SyntaxError) -> String {
            advance()  // opening quote
            var utf8: [UInt8] = []
            while true {
                guard let b = current else { throw error("unterminated string") }
                switch b {
                case UInt8(ascii: "\""):
                    advance()
                    guard let s = String(validating: utf8, as: UTF8.self) else {
                        throw error("string is not valid UTF-8")
                    }
                    return s
                case UInt8(ascii: "\\"):
                    advance()
                    try parseEscape(into: &utf8)
                case 0x00..<0x20:
                    throw error("control character in string (escape it, e.g. \\n)")
                default:
                    utf8.append(b)
                    advance()
                }
            }
        }

        mutating func parseEscape(into utf8: inout [UInt8]) throws(SyntaxError) {
            guard let c = current else { throw error("unterminated string") }
            let simple: [UInt8: UInt8] = [
                UInt8(ascii: "\""): 0x22, UInt8(ascii: "\\"): 0x5C, UInt8(ascii: "/"): 0x2F,
                UInt8(ascii: "b"): 0x08, UInt8(ascii: "f"): 0x0C, UInt8(ascii: "n"): 0x0A,
                UInt8(ascii: "r"): 0x0D, UInt8(ascii: "t"): 0x09,
            ]
            if let byte = simple[c] {
                utf8.append(byte)
                advance()
                return
            }
            guard c == UInt8(ascii: "u") else { throw error("invalid escape \\\(describeCurrent())") }
            advance()
            var code = try parseHex4()
            if (0xD800...0xDBFF).contains(code) {
                // A high surrogate must be followed by an escaped low surrogate.
                guard current == UInt8(ascii: "\\") else { throw error("unpaired surrogate in \\u escape") }
                advance()
                guard current == UInt8(ascii: "u") else { throw error("unpaired surrogate in \\u escape") }
                advance()
                let low = try parseHex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw error("unpaired surrogate in \\u escape") }
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(code) {
                throw error("unpaired surrogate in \\u escape")
            }
            guard let scalar = Unicode.Scalar(code) else { throw error("invalid \\u escape") }
            utf8.append(contentsOf: Array(String(Character(scalar)).utf8))
        }

        mutating func parseHex4() throws(SyntaxError) -> UInt32 {
            var code: UInt32 = 0
            for _ in 0..<4 {
                guard let b = current, let digit = Self.hexValue(b) else {
                    throw error("expected 4 hex digits after \\u")
                }
                code = code << 4 | UInt32(digit)
                advance()
            }
            return code
        }

        static func hexValue(_ b: UInt8) -> UInt8? {
            switch b {
            case 0x30...0x39: return b - 0x30
            case 0x41...0x46: return b - 0x41 + 10
            case 0x61...0x66: return b - 0x61 + 10
            default: return nil
            }
        }

        /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?` (RFC 8259 §6).
        mutating func parseNumber() throws(SyntaxError) -> Double {
            let start = index
            func isDigit(_ b: UInt8?) -> Bool { b.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
            if current == UInt8(ascii: "-") { advance() }
            if current == UInt8(ascii: "0") {
                advance()
                if isDigit(current) { throw error("numbers must not have leading zeros") }
            } else if isDigit(current) {
                while isDigit(current) { advance() }
            } else {
                throw error("expected a digit in number")
            }
            if current == UInt8(ascii: ".") {
                advance()
                guard isDigit(current) else { throw error("expected a digit after '.' in number") }
                while isDigit(current) { advance() }
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                advance()
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { advance() }
                guard isDigit(current) else { throw error("expected a digit in the exponent of number") }
                while isDigit(current) { advance() }
            }
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            guard let number = Double(text), number.isFinite else { throw error("number \(text) is out of range") }
            return number
        }
    }
}
