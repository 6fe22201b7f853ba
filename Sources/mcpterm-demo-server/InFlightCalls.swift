import Synchronization

/// The `slow` calls still running, by the JSON text of their request id, so
/// `notifications/cancelled` can stop one (MCP 2025-11-25 basic/utilities/cancellation).
final class InFlightCalls: Sendable {
    private let tasks = Mutex<[String: Task<Void, Never>]>([:])

    /// Starts `body` in a task registered under `key`. The task is registered before `body` can
    /// reach `finish(_:)`, since both need the lock.
    func start(_ key: String, _ body: @escaping @Sendable () async -> Void) {
        tasks.withLock { $0[key] = Task { await body() } }
    }

    /// Removes a finished call; false when it was cancelled (and so must not be answered).
    func finish(_ key: String) -> Bool {
        tasks.withLock { $0.removeValue(forKey: key) != nil }
    }

    func cancel(_ key: String) {
        tasks.withLock { $0.removeValue(forKey: key) }?.cancel()
    }
}
