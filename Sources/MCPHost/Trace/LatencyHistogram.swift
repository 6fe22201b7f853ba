import Histogram

/// Latencies of one kind of request over a session in bounded memory: an HDR histogram of
/// microseconds (2 significant digits, 1 µs to 1 h, 32-bit counts: about 13 KiB whatever the count).
public struct LatencyHistogram: Sendable, Equatable {
    private var histogram = Histogram<UInt32>(lowestDiscernibleValue: 1, highestTrackableValue: Self.highest,
                                              numberOfSignificantValueDigits: .two)
    /// One hour in microseconds: anything longer counts as one hour.
    static let highest: UInt64 = 3_600_000_000

    public init() {}

    public var count: Int { Int(histogram.totalCount) }

    /// Its memory, whatever it has counted.
    public var footprintBytes: Int { histogram.estimatedFootprintInBytes }

    public mutating func record(milliseconds: Double) {
        let micros = UInt64(max(1, min(Double(Self.highest), (milliseconds * 1000).rounded())))
        _ = histogram.record(micros)
    }

    /// The latency at `percentile` (0–100) in milliseconds, nil before anything was recorded.
    public func percentile(_ percentile: Double) -> Double? {
        guard histogram.totalCount > 0 else { return nil }
        return Double(histogram.valueAtPercentile(percentile)) / 1000
    }

    /// Counts in doubling buckets from 1 ms (`< 1 ms`, `1–2`, `2–4` … up to the largest recorded),
    /// for a sparkline.
    public func doublingBuckets() -> [Int] {
        guard histogram.totalCount > 0 else { return [] }
        var counts: [Int] = []
        var upper: UInt64 = 1000
        var below: UInt64 = 0
        while true {
            let within = histogram.count(within: 0...(upper - 1))
            counts.append(Int(within - below))
            below = within
            if within >= histogram.totalCount || upper >= Self.highest { break }
            upper *= 2
        }
        return counts
    }

    public static func == (lhs: LatencyHistogram, rhs: LatencyHistogram) -> Bool {
        lhs.histogram.totalCount == rhs.histogram.totalCount && lhs.doublingBuckets() == rhs.doublingBuckets()
            && lhs.histogram.max == rhs.histogram.max
    }
}
