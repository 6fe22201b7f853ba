import ChatCore
import Foundation

/// How long the reply and each tool call have taken, on the loop's clock (time since the loop
/// started, handed to `reduce` with each event: time enters as data), and whether a frame of
/// the spinners is on its way. The views turn it into spinners and elapsed times.
struct ActivityTimes: Equatable, Sendable {
    /// The time of the event being handled; nil when no loop drives the reducer.
    var now: Duration?
    /// When the user's message left (the turn, until the agent is idle again).
    var turnStartedAt: Duration?
    /// When the current request to the model went out.
    var streamStartedAt: Duration?
    /// When each call started to run, and ended.
    var calls: [String: CallTime] = [:]
    /// An `animationFrame` is on its way, asked for this long after the event that asked.
    var animationScheduledAfter: Duration?

    struct CallTime: Equatable, Sendable {
        var start: Duration
        var end: Duration?
    }

    /// Spinners turn at this pace while something runs; nothing is scheduled when idle.
    static let animationInterval: Duration = .milliseconds(100)

    /// How long `callID` ran (ended) or has run so far.
    func elapsed(callID: String) -> Duration? {
        guard let time = calls[callID], let end = time.end ?? now else { return nil }
        return end - time.start
    }

    /// Stamps what `event` and its `effects` started or ended, and asks for the next frame of the
    /// spinners while a reply or a call runs.
    static func update(_ state: inout AppState, after event: AppEvent, effects: [Effect]) -> [Effect] {
        guard let now = state.times.now else { return [] }
        for effect in effects {
            switch effect {
            case .streamChat:
                state.times.streamStartedAt = now
                if state.times.turnStartedAt == nil { state.times.turnStartedAt = now }
            case .callTool(let callID, _, _):
                state.times.calls[callID] = CallTime(start: now)
            default:
                break
            }
        }
        var open = Set(state.times.calls.filter { $0.value.end == nil }.map(\.key))
        // Running calls belong to the last batch, at the end of the transcript.
        for item in state.agent.transcript.reversed() where !open.isEmpty {
            guard case .toolCall(let record) = item, open.remove(record.id) != nil else { continue }
            if record.state.isFinished { state.times.calls[record.id]?.end = now }
        }
        for id in open { state.times.calls[id]?.end = now }  // gone from the transcript (/clear)
        if state.agent.phase == .idle {
            state.times.turnStartedAt = nil
            state.times.streamStartedAt = nil
        }
        if case .animationFrame = event { state.times.animationScheduledAfter = nil }
        let interval: Duration
        if isAnimating(state) {
            interval = animationInterval
        } else if showsMessageAges(state) {
            interval = ageInterval
        } else {
            return []
        }
        // A frame already on its way comes soon enough, unless a spinner now waits behind a
        // one-second tick of the ages.
        if let scheduled = state.times.animationScheduledAfter, scheduled <= interval { return [] }
        state.times.animationScheduledAfter = interval
        return [.scheduleAnimation(after: interval)]
    }

    /// The Servers pane counts the time since each server's last message while it is shown.
    static let ageInterval: Duration = .seconds(1)

    /// The Servers pane is open and some server has had a message: its "last message 5 s ago" moves.
    static func showsMessageAges(_ state: AppState) -> Bool {
        state.sidePaneVisible && state.sidePane == .servers && state.clockStart != nil
            && state.trace.servers.values.contains { $0.metrics.lastMessageAt != nil }
    }

    /// A reply is on its way or a call runs: something on screen moves.
    static func isAnimating(_ state: AppState) -> Bool {
        switch state.agent.phase {
        case .idle: return false
        case .streaming: return true
        case .tools: return state.times.calls.values.contains { $0.end == nil }
        }
    }

    /// The spinner's glyph at `now` (one turn a second).
    static func spinner(at now: Duration) -> String {
        let frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
        let tenths = Int(now.components.seconds * 10 + now.components.attoseconds / 100_000_000_000_000_000)
        return frames[tenths % frames.count]
    }

    /// "0.4s", "12.0s", "3m 05s", "1h 02m".
    static func format(_ duration: Duration) -> String {
        let seconds = max(0, Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        let whole = Int(seconds)
        if whole < 3600 { return String(format: "%dm %02ds", whole / 60, whole % 60) }
        return String(format: "%dh %02dm", whole / 3600, (whole % 3600) / 60)
    }
}
