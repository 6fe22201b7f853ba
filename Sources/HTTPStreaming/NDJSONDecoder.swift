import Foundation

/// Splits newline-delimited JSON into complete lines (as Data, without the line end), whatever
/// the chunk boundaries; blank lines are skipped and a trailing CR is dropped.
public struct NDJSONDecoder: Sendable {
    private var pending = Data()

    public init() {}

    public mutating func feed(_ chunk: Data) -> [Data] {
        var lines: [Data] = []
        var start = chunk.startIndex
        while let newline = chunk[start...].firstIndex(of: UInt8(ascii: "\n")) {
            pending.append(chunk[start..<newline])
            appendLine(into: &lines)
            start = chunk.index(after: newline)
        }
        pending.append(chunk[start...])
        return lines
    }

    /// Returns the last line if the stream did not end with a newline.
    public mutating func finish() -> [Data] {
        var lines: [Data] = []
        appendLine(into: &lines)
        return lines
    }

    private mutating func appendLine(into lines: inout [Data]) {
        var line = pending
        pending = Data()
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        let isBlank = line.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }
        if !isBlank { lines.append(Data(line)) }
    }
}
