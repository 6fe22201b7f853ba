/// The time source for request timeouts, injected so tests can move time by hand.
/// Times are seconds on an arbitrary, monotonic scale.
public protocol SessionClock: Sendable {
    var now: Double { get }
    /// Returns at `deadline` (at once if it has passed); throws when the task is cancelled.
    func sleep(until deadline: Double) async throws
}

/// Real time, from the monotonic `ContinuousClock`.
public struct SystemSessionClock: SessionClock {
    private let origin = ContinuousClock.now

    public init() {}

    public var now: Double {
        let elapsed = ContinuousClock.now - origin
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }

    /// Sleeps in steps of at most a day: `Task.sleep` traps on a duration past Int64 nanoseconds
    /// (about 292 years), and a deadline may be far or infinite.
    public func sleep(until deadline: Double) async throws {
        while true {
            let remaining = deadline - now
            guard remaining > 0 else { return }
            try await Task.sleep(for: .seconds(min(remaining, Self.longestStep)))
        }
    }

    static let longestStep: Double = 86_400
}
