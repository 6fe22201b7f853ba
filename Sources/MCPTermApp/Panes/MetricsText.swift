import Foundation
import MCPHost

/// How a server's metrics read: in the Servers pane ("12 calls · 8% errors", "p50 3 ms · p95 40 ms")
/// and as `/stats`'s table with a sparkline of the latency histogram.
enum MetricsText {
    /// "3 ms", "0.4 ms", "1.2 s".
    static func duration(_ ms: Double?) -> String {
        guard let ms else { return "–" }
        if ms >= 1000 { return String(format: "%.1f s", ms / 1000) }
        if ms >= 10 { return "\(Int(ms.rounded())) ms" }
        return String(format: "%.1f ms", ms)
    }

    static func percent(_ rate: Double) -> String {
        rate == 0 ? "0%" : rate < 0.01 ? "<1%" : "\(Int((rate * 100).rounded()))%"
    }

    static func bytes(_ count: Int) -> String {
        if count >= 1 << 20 { return String(format: "%.1f MiB", Double(count) / Double(1 << 20)) }
        if count >= 1 << 10 { return String(format: "%.1f KiB", Double(count) / Double(1 << 10)) }
        return "\(count) B"
    }

    /// How long ago `date` was at `now`: "<1 s ago", "5 s ago", "3 min ago", "2 h ago"; the clock
    /// time when `now` is unknown (no loop).
    static func since(_ date: Date, now: Date?, timeZone: TimeZone) -> String {
        guard let now else { return ServerHealthText.clockTime(date, timeZone: timeZone) }
        let seconds = Int(now.timeIntervalSince(date).rounded(.down))
        if seconds < 1 { return "<1 s ago" }
        if seconds < 60 { return "\(seconds) s ago" }
        if seconds < 3600 { return "\(seconds / 60) min ago" }
        return "\(seconds / 3600) h ago"
    }

    /// The Servers pane's rows for one server; none before its first message. `now` (the wall
    /// clock of the frame) turns the last message's time into an age.
    static func paneParts(_ metrics: ServerMetrics, timeZone: TimeZone, now: Date? = nil) -> [String] {
        guard let last = metrics.lastMessageAt else { return [] }
        var parts = ["\(metrics.calls) calls · \(percent(metrics.errorRate)) errors"]
        let latency = metrics.toolLatency.count > 0 ? metrics.toolLatency : metrics.allLatency
        if latency.count > 0 {
            let label = metrics.toolLatency.count > 0 ? "tools" : "all"
            parts.append("\(label) p50 \(duration(latency.percentile(50))) · p95 \(duration(latency.percentile(95)))")
        }
        var tail = "last \(since(last, now: now, timeZone: timeZone))"
        if metrics.reconnects > 0 { tail += " · \(metrics.reconnects) reconnect\(metrics.reconnects == 1 ? "" : "s")" }
        parts.append(tail)
        return parts
    }

    /// Eight heights for a histogram's buckets, tallest = █ (empty buckets are a space).
    static func sparkline(_ counts: [Int]) -> String {
        let bars = Array("▁▂▃▄▅▆▇█")
        guard let top = counts.max(), top > 0 else { return "" }
        return String(counts.map { count in
            count == 0 ? " " : bars[min(bars.count - 1, (count * bars.count - 1) / top)]
        })
    }

    /// `/stats`: one row per server with calls, errors, latency percentiles, bytes, reconnects,
    /// the last message's clock time (the table is a snapshot), and a sparkline of all requests' latency in doubling buckets from 1 ms.
    static func table(servers: [String], trace: TraceLog, timeZone: TimeZone) -> [String] {
        var rows = ["server        calls  err  p50/p95/p99 tools/call    p50/p95/p99 all       in/out          re  last      latency 1ms→"]
        for server in servers {
            let m = trace.metrics(server)
            let tools = [50.0, 95, 99].map { duration(m.toolLatency.percentile($0)) }.joined(separator: "/")
            let all = [50.0, 95, 99].map { duration(m.allLatency.percentile($0)) }.joined(separator: "/")
            let last = m.lastMessageAt.map { ServerHealthText.clockTime($0, timeZone: timeZone) } ?? "–"
            let name = server.sanitizedForTerminal()
            rows.append(pad(name, 13) + " " + pad(String(m.calls), 6) + pad(percent(m.errorRate), 5)
                        + pad(tools, 26) + pad(all, 22) + pad(bytes(m.bytesIn) + "/" + bytes(m.bytesOut), 16)
                        + pad(String(m.reconnects), 4) + pad(last, 10) + sparkline(m.allLatency.doublingBuckets()))
        }
        let dropped = trace.dropped()
        if dropped > 0 { rows.append("(\(dropped) older trace records dropped from the rings; the figures count every message)") }
        return rows
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        let cut = text.truncated(toWidth: width)
        return cut + String(repeating: " ", count: max(0, width - cut.displayWidth))
    }
}
