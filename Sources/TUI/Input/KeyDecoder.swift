/// Decodes raw terminal input bytes into keys: UTF-8 (also split across reads), CSI and SS3
/// sequences (xterm, with modifiers, CSI u), Alt+key as ESC prefix, bracketed paste
/// (ESC[200~ ... ESC[201~ arrives as ONE `.paste`) and mouse reports (SGR 1006 and X10, as
/// `.mouse`). A lone ESC is reported only by `flush()`, which the caller invokes after ~25 ms
/// without input.
public struct KeyDecoder: Sendable {
    private var pending: [UInt8] = []
    private var pasting = false
    private var pasteBytes: [UInt8] = []

    private static let pasteEnd: [UInt8] = Array("\u{1B}[201~".utf8)

    public init() {}

    public mutating func feed(_ bytes: [UInt8]) -> [Key] {
        pending.append(contentsOf: bytes)
        return decode(final: false)
    }

    /// Called when input has been idle: a pending ESC (or an unfinished sequence) is resolved.
    public mutating func flush() -> [Key] {
        decode(final: true)
    }

    private mutating func decode(final: Bool) -> [Key] {
        var keys: [Key] = []
        var i = 0
        while i < pending.count {
            if pasting {
                i = consumePaste(from: i, into: &keys)
                continue
            }
            switch parse(at: i, final: final) {
            case .incomplete:
                pending.removeFirst(i)
                return keys
            case .key(let key, let length):
                i += length
                keys.append(key)
            case .pasteStart(let length):
                i += length
                pasting = true
                pasteBytes = []
            }
        }
        pending.removeAll(keepingCapacity: true)
        return keys
    }

    /// Moves bytes into the paste until the end marker; emits the paste when it is found.
    private mutating func consumePaste(from start: Int, into keys: inout [Key]) -> Int {
        let searchFrom = max(0, pasteBytes.count - (Self.pasteEnd.count - 1))
        pasteBytes.append(contentsOf: pending[start...])
        let end = pending.count
        guard let marker = Self.find(Self.pasteEnd, in: pasteBytes, from: searchFrom) else {
            return end
        }
        let extra = pasteBytes.count - (marker + Self.pasteEnd.count)
        let text = String(decoding: pasteBytes[..<marker], as: UTF8.self)
            .replacingCRLF()
        keys.append(.paste(text))
        pasting = false
        pasteBytes = []
        return end - extra
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var i = from
        while i + needle.count <= haystack.count {
            if haystack[i] == needle[0] && haystack[i..<(i + needle.count)].elementsEqual(needle) {
                return i
            }
            i += 1
        }
        return nil
    }

    private enum Step {
        case incomplete
        case key(Key, length: Int)
        case pasteStart(length: Int)
    }

    private func parse(at i: Int, final: Bool) -> Step {
        let b = pending[i]
        if b == 0x1B {
            return parseEscape(at: i, final: final)
        }
        if b < 0x20 || b == 0x7F {
            return .key(Self.control(b), length: 1)
        }
        return parseUTF8(at: i, final: final)
    }

    static func control(_ b: UInt8) -> Key {
        switch b {
        case 0x0D: return .enter
        case 0x09: return .tab
        case 0x7F, 0x08: return .backspace
        case 0x00: return .ctrl(" ")
        case 0x1B: return .escape
        case 0x01...0x1A: return .ctrl(Character(Unicode.Scalar(b + 0x60)))
        default: return .ctrl(Character(Unicode.Scalar(b + 0x40)))  // 0x1C-0x1F: \ ] ^ _
        }
    }

    private func parseUTF8(at i: Int, final: Bool) -> Step {
        let b = pending[i]
        let length: Int
        switch b {
        case 0x00..<0x80: length = 1
        case 0xC2..<0xE0: length = 2
        case 0xE0..<0xF0: length = 3
        case 0xF0..<0xF5: length = 4
        default: return .key(.char("\u{FFFD}"), length: 1)
        }
        if i + length > pending.count {
            // Stay pending for the rest of the character unless a non-continuation byte says it
            // will never come.
            for j in (i + 1)..<pending.count where pending[j] & 0xC0 != 0x80 {
                return .key(.char("\u{FFFD}"), length: j - i)
            }
            return .incomplete
        }
        for j in (i + 1)..<(i + length) where pending[j] & 0xC0 != 0x80 {
            return .key(.char("\u{FFFD}"), length: j - i)
        }
        let scalarText = String(decoding: pending[i..<(i + length)], as: UTF8.self)
        return .key(.char(scalarText.first ?? "\u{FFFD}"), length: length)
    }

    private func parseEscape(at i: Int, final: Bool) -> Step {
        guard i + 1 < pending.count else {
            return final ? .key(.escape, length: 1) : .incomplete
        }
        let next = pending[i + 1]
        switch next {
        case UInt8(ascii: "["):
            return parseCSI(at: i, final: final)
        case UInt8(ascii: "O"):
            guard i + 2 < pending.count else {
                return final ? .key(.alt("O"), length: 2) : .incomplete
            }
            return .key(Self.ss3(pending[i + 2]), length: 3)
        case 0x0D, 0x0A:
            return .key(.altEnter, length: 2)
        case 0x7F, 0x08:
            return .key(.alt("\u{7F}"), length: 2)
        case 0x1B:
            return .key(.escape, length: 1)
        case 0x00..<0x20:
            return .key(.escape, length: 1)
        default:
            switch parseUTF8(at: i + 1, final: final) {
            case .incomplete:
                return final ? .key(.escape, length: 1) : .incomplete
            case .key(.char(let c), let length):
                return .key(.alt(c), length: 1 + length)
            case .key(let key, let length):
                return .key(key, length: 1 + length)
            case .pasteStart:
                return .key(.escape, length: 1)
            }
        }
    }

    private static func ss3(_ b: UInt8) -> Key {
        switch b {
        case UInt8(ascii: "A"): return .up
        case UInt8(ascii: "B"): return .down
        case UInt8(ascii: "C"): return .right
        case UInt8(ascii: "D"): return .left
        case UInt8(ascii: "H"): return .home
        case UInt8(ascii: "F"): return .end
        case UInt8(ascii: "M"): return .enter
        case UInt8(ascii: "P"): return .function(1)
        case UInt8(ascii: "Q"): return .function(2)
        case UInt8(ascii: "R"): return .function(3)
        case UInt8(ascii: "S"): return .function(4)
        default: return .unknown("^[O" + String(decoding: [b], as: UTF8.self).sanitizedForTerminal())
        }
    }

    /// CSI: ESC [ parameters (0x30-0x3F) intermediates (0x20-0x2F) final (0x40-0x7E).
    private func parseCSI(at i: Int, final: Bool) -> Step {
        var j = i + 2
        while j < pending.count && (0x20...0x3F).contains(pending[j]) { j += 1 }
        guard j < pending.count else {
            if final {
                return j == i + 2 ? .key(.alt("["), length: 2) : .key(.unknown(Self.show(pending[i..<j])), length: j - i)
            }
            return .incomplete
        }
        let finalByte = pending[j]
        let length = j - i + 1
        guard (0x40...0x7E).contains(finalByte) else {
            // Not a CSI after all: report what we saw and resume at the odd byte.
            return .key(.unknown(Self.show(pending[i..<j])), length: j - i)
        }
        let parameterText = String(decoding: pending[(i + 2)..<j], as: UTF8.self)
        if parameterText == "200" && finalByte == UInt8(ascii: "~") {
            return .pasteStart(length: length)
        }
        if finalByte == UInt8(ascii: "M") && parameterText.isEmpty {
            // X10 mouse: ESC [ M and three bytes (button, column, row, each + 32).
            guard i + length + 3 <= pending.count else {
                return final ? .key(.unknown(Self.show(pending[i..<pending.count])), length: pending.count - i) : .incomplete
            }
            let bytes = pending[(i + length)..<(i + length + 3)].map { Int($0) - 32 }
            return .key(.mouse(MouseEvent.decoded(code: bytes[0], column: bytes[1], row: bytes[2], released: false)),
                        length: length + 3)
        }
        if parameterText.hasPrefix("<"), finalByte == UInt8(ascii: "M") || finalByte == UInt8(ascii: "m") {
            // SGR mouse (1006): ESC [ < button ; column ; row M (pressed) or m (released).
            let numbers = parameterText.dropFirst().split(separator: ";").map { Int($0) }
            guard numbers.count == 3, let code = numbers[0], let column = numbers[1], let row = numbers[2] else {
                return .key(.unknown(Self.show(pending[i..<(i + length)])), length: length)
            }
            return .key(.mouse(MouseEvent.decoded(code: code, column: column, row: row,
                                                  released: finalByte == UInt8(ascii: "m"))), length: length)
        }
        let key = Self.csiKey(parameters: parameterText, final: finalByte)
            ?? .unknown(Self.show(pending[i..<(i + length)]))
        return .key(key, length: length)
    }

    private static func csiKey(parameters: String, final: UInt8) -> Key? {
        let fields = parameters.split(separator: ";", omittingEmptySubsequences: false)
        let numbers = fields.map { Int($0.split(separator: ":").first ?? "") }
        let first = numbers.first.flatMap { $0 }
        let modifiers = numbers.count > 1 ? Modifiers(numbers[1] ?? 1) : Modifiers(1)
        switch final {
        case UInt8(ascii: "A"): return .up
        case UInt8(ascii: "B"): return .down
        case UInt8(ascii: "C"): return modifiers.altOrCtrl ? .alt("f") : .right
        case UInt8(ascii: "D"): return modifiers.altOrCtrl ? .alt("b") : .left
        case UInt8(ascii: "H"): return .home
        case UInt8(ascii: "F"): return .end
        case UInt8(ascii: "Z"): return .backTab
        case UInt8(ascii: "P"): return .function(1)
        case UInt8(ascii: "Q"): return .function(2)
        case UInt8(ascii: "R"): return parameters.isEmpty || first == 1 ? .function(3) : nil  // else a cursor report
        case UInt8(ascii: "S"): return .function(4)
        case UInt8(ascii: "u"):
            guard let code = first else { return nil }
            return codepointKey(code, modifiers: modifiers)
        case UInt8(ascii: "~"):
            guard let code = first else { return nil }
            if code == 27, numbers.count > 2, let character = numbers[2] {
                // xterm modifyOtherKeys: CSI 27 ; modifiers ; code ~
                return codepointKey(character, modifiers: Modifiers(numbers[1] ?? 1))
            }
            return tildeKey(code)
        default:
            return nil
        }
    }

    private static func tildeKey(_ code: Int) -> Key? {
        switch code {
        case 1, 7: return .home
        case 2: return .insert
        case 3: return .delete
        case 4, 8: return .end
        case 5: return .pageUp
        case 6: return .pageDown
        case 11...15: return .function(code - 10)
        case 17...21: return .function(code - 11)
        case 23...26: return .function(code - 12)
        case 28, 29: return .function(code - 13)
        case 31...34: return .function(code - 14)
        default: return nil
        }
    }

    private static func codepointKey(_ code: Int, modifiers: Modifiers) -> Key? {
        switch code {
        case 13: return modifiers.alt || modifiers.shift ? .altEnter : .enter
        case 9: return modifiers.shift ? .backTab : .tab
        case 27: return .escape
        case 127, 8: return modifiers.alt ? .alt("\u{7F}") : .backspace
        default:
            guard let scalar = Unicode.Scalar(code), code >= 0x20 else { return nil }
            let c = Character(scalar)
            if modifiers.ctrl { return .ctrl(Character(String(c).lowercased())) }
            if modifiers.alt { return .alt(c) }
            return .char(c)
        }
    }

    /// xterm modifier parameter: 1 + bits (shift 1, alt 2, ctrl 4, meta 8).
    private struct Modifiers {
        var shift, alt, ctrl: Bool
        init(_ value: Int) {
            let bits = max(0, value - 1)
            shift = bits & 1 != 0
            alt = bits & 2 != 0 || bits & 8 != 0
            ctrl = bits & 4 != 0
        }
        var altOrCtrl: Bool { alt || ctrl }
    }

    private static func show(_ bytes: ArraySlice<UInt8>) -> String {
        var out = ""
        for b in bytes {
            if b == 0x1B { out += "^[" } else { out += String(decoding: [b], as: UTF8.self).sanitizedForTerminal() }
        }
        return out
    }
}

private extension String {
    func replacingCRLF() -> String {
        var out = String.UnicodeScalarView()
        var previousCR = false
        for s in unicodeScalars {
            if s == "\r" {
                out.append("\n")
                previousCR = true
                continue
            }
            if s == "\n" && previousCR {
                previousCR = false
                continue
            }
            previousCR = false
            out.append(s)
        }
        return String(out)
    }
}
