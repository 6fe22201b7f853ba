import Foundation
import MCP

/// The least severe level the client wants in `notifications/message` (set by `logging/setLevel`,
/// MCP 2025-11-25 server/utilities/logging); info until the client says otherwise.
final class LogThreshold: @unchecked Sendable {
    // @unchecked: `minimum` is behind `lock`.
    private let lock = NSLock()
    private var minimum: LogLevel = .info

    func set(_ level: LogLevel) {
        lock.withLock { minimum = level }
    }

    func allows(_ level: LogLevel) -> Bool {
        let order = LogLevel.allCases
        let minimum = lock.withLock { self.minimum }
        return order.firstIndex(of: level)! >= order.firstIndex(of: minimum)!
    }
}
