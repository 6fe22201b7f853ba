/// The ranges the numbers in `servers.json` must lie in. Each bound keeps the value far inside
/// what the code that uses it can represent: a timeout becomes a `Duration` and a deadline on a
/// clock of seconds, and `Task.sleep` traps past about 9.2e9 s (Int64 nanoseconds).
enum ConfigLimits {
    /// One allowed range, and how to say it in a message.
    struct Range: Sendable {
        var lower: Double
        var upper: Double
        /// `0` is allowed below `lower` (it means "off").
        var zeroMeansOff = false
        var wholeNumbers = false
        /// "a number of seconds from 0.001 to 86400"
        var summary: String

        func contains(_ value: Double) -> Bool {
            guard value.isFinite else { return false }
            if wholeNumbers && value != value.rounded() { return false }
            if zeroMeansOff && value == 0 { return true }
            return value >= lower && value <= upper
        }
    }

    /// A day: longer than any tool call a user waits for in a chat, small enough for any clock.
    static let longestWait: Double = 86_400

    static let timeout = Range(
        lower: 0.001, upper: longestWait,
        summary: "a number of seconds from 0.001 to \(format(longestWait))")
    /// Below a second the pings would be most of the traffic.
    static let heartbeat = Range(
        lower: 1, upper: longestWait, zeroMeansOff: true,
        summary: "0 (off) or a number of seconds from 1 to \(format(longestWait))")
    /// Tool calls in flight to one server at once.
    static let concurrentCalls = Range(
        lower: 1, upper: 1000, wholeNumbers: true, summary: "a whole number from 1 to 1000")
    /// Trace records kept per server: enough to follow a session, bounded so memory is too.
    static let traceSize = Range(
        lower: 10, upper: 1_000_000, wholeNumbers: true, summary: "a whole number from 10 to 1000000")
    /// Up to Int32.max: buffers of this size are allocated and indexed with `Int`.
    static let maxMessageBytes = Range(
        lower: 1024, upper: Double(Int32.max), wholeNumbers: true,
        summary: "a whole number of bytes from 1024 to \(Int32.max)")

    /// A number as the user would write it: `30`, `2.5`, `1e+19`.
    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return value.description
    }
}
