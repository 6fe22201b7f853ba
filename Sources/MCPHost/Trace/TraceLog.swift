import Foundation

/// The trace of every server as one value: a bounded ring of records and the metrics per server.
/// The host keeps one (`ServerHost.traceLog()`), the app another fed by the same records.
public struct TraceLog: Equatable, Sendable {
    /// Records kept per server unless its entry says otherwise (`"traceSize"`).
    public static let defaultCapacity = 2000

    /// What changes a trace log: a message, or a server's session starting (a reconnect after the first).
    public enum Update: Equatable, Sendable {
        case record(TraceRecord)
        case sessionStarted(server: String, isFirst: Bool)
    }

    public struct ServerTrace: Equatable, Sendable {
        public var ring: TraceRing
        public var metrics = ServerMetrics()
    }

    public private(set) var servers: [String: ServerTrace] = [:]
    /// Ring sizes by server (from servers.json); others get `defaultCapacity`.
    public var capacities: [String: Int]

    public init(capacities: [String: Int] = [:]) {
        self.capacities = capacities
    }

    public mutating func apply(_ update: Update) {
        switch update {
        case .record(let record): add(record)
        case .sessionStarted(let server, let isFirst): noteSessionStarted(server: server, isFirst: isFirst)
        }
    }

    public mutating func add(_ record: TraceRecord) {
        let capacity = capacities[record.server] ?? Self.defaultCapacity
        servers[record.server, default: ServerTrace(ring: TraceRing(capacity: capacity))].ring.append(record)
        servers[record.server]?.metrics.add(record)
    }

    /// A server's session began; every one after the first is a reconnect.
    public mutating func noteSessionStarted(server: String, isFirst: Bool) {
        let capacity = capacities[server] ?? Self.defaultCapacity
        if servers[server] == nil { servers[server] = ServerTrace(ring: TraceRing(capacity: capacity)) }
        if !isFirst { servers[server]?.metrics.reconnects += 1 }
    }

    public func metrics(_ server: String) -> ServerMetrics { servers[server]?.metrics ?? ServerMetrics() }

    /// Records of `server` (or all servers, in order) oldest first.
    public func records(server: String? = nil) -> [TraceRecord] {
        if let server { return servers[server]?.ring.records ?? [] }
        return servers.values.flatMap(\.ring.records).sorted { $0.seq < $1.seq }
    }

    /// Records dropped from `server`'s ring (or all rings).
    public func dropped(server: String? = nil) -> Int {
        if let server { return servers[server]?.ring.dropped ?? 0 }
        return servers.values.reduce(0) { $0 + $1.ring.dropped }
    }
}
