import ChatCore
import Foundation
import TUI

/// Where the loop's effects go: `EffectRunner` in the app (tasks against the servers and the
/// model), a recorder in tests. Results come back as events on the loop's channel.
protocol EffectRunning: AnyObject {
    /// Starts what `effect` asks for.
    func run(_ effect: Effect)
    /// The loop saw `event`: forget the task it ends (a stream's end, a call's result).
    func finished(_ event: AppEvent)
    /// Stops every task (on quit).
    func cancelAll()
}

extension EffectRunner: EffectRunning {}

/// The one loop: events in → `reduce` → effects out → at most one frame per `frameInterval`.
///
/// Generic over the terminal backend and the clock, and fed by any event channel, so the whole
/// app runs headless in tests: a script of events through the real loop into a `MemoryBackend`,
/// with a clock that moves only when told. Only `reduce` changes `state`; what the loop learns
/// while drawing (the transcript scroll clamped to what exists) comes back as an event.
final class AppLoop<Backend: TerminalBackend, LoopClock: Clock> where LoopClock.Duration == Duration {
    /// Bursts of stream chunks within one interval become one frame (~60 frames a second).
    static var frameInterval: Duration { .milliseconds(16) }

    private(set) var state: AppState
    let backend: Backend
    let theme: Theme
    let clock: LoopClock
    let runner: any EffectRunning
    let persistence: SessionPersistence?
    /// Where the loop's own wake-ups go (a deferred frame, a session write that is due).
    let continuation: AsyncStream<AppEvent>.Continuation
    /// Frames drawn so far.
    private(set) var frames = 0
    /// Transcript rows kept between frames (a key press then lays out nothing but what changed).
    private let layoutCache = TranscriptLayoutCache()
    private var lastFrame: LoopClock.Instant?
    private var frameScheduled = false
    private var dirty = true
    /// When the wake-up for streamed text waiting to be saved fires, while one is scheduled.
    private var sessionWakeUp: Date?

    init(state: AppState, backend: Backend, theme: Theme, clock: LoopClock, runner: any EffectRunning,
         persistence: SessionPersistence?, continuation: AsyncStream<AppEvent>.Continuation) {
        self.state = state
        self.backend = backend
        self.theme = theme
        self.clock = clock
        self.runner = runner
        self.persistence = persistence
        self.continuation = continuation
    }

    /// Draws the first frame, then handles `events` until the app quits; the session is
    /// flushed and closed before this returns.
    func run(_ events: AsyncStream<AppEvent>) async {
        start()
        for await event in events {
            if !handle(event) { break }
        }
        finish()
    }

    /// Draws the first frame (before any server or model has said anything).
    func start() {
        draw()
    }

    /// One event through the loop; false once the app quits.
    @discardableResult
    func handle(_ event: AppEvent) -> Bool {
        if case .resize(let width, let height) = event {
            backend.resize(width: width, height: height)
        }
        runner.finished(event)
        let effects = AppReducer.reduce(&state, event)
        if case .sessionWriteDue = event, let persistence { scheduleSessionWrite(persistence.writeDue()) }
        for effect in effects {
            switch effect {
            case .fullRedraw: backend.refreshSize()
            case .quit: break
            case .saveSession(let records):
                if let persistence { scheduleSessionWrite(persistence.save(records)) }
            case .newSessionFile: persistence?.startNewConversation()
            default: runner.run(effect)
            }
        }
        if state.shouldQuit { return false }
        if case .sessionWriteDue = event { return true }  // nothing on screen changed
        dirty = true
        if case .redraw = event { frameScheduled = false }
        drawIfDue()
        return true
    }

    /// Stops what still runs and closes the session file (its last records are on disk after this).
    func finish() {
        runner.cancelAll()
        persistence?.close()
    }

    /// Draws now if a frame is due; otherwise makes sure one is drawn when it is.
    private func drawIfDue() {
        guard dirty else { return }
        let elapsed = lastFrame.map { $0.duration(to: clock.now) } ?? Self.frameInterval
        if elapsed >= Self.frameInterval {
            draw()
        } else if !frameScheduled {
            frameScheduled = true
            // The deadline is taken now, not when the task first runs: time that passes before
            // then (a busy machine, a test moving its clock) must not push the frame back.
            let due = clock.now.advanced(by: Self.frameInterval - elapsed)
            let continuation = self.continuation
            let clock = self.clock
            Task {
                try? await clock.sleep(until: due, tolerance: nil)
                continuation.yield(.redraw)
            }
        }
    }

    /// Streamed text waits to be saved until `due` (the persistence coalesces pieces of a
    /// reply). If the model then goes quiet, no event would come to write it, and a crash in that
    /// pause would lose text the user has read: so one wake-up is scheduled for `due`. It comes
    /// as `.sessionWriteDue`, which `reduce` ignores and the loop answers with `writeDue()`.
    private func scheduleSessionWrite(_ due: Date?) {
        let now = Date()
        if let pending = sessionWakeUp, pending <= now { sessionWakeUp = nil }  // fired, or about to
        guard let due else { return }
        if let pending = sessionWakeUp, pending <= due { return }
        sessionWakeUp = due
        let wait = max(0, due.timeIntervalSince(now))
        let continuation = self.continuation
        Task {
            try? await Task.sleep(for: .milliseconds(Int((wait * 1000).rounded(.up)) + 1))
            continuation.yield(.sessionWriteDue)
        }
    }

    private func draw() {
        let frame = AppView.render(state, theme: theme, cache: layoutCache)
        backend.draw(frame.buffer, cursor: frame.cursor)
        frames += 1
        lastFrame = clock.now
        dirty = false
        if frame.transcriptScroll != state.transcriptScroll {
            // Scrolled past the first line: reduce learns where the view stopped.
            continuation.yield(.transcriptScrollClamped(frame.transcriptScroll))
        }
    }
}
