/// When to try again after a server was lost: 1 s, 2 s, 4 s … doubling up to a cap of 30 s, each
/// shortened by up to `jitter` of itself so that many servers lost together (network down, laptop
/// resumed) do not all come back in the same instant. Pure: the random number is passed in.
public struct ReconnectBackoff: Sendable, Equatable {
    /// The delay before the first try.
    public var base: Double
    /// No delay is ever longer than this.
    public var cap: Double
    /// The fraction of a delay that jitter may take off (0 = none, 0.2 = up to 20 % shorter).
    public var jitter: Double

    public init(base: Double = 1, cap: Double = 30, jitter: Double = 0.2) {
        self.base = base
        self.cap = cap
        self.jitter = jitter
    }

    /// The delay before try `attempt` (1-based); `random` is in 0..<1 (0 gives the nominal delay).
    public func delay(attempt: Int, random: Double) -> Double {
        // Past 2^30 the doubling would overflow long after it passed any sensible cap.
        let exponent = min(max(attempt - 1, 0), 30)
        let nominal = min(cap, base * Double(1 << exponent))
        let fraction = min(max(random, 0), 1)
        return nominal * (1 - jitter * fraction)
    }
}
