import Foundation

/// The time and chance a server's life depends on (timeouts, heartbeat, reconnect delays, jitter,
/// "ready since"), injected so tests can run it on a hand-moved clock with a fixed random number.
public struct LifecycleEnvironment: Sendable {
    /// Drives request timeouts, heartbeat ticks and reconnect delays.
    public var clock: any SessionClock
    /// A number in 0..<1 for reconnect jitter.
    public var random: @Sendable () -> Double
    /// Wall-clock time, for "ready since".
    public var now: @Sendable () -> Date
    public var backoff: ReconnectBackoff
    /// Heartbeat pings in a row without an answer after which the server counts as down.
    public var maxMissedPings: Int

    public init(clock: any SessionClock = SystemSessionClock(),
                random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
                now: @escaping @Sendable () -> Date = { Date() },
                backoff: ReconnectBackoff = ReconnectBackoff(), maxMissedPings: Int = 3) {
        self.clock = clock
        self.random = random
        self.now = now
        self.backoff = backoff
        self.maxMissedPings = maxMissedPings
    }

    /// Real time and real randomness.
    public static var system: LifecycleEnvironment { LifecycleEnvironment() }
}
