import ChatCore
import Dispatch
import Foundation
import LLM
import MCPTermApp
import TUI

/// The CPU a reply costs the UI loop while it streams at a model's pace: a 2,000-token Markdown
/// reply (headings, paragraphs with CJK, task lists, tables, code blocks) arrives at 80 tokens/s
/// and the loop draws at most 60 frames a second, so each frame takes the tokens of 1/60 s
/// (`AppReducer.reduce` of each chunk, `AppView.render` of the screen with the UI loop's cache,
/// the diff in a `MemoryBackend`). CPU time of the thread over the 25 s the reply takes to
/// arrive is the share of a core.
struct StreamingReplyBenchmark {
    var tokens = 2000
    var tokensPerSecond = 80.0
    var framesPerSecond = 60.0
    var width = 120
    var height = 40
    /// Keep the reply's finished Markdown blocks between frames (the UI loop does).
    var keepsMarkdownBlocks = true

    struct Result {
        var label: String
        var frames: Int
        var replyBytes: Int
        var cpuSeconds: Double
        /// How long the reply takes to arrive at the given pace.
        var streamSeconds: Double
        var summary: LatencySummary

        var percentOfCore: Double { 100 * cpuSeconds / streamSeconds }
    }

    var label: String {
        "\(tokens) tokens at \(Int(tokensPerSecond))/s, \(width)×\(height), "
            + (keepsMarkdownBlocks ? "finished blocks kept" : "whole reply laid out each frame")
    }

    func run() -> Result {
        var state = AppState(model: ModelDescription(provider: .openai, model: "bench", baseURL: "http://127.0.0.1"),
                             width: width, height: height)
        var turn: Int
        for index in 0..<6 {
            for c in "question \(index)" { _ = AppReducer.reduce(&state, .key(.char(c))) }
            turn = state.sendTypedMessage()
            _ = AppReducer.reduce(&state, .stream(turn: turn, .text(Self.section(index))))
            _ = AppReducer.reduce(&state, .streamEnded(turn: turn, error: nil))
        }
        for c in "one more" { _ = AppReducer.reduce(&state, .key(.char(c))) }
        turn = state.sendTypedMessage()

        let chunks = Self.tokens(count: tokens)
        let cache = TranscriptLayoutCache(keepsMarkdownBlocks: keepsMarkdownBlocks)
        let backend = MemoryBackend(width: width, height: height)
        let first = AppView.render(state, theme: .builtinDefault, cache: cache)
        backend.draw(first.buffer, cursor: first.cursor)

        var durations: [UInt64] = []
        var sent = 0
        var frame = 0
        let cpuStart = Self.threadCPUNanoseconds()
        let wallStart = DispatchTime.now().uptimeNanoseconds
        while sent < chunks.count {
            frame += 1
            let due = min(chunks.count, Int((Double(frame) * tokensPerSecond / framesPerSecond).rounded(.down)))
            guard due > sent else { continue }
            let frameStart = DispatchTime.now().uptimeNanoseconds
            for chunk in chunks[sent..<due] {
                _ = AppReducer.reduce(&state, .stream(turn: turn, .text(chunk)))
            }
            sent = due
            let rendered = AppView.render(state, theme: .builtinDefault, cache: cache)
            backend.draw(rendered.buffer, cursor: rendered.cursor)
            durations.append(DispatchTime.now().uptimeNanoseconds - frameStart)
        }
        let cpu = Self.threadCPUNanoseconds() - cpuStart
        guard case .assistant(let shown)? = state.agent.transcript.last, shown == chunks.joined() else {
            fatalError("the reply did not reach the transcript: the bench measured nothing")
        }
        let wall = DispatchTime.now().uptimeNanoseconds - wallStart
        return Result(label: label, frames: durations.count, replyBytes: chunks.joined().utf8.count,
                      cpuSeconds: Double(cpu) / 1e9, streamSeconds: Double(tokens) / tokensPerSecond,
                      summary: LatencySummary(op: label, durationsNanoseconds: durations, totalNanoseconds: wall))
    }

    /// CPU time of the calling thread (user + system).
    static func threadCPUNanoseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    /// The reply cut into `count` model-sized tokens (a word or up to 4 characters of one, with
    /// the space or line break after it).
    static func tokens(count: Int) -> [String] {
        var out: [String] = []
        var index = 0
        while out.count < count {
            var current = ""
            for c in section(index) {
                current.append(c)
                if c == " " || c == "\n" || current.count >= 4 {
                    out.append(current)
                    current = ""
                    if out.count == count { return out }
                }
            }
            if !current.isEmpty { out.append(current) }
            index += 1
        }
        return Array(out.prefix(count))
    }

    /// One part of a typical long answer; numbered so that no two parts are equal.
    static func section(_ index: Int) -> String {
        """
        ## Step \(index + 1): 東京のデータを読む

        The tool returned **\(index * 7 + 3) rows** from `sales.csv`; here is what they say, with the \
        [report](https://example.com/report/\(index)) for the details. 日本語の説明も含めて、結果を表にまとめました。

        - [x] read the file and check its header
        - [ ] compare with last month's figures
        - a plain point that runs long enough to wrap on a narrow pane, as replies do

        | Region | 売上 | Change | Note |
        |:-------|-----:|:------:|------|
        | 東京 | \(1200 + index) | +4% | strong in the last week of the month |
        | Ōsaka | \(800 + index) | -1% | flat |

        ```swift
        struct Sale: Codable { var region: String; var amount: Int }
        let total = sales.filter { $0.region == "東京" }.reduce(0) { $0 + $1.amount } // \(index)
        ```

        """
    }
}
