import Foundation

/// How a server is doing beyond its state, for the servers pane: since when it is ready, the
/// heartbeat's missed pings, and the next automatic reconnect.
public struct ServerHealth: Equatable, Sendable {
    /// When it last became ready (wall-clock, from the host's injected clock); nil when not ready.
    public var readySince: Date?
    /// Heartbeat pings in a row that got no answer in time (0 when healthy).
    public var missedPings: Int
    /// The automatic reconnect that is waiting, if any.
    public var retry: RetryPlan?

    public init(readySince: Date? = nil, missedPings: Int = 0, retry: RetryPlan? = nil) {
        self.readySince = readySince
        self.missedPings = missedPings
        self.retry = retry
    }
}

/// A scheduled automatic reconnect: try number `attempt` after `delay` seconds.
public struct RetryPlan: Equatable, Sendable {
    /// 1 for the first try after a loss; grows until a try succeeds.
    public var attempt: Int
    /// Seconds from when it was planned (backoff with jitter).
    public var delay: Double

    public init(attempt: Int, delay: Double) {
        self.attempt = attempt
        self.delay = delay
    }
}
