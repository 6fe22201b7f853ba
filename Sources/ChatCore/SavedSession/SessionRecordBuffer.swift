import Foundation

/// Between the records `AgentLoop` emits and the session file: passes every record through in
/// order, except the pieces of a streaming reply (`assistantPartial`), which it joins so that a
/// reply is written in a few coalesced pieces, never per token: a piece once `partialInterval`
/// has passed since the oldest unwritten text arrived, or once `partialBytes` are waiting,
/// whichever comes first. The reply's `assistant` record, when it comes, replaces what still
/// waits. Pure: the runtime gives it the time.
public struct SessionRecordBuffer: Equatable, Sendable {
    /// The most streamed text a crash can lose is what arrived in this window (seconds).
    public static let partialInterval: TimeInterval = 0.25
    /// A piece is written at once when this many bytes wait, however fast they came.
    public static let partialBytes = 4096

    /// Streamed text not written yet: it continues the reply at UTF-8 byte `from`.
    private var waiting: Waiting?

    private struct Waiting: Equatable, Sendable {
        var from: Int
        var text: String
        var bytes: Int
        /// When the oldest of this text arrived.
        var since: Date
    }

    public init() {}

    /// When the text that waits is due even if no other record comes (nil when nothing waits):
    /// the runtime wakes up then and calls `due(at:)`.
    public var dueDate: Date? { waiting.map { $0.since.addingTimeInterval(Self.partialInterval) } }

    /// The loop emitted `records` at `now`; returns what to write now, in order.
    public mutating func add(_ records: [SessionRecord], at now: Date) -> [SessionRecord] {
        var out: [SessionRecord] = []
        for record in records {
            switch record {
            case .assistantPartial(let from, let text):
                if let held = waiting, held.from + held.bytes != from {
                    // Not a continuation (a new reply): what waits of the other goes first.
                    out += take()
                }
                if waiting == nil { waiting = Waiting(from: from, text: "", bytes: 0, since: now) }
                waiting?.text += text
                waiting?.bytes += text.utf8.count
                if let held = waiting, held.bytes >= Self.partialBytes { out += take() }
            case .assistant:
                waiting = nil  // the whole reply is in this record
                out.append(record)
            default:
                out += take()  // the file keeps the order things happened in
                out.append(record)
            }
        }
        return out + due(at: now)
    }

    /// The waiting text, when its time has come at `now`.
    public mutating func due(at now: Date) -> [SessionRecord] {
        guard let dueDate, now >= dueDate else { return [] }
        return take()
    }

    /// Everything that waits, due or not (the file is closing).
    public mutating func drain() -> [SessionRecord] { take() }

    private mutating func take() -> [SessionRecord] {
        guard let held = waiting else { return [] }
        waiting = nil
        return held.bytes == 0 ? [] : [.assistantPartial(from: held.from, text: held.text)]
    }
}
