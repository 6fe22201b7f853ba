import ChatCore
import Dispatch
import LLM
import MCPTermApp
import TUI

/// Time to draw one frame (lay out, render into cells, diff against the previous frame) while a
/// reply streams at the end of a long conversation: what a token burst costs the UI loop.
struct FrameBenchmark {
    var messages: Int
    var width: Int
    var height: Int
    var frames: Int

    func run() -> LatencySummary {
        var state = AppState(model: ModelDescription(provider: .openai, model: "bench", baseURL: "http://127.0.0.1"),
                             width: width, height: height)
        let paragraph = String(repeating: "Some **Markdown** with `code`, a [link](https://example.com) and 日本語の文字. ", count: 10)
        var turn = 0
        for index in 0..<messages {
            for c in "question \(index)" { _ = AppReducer.reduce(&state, .key(.char(c))) }
            turn = state.sendTypedMessage()
            _ = AppReducer.reduce(&state, .stream(turn: turn, .text(paragraph)))
            _ = AppReducer.reduce(&state, .streamEnded(turn: turn, error: nil))
        }
        for c in "one more" { _ = AppReducer.reduce(&state, .key(.char(c))) }
        turn = state.sendTypedMessage()

        let backend = MemoryBackend(width: width, height: height)
        var durations: [UInt64] = []
        let start = DispatchTime.now().uptimeNanoseconds
        for index in 0..<frames {
            let frameStart = DispatchTime.now().uptimeNanoseconds
            _ = AppReducer.reduce(&state, .stream(turn: turn, .text("token\(index) ")))
            let frame = AppView.render(state, theme: .builtinDefault)
            backend.draw(frame.buffer, cursor: frame.cursor)
            durations.append(DispatchTime.now().uptimeNanoseconds - frameStart)
        }
        let total = DispatchTime.now().uptimeNanoseconds - start
        return LatencySummary(op: "\(messages) messages, \(width)×\(height)", durationsNanoseconds: durations,
                              totalNanoseconds: total)
    }
}
