import MCP

/// The least severe level the client wants in `notifications/message` (set by `logging/setLevel`,
/// MCP 2025-11-25 server/utilities/logging); info until the client says otherwise.
actor LogThreshold {
    private var minimum: LogLevel = .info

    func set(_ level: LogLevel) { minimum = level }

    func allows(_ level: LogLevel) -> Bool {
        let order = LogLevel.allCases
        return order.firstIndex(of: level)! >= order.firstIndex(of: minimum)!
    }
}
