import MCP
import Synchronization

/// The least severe level the client wants in `notifications/message` (set by `logging/setLevel`,
/// MCP 2025-11-25 server/utilities/logging); info until the client says otherwise.
final class LogThreshold: Sendable {
    private let minimum = Mutex(LogLevel.info)

    func set(_ level: LogLevel) {
        minimum.withLock { $0 = level }
    }

    func allows(_ level: LogLevel) -> Bool {
        let order = LogLevel.allCases
        let minimum = self.minimum.withLock { $0 }
        guard let asked = order.firstIndex(of: level), let least = order.firstIndex(of: minimum) else { return true }
        return asked >= least
    }
}
