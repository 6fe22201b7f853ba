import ChatCore
import Foundation
import MCP
import TUI

#if canImport(Glibc)
    import Glibc
#endif

/// `--output` of `mcpterm -p`.
public enum ScriptOutputFormat: String, CaseIterable, Sendable {
    /// The answer, as the model wrote it.
    case text
    /// One JSON object at the end: answer, tool calls, usage, stop reason, errors.
    case json
    /// One JSON object a line as things happen, then the `result` object.
    case streamJSON = "stream-json"
}

/// Everything `mcpterm -p` writes: what `--output` asks for on stdout, refusals, errors and
/// warnings on stderr (in every format, as `mcpterm: …` lines with control characters made
/// visible). Each write is one `write(2)`, so a `stream-json` line is out as soon as it happens.
struct ScriptOutput: Sendable {
    var format: ScriptOutputFormat
    /// Whether stdout is a terminal: the text answer is then made terminal-safe; to a pipe it
    /// goes as the model wrote it.
    var stdoutIsTerminal: Bool
    var stdout: @Sendable (String) -> Void
    var stderr: @Sendable (String) -> Void

    /// The real streams.
    static func standard(_ format: ScriptOutputFormat) -> ScriptOutput {
        ScriptOutput(format: format, stdoutIsTerminal: isatty(1) == 1,
                     stdout: { StandardStream.write($0, to: 1) },
                     stderr: { StandardStream.write($0, to: 2) })
    }

    /// A problem before any turn (usage, setup), on stderr.
    func problem(_ message: String) {
        stderr("mcpterm: " + message.sanitizedForTerminal() + "\n")
    }

    func emit(_ events: [ScriptEvent]) {
        for event in events {
            switch event {
            case .approval(let record, let approval) where !approval.allowed:
                problem("denied \(record.qualifiedName) \(record.compactArguments): " + Self.denial(record, approval))
            case .error(let message):
                problem(message)
            case .warning(let message):
                problem("warning: " + message)
            default:
                break
            }
            if format == .streamJSON { stdout(Self.line(event.json)) }
        }
    }

    /// The end of the run: the answer (text), the result object (json), or the `result` line
    /// (stream-json).
    func finish(_ result: ScriptResult) {
        switch format {
        case .text:
            guard !result.answer.isEmpty else { return }
            let answer = stdoutIsTerminal ? result.answer.sanitizedForTerminal(keepNewlines: true) : result.answer
            stdout(answer.hasSuffix("\n") ? answer : answer + "\n")
        case .json:
            stdout(Self.line(result.json))
        case .streamJSON:
            guard case .object(var fields) = result.json else { return }
            fields["type"] = "result"
            stdout(Self.line(.object(fields)))
        }
    }

    /// Why a call was refused, and what would let it run, for stderr.
    static func denial(_ record: ToolCallRecord, _ approval: ScriptApproval) -> String {
        if let rule = approval.rule { return "\(approval.approval) '\(rule)'" }
        let name = record.server.flatMap { server in record.toolName.map { "\(server)__\($0)" } } ?? record.qualifiedName
        return "not allowed (--allow '\(name)' or the server's alwaysAllow lets it run)"
    }

    /// `value` as one line of JSON (keys sorted, so the output is the same from run to run).
    static func line(_ value: Value) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

/// What a finished run of `mcpterm -p` says in `--output json` (and the `result` line of
/// `stream-json`).
struct ScriptResult {
    var answer: String
    var toolCalls: [ToolCallRecord]
    var approvals: [String: ScriptApproval]
    var usage: ScriptUsage?
    var stopReason: String?
    var errors: [String]
    var model: ModelDescription?
    /// The session file the turn was saved in (nil with `--no-save`).
    var sessionPath: String?
    var exitStatus: Int32

    init(turn: ScriptTurn, model: ModelDescription?, sessionPath: String?) {
        answer = turn.answer
        toolCalls = turn.toolCalls
        approvals = turn.approvals
        usage = turn.usage
        stopReason = turn.stopReason
        errors = turn.errors
        self.model = model
        self.sessionPath = sessionPath
        exitStatus = turn.exitStatus
    }

    var json: Value {
        let calls: [Value] = toolCalls.map { record in
            var fields: [String: Value] = [
                "id": .string(record.id), "name": .string(record.qualifiedName),
                "server": record.server.map(Value.string) ?? .null, "tool": record.toolName.map(Value.string) ?? .null,
                "arguments": ScriptEvent.arguments(record), "state": .string(record.state.label),
                "isError": .bool(record.resultIsError), "result": record.resultText.map(Value.string) ?? .null,
            ]
            // A call that failed before anyone decided (an unknown tool, arguments that are not
            // an object) was never run.
            let approval = approvals[record.id] ?? ScriptApproval(allowed: false, approval: "not run")
            fields.merge(ScriptEvent.approvalFields(approval)) { _, new in new }
            return .object(fields)
        }
        let session: Value = sessionPath.map { path in
            .object(["id": .string(URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent),
                     "path": .string(path)])
        } ?? .null
        return .object([
            "answer": .string(answer),
            "toolCalls": .array(calls),
            "usage": usage.map { .object(["inputTokens": .int($0.inputTokens), "outputTokens": .int($0.outputTokens)]) }
                ?? .null,
            "stopReason": stopReason.map(Value.string) ?? .null,
            "errors": .array(errors.map(Value.string)),
            "model": model.map { .object(["provider": .string($0.provider.rawValue), "name": .string($0.model)]) } ?? .null,
            "session": session,
            "exitStatus": .int(Int(exitStatus)),
        ])
    }
}

/// Writes to a file descriptor with `write(2)`, whole, without Foundation's buffering; a closed
/// pipe (SIGPIPE ignored) loses the text rather than the process.
enum StandardStream {
    static func write(_ text: String, to fd: Int32) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n > 0 {
                offset += n
            } else if n < 0, errno == EINTR {
                continue
            } else {
                return
            }
        }
    }
}
