import Foundation

/// One server's traffic over the session, from its trace records: calls, errors, latency
/// percentiles (HDR histograms, bounded), bytes each way, reconnects, the last message's time.
public struct ServerMetrics: Equatable, Sendable {
    /// Requests the host sent.
    public private(set) var calls = 0
    /// Of those, `tools/call`.
    public private(set) var toolCalls = 0
    /// Responses the host received.
    public private(set) var responses = 0
    /// Responses that were JSON-RPC errors or tool results marked `isError` (not the era probe's
    /// refusal by an older server).
    public private(set) var errors = 0
    public private(set) var bytesIn = 0
    public private(set) var bytesOut = 0
    public private(set) var messages = 0
    /// Sessions started after the first (the server was lost or restarted).
    public var reconnects = 0
    public private(set) var lastMessageAt: Date?
    /// Latency of every answered request, and of `tools/call` alone.
    public private(set) var allLatency = LatencyHistogram()
    public private(set) var toolLatency = LatencyHistogram()

    public init() {}

    /// Errors among the answers, 0…1 (0 before any answer).
    public var errorRate: Double { responses == 0 ? 0 : Double(errors) / Double(responses) }

    public mutating func add(_ record: TraceRecord) {
        messages += 1
        lastMessageAt = record.time
        switch record.direction {
        case .in: bytesIn += record.bytes
        case .out: bytesOut += record.bytes
        }
        guard record.isHostCall else { return }
        if record.kind == .request {
            calls += 1
            if record.method == "tools/call" { toolCalls += 1 }
            return
        }
        responses += 1
        // An older server answers the era probe with an error (-32601, method not found): that is
        // its answer to "which protocol?", not a failure of the server.
        if record.isError, record.method != MCPSession.discoverMethod { errors += 1 }
        guard let latency = record.latencyMs else { return }
        allLatency.record(milliseconds: latency)
        if record.method == "tools/call" { toolLatency.record(milliseconds: latency) }
    }
}
