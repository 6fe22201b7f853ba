import Foundation
import MCP

/// Writes the SDK's `Value` as compact JSON text, byte by byte, with the same output rules as
/// `JSONCoding`'s `JSONEncoder` (slashes unescaped, `.data` as a base64 data URL, as `Value`'s
/// own `Encodable` does) at a fraction of the cost: no `Encoder` boxes, no generic dispatch.
/// Object keys come out in the dictionary's order, as `JSONEncoder` without `.sortedKeys`.
public struct JSONValueWriter {
    /// A number JSON cannot express (NaN or an infinity), and where it was.
    public struct InvalidNumber: Error, CustomStringConvertible {
        public var value: Double
        public var description: String { "\(value) cannot be written as JSON" }
    }

    /// The JSON text of `value`.
    public static func data(_ value: Value) throws(InvalidNumber) -> Data {
        var writer = JSONValueWriter()
        try writer.write(value)
        return Data(writer.bytes)
    }

    /// The JSON text of `value`, as bytes.
    public static func bytes(_ value: Value) throws(InvalidNumber) -> [UInt8] {
        var writer = JSONValueWriter()
        try writer.write(value)
        return writer.bytes
    }

    /// `text` as a JSON string literal (the same escaping as `data(_:)` writes strings with).
    public static func quoted(_ text: String) -> String {
        var writer = JSONValueWriter()
        writer.writeString(text)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    private var bytes: [UInt8] = []

    private init() {
        bytes.reserveCapacity(256)
    }

    private mutating func write(_ value: Value) throws(InvalidNumber) {
        switch value {
        case .null: append("null")
        case .bool(let flag): append(flag ? "true" : "false")
        case .int(let number): bytes.append(contentsOf: String(number).utf8)
        case .double(let number):
            guard number.isFinite else { throw InvalidNumber(value: number) }
            if number == number.rounded(), abs(number) < 1e15 {
                // Whole numbers without ".0", as JSONEncoder writes them (a Python server's
                // strict int field then accepts them).
                bytes.append(contentsOf: String(Int64(number)).utf8)
            } else {
                // The shortest text that reads back as the same Double ("0.1", "1e-07").
                bytes.append(contentsOf: number.description.utf8)
            }
        case .string(let text): writeString(text)
        case .data(let mimeType, let data): writeString(data.dataURLEncoded(mimeType: mimeType))
        case .array(let items):
            bytes.append(UInt8(ascii: "["))
            for (offset, item) in items.enumerated() {
                if offset > 0 { bytes.append(UInt8(ascii: ",")) }
                try write(item)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let fields):
            bytes.append(UInt8(ascii: "{"))
            var first = true
            for (key, item) in fields {
                if !first { bytes.append(UInt8(ascii: ",")) }
                first = false
                writeString(key)
                bytes.append(UInt8(ascii: ":"))
                try write(item)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    private mutating func append(_ word: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount))
    }

    /// Quotes and escapes a string (RFC 8259 section 7): `"`, `\` and control characters only.
    private mutating func writeString(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var runStart = 0
            for (offset, byte) in utf8.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<offset]))
                runStart = offset + 1
                switch byte {
                case 0x22: append("\\\"")
                case 0x5C: append("\\\\")
                case 0x0A: append("\\n")
                case 0x0D: append("\\r")
                case 0x09: append("\\t")
                case 0x08: append("\\b")
                case 0x0C: append("\\f")
                default:
                    append("\\u00")
                    bytes.append(Self.hexDigits[Int(byte >> 4)])
                    bytes.append(Self.hexDigits[Int(byte & 0x0F)])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}
