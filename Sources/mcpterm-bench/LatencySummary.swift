/// Throughput and latency of one run of sequential round trips (one row of the results table).
struct LatencySummary: Sendable, Equatable, Decodable {
    /// What was sent: "ping" or "tools/call echo".
    var op: String
    var iterations: Int
    /// Wall time of all timed round trips together (warm-up excluded).
    var seconds: Double
    var roundTripsPerSecond: Double
    var p50Microseconds: Double
    var p99Microseconds: Double

    enum CodingKeys: String, CodingKey {
        case op, iterations, seconds
        case roundTripsPerSecond = "round_trips_per_s"
        case p50Microseconds = "p50_us"
        case p99Microseconds = "p99_us"
    }

    init(op: String, iterations: Int, seconds: Double, roundTripsPerSecond: Double,
         p50Microseconds: Double, p99Microseconds: Double) {
        self.op = op
        self.iterations = iterations
        self.seconds = seconds
        self.roundTripsPerSecond = roundTripsPerSecond
        self.p50Microseconds = p50Microseconds
        self.p99Microseconds = p99Microseconds
    }

    /// Summarises per-request durations (nanoseconds) measured over `totalNanoseconds` of wall time.
    /// Percentiles are nearest-rank, the same definition `scripts/bench_python_client.py` uses.
    init(op: String, durationsNanoseconds: [UInt64], totalNanoseconds: UInt64) {
        let ordered = durationsNanoseconds.sorted()
        let seconds = Double(totalNanoseconds) / 1e9
        self.init(op: op, iterations: ordered.count, seconds: seconds,
                  roundTripsPerSecond: seconds > 0 ? Double(ordered.count) / seconds : 0,
                  p50Microseconds: Double(Self.nearestRank(ordered, 0.50)) / 1000,
                  p99Microseconds: Double(Self.nearestRank(ordered, 0.99)) / 1000)
    }

    /// The value at 1-based rank ceil(fraction × n) of an ascending list; 0 for an empty one.
    static func nearestRank(_ ascending: [UInt64], _ fraction: Double) -> UInt64 {
        guard !ascending.isEmpty else { return 0 }
        let rank = max(1, Int((fraction * Double(ascending.count)).rounded(.up)))
        return ascending[min(rank, ascending.count) - 1]
    }
}
