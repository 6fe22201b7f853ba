import ChatCore
@testable import MCPTermApp
import TestSupport
import TUI
import XCTest

/// The whole app headless for a box test: the real loop into a `MemoryBackend`, a clock that
/// moves a frame per event, and the effects the loop asked for.
struct LoopHarness {
    typealias Loop = AppLoop<MemoryBackend, ManualClock>

    let loop: Loop
    let backend: MemoryBackend
    let clock: ManualClock
    let runner: RecordingRunner

    /// A loop of `width`×`height` with the side pane hidden, its first frame drawn, and `notes`
    /// lines in the transcript ("note 1" …). `runner` makes the runner from the loop's event
    /// channel (default: one that only records).
    init(model: ModelDescription? = ModelDescription(provider: .openai, model: "m", baseURL: "http://127.0.0.1:1/v1"),
         width: Int = 80, height: Int = 24, notes: Int = 0,
         continuation: AsyncStream<AppEvent>.Continuation = AsyncStream<AppEvent>.makeStream().continuation,
         runner makeRunner: (AsyncStream<AppEvent>.Continuation) -> RecordingRunner = { _ in RecordingRunner() },
         theme: Theme = .builtinDefault,
         configure: (inout AppState) -> Void = { _ in }) {
        var agent = AgentLoop()
        for i in 0..<notes { agent.note("note \(i + 1)") }
        _ = agent.takeRecords()
        var state = AppState(agent: agent, model: model, width: width, height: height)
        state.sidePaneVisible = false
        configure(&state)
        backend = MemoryBackend(width: width, height: height)
        runner = makeRunner(continuation)
        clock = ManualClock()
        loop = Loop(state: state, backend: backend, theme: theme, clock: clock, runner: runner,
                    persistence: nil, continuation: continuation)
        loop.start()
    }

    func step(_ event: AppEvent) {
        clock.advance(by: Loop.frameInterval)  // every event gets its frame
        loop.handle(event)
    }

    func key(_ key: Key) { step(.key(key)) }

    func type(_ text: String) {
        for c in text { key(.char(c)) }
    }

    var screen: [String] { backend.lastFrame?.trimmedLines() ?? [] }
    var effects: [Effect] { runner.effects }
    var screenText: String { screen.joined(separator: "\n") }
    var cursor: (x: Int, y: Int)? { backend.cursor }

    /// Delivers the arming timer the loop asked for last, as `event(showing)`, when `timer`
    /// finds one in an effect.
    func arm(_ timer: (Effect) -> Int?, as event: (Int) -> AppEvent, file: StaticString = #filePath, line: UInt = #line) {
        guard let showing = runner.effects.reversed().lazy.compactMap(timer).first else {
            return XCTFail("the box did not ask to be armed: \(runner.effects)", file: file, line: line)
        }
        step(event(showing))
    }

    /// The answers the loop sent to servers.
    var responses: [Effect] {
        runner.effects.filter { if case .respond = $0 { return true } else { return false } }
    }
}
