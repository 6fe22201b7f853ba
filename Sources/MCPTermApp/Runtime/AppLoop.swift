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
/// while drawing (the transcript scroll clamped to what exists) comes back as an event. Its own
/// timers (a deferred frame, a session write that is due) leave as effects like reduce's, so a
/// test sees them as values and answers them with the event when it wants.
final class AppLoop<Backend: TerminalBackend, LoopClock: Clock> where LoopClock.Duration == Duration {
    /// Bursts of stream chunks within one interval become one frame (~60 frames a second).
    static var frameInterval: Duration { .milliseconds(16) }

    private(set) var state: AppState
    let backend: Backend
    let theme: Theme
    let clock: LoopClock
    let runner: any EffectRunning
    let persistence: SessionPersistence?
    /// Where what a frame learns goes (the clamped transcript scroll).
    let continuation: AsyncStream<AppEvent>.Continuation
    /// Frames drawn so far.
    private(set) var frames = 0
    /// Transcript rows kept between frames (a key press then lays out nothing but what changed).
    private let layoutCache = TranscriptLayoutCache()
    private var lastFrame: LoopClock.Instant?
    /// The loop's time zero: `reduce` gets the time since then with each event.
    private let started: LoopClock.Instant
    private var frameScheduled = false
    private var dirty = true
    /// A wake-up for streamed text waiting to be saved is on its way.
    private var sessionWakeUpScheduled = false

    init(state: AppState, backend: Backend, theme: Theme, clock: LoopClock, runner: any EffectRunning,
         persistence: SessionPersistence?, continuation: AsyncStream<AppEvent>.Continuation) {
        self.state = state
        self.backend = backend
        self.theme = theme
        self.clock = clock
        self.runner = runner
        self.persistence = persistence
        self.continuation = continuation
        self.started = clock.now
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

    /// Switches the terminal's mouse reporting as the state has it, and draws the first frame
    /// (before any server or model has said anything).
    func start() {
        backend.setMouseReporting(state.mouseEnabled)
        draw()
    }

    /// One event through the loop; false once the app quits.
    @discardableResult
    func handle(_ event: AppEvent) -> Bool {
        if case .resize(let width, let height) = event {
            backend.resize(width: width, height: height)
        }
        runner.finished(event)
        let effects = AppReducer.reduce(&state, event, now: started.duration(to: clock.now))
        if case .sessionWriteDue = event, let persistence {
            sessionWakeUpScheduled = false
            scheduleSessionWrite(persistence.writeDue())
        }
        for effect in effects {
            switch effect {
            case .fullRedraw: backend.refreshSize()
            case .setMouseReporting(let on): backend.setMouseReporting(on)
            case .copyToClipboard(let text): backend.copyToClipboard(text)
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
            runner.run(.scheduleFrame(after: Self.frameInterval - elapsed))
        }
    }

    /// Streamed text waits `wait` seconds to be saved (the persistence coalesces pieces of a
    /// reply). If the model then goes quiet, no event would come to write it, and a crash in that
    /// pause would lose text the user has read: so a wake-up is scheduled for then. It comes
    /// as `.sessionWriteDue`, which `reduce` ignores and the loop answers with `writeDue()`.
    private func scheduleSessionWrite(_ wait: TimeInterval?) {
        // One wake-up at a time is enough: the pieces' due time only moves later, and a wake-up
        // that comes early writes nothing that is not due and asks for the next.
        guard let wait, !sessionWakeUpScheduled else { return }
        sessionWakeUpScheduled = true
        runner.run(.scheduleSessionWrite(after: .milliseconds(Int((wait * 1000).rounded(.up)) + 1)))
    }

    private func draw() {
        let frame = AppView.render(state, theme: theme, cache: layoutCache)
        backend.draw(frame.buffer, cursor: frame.cursor)
        frames += 1
        lastFrame = clock.now
        dirty = false
        if frame.transcriptScroll != state.transcriptScroll || frame.transcriptAnchor != state.transcriptAnchor {
            // Where the view stopped (past the first line) or kept the reader's row: reduce learns it.
            continuation.yield(.transcriptPlaced(from: state.transcriptScroll, scroll: frame.transcriptScroll,
                                                 anchor: frame.transcriptAnchor))
        }
    }
}
