import Foundation
import MCP
import Synchronization

/// Turns what `MCPSession` reports through `onTrace` into `TraceRecord`s: classifies each message,
/// pairs a response with its request by id (per direction, per server) for its latency, keeps the
/// host's `TraceLog`, and hands each record to the trace file and to an observer (the app).
/// Called from every server's session at once: its state is in a `Mutex`.
public final class TraceRecorder: Sendable {
    /// A request waiting for its response.
    private struct Waiting {
        var time: Date
        var method: String
    }

    private struct State {
        var seq = 0
        var log: TraceLog
        /// Requests by server, then by direction and id ("out 7", "in \"abc\"").
        var waiting: [String: [String: Waiting]] = [:]
        var sessionsStarted: Set<String> = []
        var file: TraceFileWriter?
        var observer: (@Sendable (TraceLog.Update) -> Void)?
    }

    /// Requests waiting per server beyond which the oldest are forgotten (a server that never
    /// answers cannot grow memory); their responses then have no latency.
    static let waitingLimit = 4096

    private let state: Mutex<State>
    private let now: @Sendable () -> Date

    /// - Parameters:
    ///   - capacities: ring sizes by server (`"traceSize"`); others keep `TraceLog.defaultCapacity`.
    ///   - now: wall-clock time (tests pass a scripted clock, so latencies are exact).
    public init(capacities: [String: Int] = [:], now: @escaping @Sendable () -> Date = { Date() }) {
        self.state = Mutex(State(log: TraceLog(capacities: capacities)))
        self.now = now
    }

    /// The host's trace so far: every server's ring and metrics.
    public var log: TraceLog { state.withLock { $0.log } }

    /// Where records are written as JSON Lines (`--trace FILE`), or nil to stop.
    public func setFile(_ file: TraceFileWriter?) {
        state.withLock { $0.file = file }
    }

    /// Told every change of the log in order, under the recorder's lock: it must only hand it on.
    public func setObserver(_ observer: (@Sendable (TraceLog.Update) -> Void)?) {
        state.withLock { $0.observer = observer }
    }

    /// Ring sizes changed (a reload).
    public func setCapacities(_ capacities: [String: Int]) {
        state.withLock { $0.log.capacities = capacities }
    }

    /// A new session of `server` starts: its request ids start over, so waiting requests are
    /// forgotten; every session after the first counts as a reconnect.
    public func sessionStarted(server: String) {
        state.withLock { state in
            state.waiting[server] = nil
            let first = state.sessionsStarted.insert(server).inserted
            state.log.noteSessionStarted(server: server, isFirst: first)
            state.observer?(.sessionStarted(server: server, isFirst: first))
        }
    }

    /// One message of `server` as `MCPSession.onTrace` reports it; "send" and "recv" are
    /// recorded, other directions (skipped lines, notes) are not JSON-RPC traffic.
    public func record(server: String, direction: String, json: String) {
        let dir: TraceRecord.Direction
        switch direction {
        case "send": dir = .out
        case "recv": dir = .in
        default: return
        }
        record(server: server, direction: dir, classification: TraceClassification.of(try? JSONValueParser.parse(Array(json.utf8))),
               json: json)
    }

    /// One message as `MCPSession.onMessage` reports it: already parsed, so it is read once.
    public func record(server: String, sent: Bool, message: Value, json: String) {
        record(server: server, direction: sent ? .out : .in, classification: TraceClassification.of(message), json: json)
    }

    private func record(server: String, direction dir: TraceRecord.Direction, classification found: TraceClassification,
                        json: String) {
        let time = now()
        state.withLock { state in
            state.seq += 1
            var record = TraceRecord(
                seq: state.seq, time: time, server: server, direction: dir, kind: found.kind,
                method: found.method, id: found.id, bytes: json.utf8.count, errorCode: found.errorCode,
                toolError: found.toolError, message: json)
            if let id = found.id {
                switch found.kind {
                case .request:
                    // A server's request: the host's answer goes the other way.
                    if dir == .in { record.kind = .serverRequest }
                    var waiting = state.waiting[server, default: [:]]
                    if waiting.count >= Self.waitingLimit { waiting.removeAll() }
                    waiting["\(dir.rawValue) \(id)"] = Waiting(time: time, method: found.method ?? "")
                    state.waiting[server] = waiting
                case .response:
                    let asked: TraceRecord.Direction = dir == .in ? .out : .in
                    if let request = state.waiting[server]?.removeValue(forKey: "\(asked.rawValue) \(id)") {
                        record.method = request.method
                        record.latencyMs = time.timeIntervalSince(request.time) * 1000
                    }
                default:
                    break
                }
            }
            state.log.add(record)
            state.file?.write(record)
            state.observer?(.record(record))
        }
    }
}
