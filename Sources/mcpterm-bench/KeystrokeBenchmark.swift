import ChatCore
import Dispatch
import Foundation
import LLM
import MCP
import MCPTermApp
import TUI

/// Time from a key press to its finished frame (reduce the key, lay out, render into cells, diff)
/// while a huge text sits in the transcript (a tool result) or in the input (a paste): what typing
/// costs for the rest of a session after one big item.
struct KeystrokeBenchmark {
    enum Place: Sendable {
        /// A finished tool call whose result is the text, followed by a short reply.
        case toolResult
        /// The text pasted into the input (the cursor at its end).
        case paste
        /// The same without line breaks (minified JSON): the cursor's line is the whole paste.
        case pasteOneLine
    }

    var place: Place
    var bytes: Int
    var width: Int
    var height: Int
    var keystrokes: Int

    /// One measured row: the per-key summary, the first frame after the item arrived (it may do
    /// one-time work such as counting the item's lines), and resident memory before the row and
    /// at its peak (the text itself, the state holding it and whatever the frames allocate).
    struct Result {
        var summary: LatencySummary
        var firstFrameMicroseconds: Double
        var residentBeforeMegabytes: Double
        var peakResidentMegabytes: Double
    }

    var label: String {
        let size = bytes >= 1 << 20 ? "\(bytes >> 20) MB" : "\(bytes >> 10) KB"
        switch place {
        case .toolResult: return "\(size) tool result in the transcript"
        case .paste: return "\(size) paste in the input"
        case .pasteOneLine: return "\(size) one-line paste in the input"
        }
    }

    func run() -> Result {
        let residentBefore = Self.resetPeakResident()
        let text = Self.logText(bytes: bytes)
        var state = AppState(model: ModelDescription(provider: .openai, model: "bench", baseURL: "http://127.0.0.1"),
                             width: width, height: height)
        switch place {
        case .toolResult:
            var record = ToolCallRecord(
                id: "c1", qualifiedName: "files__read_log", server: "files", toolName: "read_log",
                toolDescription: "Reads a log file", annotations: .init(readOnlyHint: true),
                argumentsJSON: #"{"path":"/var/log/app.log"}"#, arguments: ["path": "/var/log/app.log"], state: .done)
            record.resultText = text
            let messages: [ChatMessage] = [
                .user("show me the log"),
                .assistant("", toolCalls: [ToolCall(id: "c1", name: "files__read_log", arguments: record.argumentsJSON)]),
                .tool(id: "c1", content: text),
                .assistant("The log has \(bytes) bytes."),
            ]
            let transcript: [TranscriptItem] = [
                .user("show me the log"), .toolCall(record), .assistant("The log has \(bytes) bytes."),
            ]
            state.agent = AgentLoop(restoring: messages, transcript: transcript, policy: ApprovalPolicy())
        case .paste:
            _ = AppReducer.reduce(&state, .key(.paste(text)))
        case .pasteOneLine:
            _ = AppReducer.reduce(&state, .key(.paste(text.replacingOccurrences(of: "\n", with: " "))))
        }

        let backend = MemoryBackend(width: width, height: height)
        var session = FrameSession()
        let firstStart = DispatchTime.now().uptimeNanoseconds
        session.frame(state, backend)
        let firstFrame = DispatchTime.now().uptimeNanoseconds - firstStart

        var durations: [UInt64] = []
        let keys: [Character] = ["a", "日", " "]
        let start = DispatchTime.now().uptimeNanoseconds
        for index in 0..<keystrokes {
            let keyStart = DispatchTime.now().uptimeNanoseconds
            _ = AppReducer.reduce(&state, .key(.char(keys[index % keys.count])))
            session.frame(state, backend)
            durations.append(DispatchTime.now().uptimeNanoseconds - keyStart)
        }
        let total = DispatchTime.now().uptimeNanoseconds - start
        return Result(
            summary: LatencySummary(op: "\(label), \(width)×\(height)", durationsNanoseconds: durations,
                                    totalNanoseconds: total),
            firstFrameMicroseconds: Double(firstFrame) / 1000,
            residentBeforeMegabytes: residentBefore,
            peakResidentMegabytes: Self.statusMegabytes("VmHWM:"))
    }

    /// What the UI loop keeps between frames, and one frame as `AppRuntime.draw` makes it.
    private struct FrameSession {
        let cache = TranscriptLayoutCache()

        mutating func frame(_ state: AppState, _ backend: MemoryBackend) {
            let frame = AppView.render(state, theme: .builtinDefault, cache: cache)
            backend.draw(frame.buffer, cursor: frame.cursor)
        }
    }

    /// Log-like lines of ~52 bytes (some CJK), about `bytes` in all: a 1 MB text has ~20,000 lines.
    static func logText(bytes: Int) -> String {
        var out = ""
        out.reserveCapacity(bytes + 64)
        var line = 0
        while out.utf8.count < bytes {
            line += 1
            out += line % 10 == 0
                ? "2026-12-02 09:00:\(line % 60) 警告 ディスク残量が少ない #\(line)\n"
                : "2026-12-02 09:00:\(line % 60) INFO request served in 3 ms #\(line)\n"
        }
        return out
    }

    /// Resets the process's peak resident set to what it is now (`/proc/self/clear_refs`, Linux
    /// 4.0+), so the next `VmHWM` is the peak of one row; returns the resident set now.
    static func resetPeakResident() -> Double {
        if let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") {
            handle.write(Data("5".utf8))
            try? handle.close()
        }
        return statusMegabytes("VmRSS:")
    }

    /// A size from /proc/self/status (`VmHWM:`, `VmRSS:`; given in kB) in MB; 0 when unknown.
    static func statusMegabytes(_ key: String) -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix(key) }),
              let kilobytes = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first.flatMap({ Double($0) })
        else { return 0 }
        return kilobytes / 1024
    }
}
