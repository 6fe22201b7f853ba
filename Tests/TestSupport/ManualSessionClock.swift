import Foundation
import MCPHost
import Synchronization

/// A `SessionClock` that moves only when the test calls `advance(by:)`.
public final class ManualSessionClock: SessionClock, Sendable {
    private struct Sleeper {
        var deadline: Double
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var current: Double = 0
        var sleepers: [UUID: Sleeper] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    public var now: Double {
        state.withLock { $0.current }
    }

    public func sleep(until deadline: Double) async throws {
        let key = UUID()
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let waits = state.withLock { state -> Bool in
                    guard deadline > state.current, !Task.isCancelled else { return false }
                    state.sleepers[key] = Sleeper(deadline: deadline, continuation: continuation)
                    return true
                }
                guard !waits else { return }
                if Task.isCancelled { continuation.resume(throwing: CancellationError()) } else { continuation.resume() }
            }
        } onCancel: {
            let sleeper = state.withLock { $0.sleepers.removeValue(forKey: key) }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves time forward and wakes every sleeper whose deadline has come.
    public func advance(by seconds: Double) {
        let due = state.withLock { state -> [Sleeper] in
            state.current += seconds
            let due = state.sleepers.filter { $0.value.deadline <= state.current }
            for key in due.keys { state.sleepers.removeValue(forKey: key) }
            return Array(due.values)
        }
        for sleeper in due { sleeper.continuation.resume() }
    }
}
