import Foundation

/// The `slow` calls still running, by the JSON text of their request id, so
/// `notifications/cancelled` can stop one (MCP 2025-11-25 basic/utilities/cancellation).
final class InFlightCalls: @unchecked Sendable {
    // @unchecked: `tasks` is behind `lock`.
    private let lock = NSLock()
    private var tasks: [String: Task<Void, Never>] = [:]

    /// Starts `body` in a task registered under `key`. The task is registered before `body` can
    /// reach `finish(_:)`, since both need the lock.
    func start(_ key: String, _ body: @escaping @Sendable () async -> Void) {
        lock.withLock { tasks[key] = Task { await body() } }
    }

    /// Removes a finished call; false when it was cancelled (and so must not be answered).
    func finish(_ key: String) -> Bool {
        lock.withLock { tasks.removeValue(forKey: key) != nil }
    }

    func cancel(_ key: String) {
        lock.withLock { tasks.removeValue(forKey: key) }?.cancel()
    }
}
