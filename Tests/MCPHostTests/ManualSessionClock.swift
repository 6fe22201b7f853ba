import Foundation
import MCPHost

/// A `SessionClock` that moves only when the test calls `advance(by:)`.
final class ManualSessionClock: SessionClock, @unchecked Sendable {
    // @unchecked: all state is guarded by `lock`.
    private let lock = NSLock()
    private var current: Double = 0
    private var sleepers: [UUID: (deadline: Double, continuation: CheckedContinuation<Void, any Error>)] = [:]

    var now: Double {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    func sleep(until deadline: Double) async throws {
        let key = UUID()
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                lock.lock()
                if deadline <= current || Task.isCancelled {
                    lock.unlock()
                    if Task.isCancelled { continuation.resume(throwing: CancellationError()) } else { continuation.resume() }
                    return
                }
                sleepers[key] = (deadline, continuation)
                lock.unlock()
            }
        } onCancel: {
            lock.lock()
            let sleeper = sleepers.removeValue(forKey: key)
            lock.unlock()
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves time forward and wakes every sleeper whose deadline has come.
    func advance(by seconds: Double) {
        lock.lock()
        current += seconds
        let due = sleepers.filter { $0.value.deadline <= current }
        for key in due.keys { sleepers.removeValue(forKey: key) }
        lock.unlock()
        for sleeper in due.values { sleeper.continuation.resume() }
    }
}
