import LLM
import MCPHost
@testable import MCPTermApp

/// Takes the loop's effects (the headless app tests' runner); the ones `passing` picks also go
/// to a real runner (`target`), so a test can let, say, answers reach a real server while it
/// delivers timers itself.
final class RecordingRunner: EffectRunning {
    var effects: [Effect] = []
    var cancelled = false
    private let target: (any EffectRunning)?
    private let passing: (Effect) -> Bool

    init(passing: @escaping (Effect) -> Bool = { _ in false }, to target: (any EffectRunning)? = nil) {
        self.passing = passing
        self.target = target
    }

    /// Records every effect and hands `passing` ones to a real `EffectRunner` over `host`.
    convenience init(passing: @escaping (Effect) -> Bool, host: ServerHost, provider: (any ChatProvider)? = nil,
                     events: AsyncStream<AppEvent>.Continuation) {
        self.init(passing: passing, to: EffectRunner(events: events, host: host, provider: provider))
    }

    func run(_ effect: Effect) {
        effects.append(effect)
        if passing(effect) { target?.run(effect) }
    }

    func finished(_ event: AppEvent) { target?.finished(event) }

    func cancelAll() {
        cancelled = true
        target?.cancelAll()
    }

    /// The turn of the first stream asked for.
    var streamTurn: Int? {
        for effect in effects { if case .streamChat(let turn, _) = effect { return turn } }
        return nil
    }
}
