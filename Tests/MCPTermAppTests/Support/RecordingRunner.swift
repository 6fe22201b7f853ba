@testable import MCPTermApp

/// Takes the loop's effects instead of running them (the headless app tests' runner).
final class RecordingRunner: EffectRunning {
    var effects: [Effect] = []
    var cancelled = false
    func run(_ effect: Effect) { effects.append(effect) }
    func finished(_ event: AppEvent) {}
    func cancelAll() { cancelled = true }

    /// The turn of the first stream asked for.
    var streamTurn: Int? {
        for effect in effects { if case .streamChat(let turn, _) = effect { return turn } }
        return nil
    }
}
