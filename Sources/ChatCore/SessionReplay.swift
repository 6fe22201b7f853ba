import Foundation
import LLM
import MCP

/// Rebuilds a conversation from a session's entries (`--resume`): the messages the model saw,
/// tool calls and results included, and the transcript the user saw. Pure.
public enum SessionReplay {
    /// What a call that never got a result reads as: the model API needs an answer for every
    /// call of an assistant message, and mcpterm stopped before this one had one.
    public static let unfinishedCallText = "mcpterm stopped before this call finished."

    /// An idle `AgentLoop` holding the conversation of `entries`, ready for the next message.
    public static func agent(from entries: [SessionEntry], policy: ApprovalPolicy) -> AgentLoop {
        var replay = Replay()
        for entry in entries { replay.apply(entry) }
        replay.closeBatch()
        return AgentLoop(restoring: replay.messages, transcript: replay.transcript, policy: policy)
    }

    /// The state built up while reading entries in order.
    private struct Replay {
        var messages: [ChatMessage] = []
        var transcript: [TranscriptItem] = []
        var sawHeader = false
        /// Calls of the latest assistant message still waiting for their result, in order.
        var openCalls: [(id: String, index: Int)] = []

        mutating func apply(_ entry: SessionEntry) {
            switch entry.record {
            case .header(let header):
                guard !sawHeader else { return }
                sawHeader = true
                if let prompt = header.systemPrompt, messages.isEmpty { messages.append(.system(prompt)) }
            case .user(let text, let sent):
                closeBatch()
                messages.append(.user(sent))
                transcript.append(.user(text))
            case .assistant(let text, let calls):
                closeBatch()
                messages.append(.assistant(text, toolCalls: calls))
                if !text.isEmpty { transcript.append(.assistant(text)) }
                for call in calls {
                    transcript.append(.toolCall(Self.pendingRecord(call)))
                    openCalls.append((call.id, transcript.count - 1))
                }
            case .toolApproved:
                break  // only the outcome matters for the history
            case .toolResult(let result):
                guard let position = openCalls.firstIndex(where: { $0.id == result.callID }) else {
                    // No open call of that id: the model never asked for it in this history, and a
                    // tool message without its call would be rejected by the API. Keep it visible only.
                    transcript.append(.notice("Tool result for an unknown call \(result.callID): \(result.text)"))
                    return
                }
                let index = openCalls.remove(at: position).index
                guard case .toolCall(var record) = transcript[index] else { return }
                record.server = result.server ?? record.server
                record.toolName = result.tool ?? record.toolName
                record.resultText = result.text
                record.resultIsError = result.isError
                switch result.state {
                case .done: record.state = .done
                case .failed: record.state = .failed(result.text)
                case .denied: record.state = .denied
                case .cancelled: record.state = .cancelled
                }
                transcript[index] = .toolCall(record)
                messages.append(.tool(id: result.callID, content: result.contentForModel))
            case .notice(let text):
                transcript.append(.notice(text))
            case .error(let text):
                transcript.append(.error(text))
            case .resumed(let resume):
                closeBatch()
                let model = resume.model.map { " with \($0)" } ?? ""
                transcript.append(.notice("Session resumed \(SessionTimestamp.string(entry.at))\(model)."))
            }
        }

        /// Answers every call still open, so the history stays one the model API accepts.
        mutating func closeBatch() {
            for (id, index) in openCalls {
                if case .toolCall(var record) = transcript[index] {
                    record.state = .failed(SessionReplay.unfinishedCallText)
                    record.resultText = SessionReplay.unfinishedCallText
                    record.resultIsError = true
                    transcript[index] = .toolCall(record)
                }
                messages.append(.tool(id: id, content: "Error: \(SessionReplay.unfinishedCallText)"))
            }
            openCalls = []
        }

        static func pendingRecord(_ call: ToolCall) -> ToolCallRecord {
            let arguments = try? ToolArguments.parse(call.arguments).get()
            return ToolCallRecord(
                id: call.id, qualifiedName: call.name, server: nil, toolName: nil, toolDescription: nil,
                annotations: Tool.Annotations(), argumentsJSON: call.arguments, arguments: arguments,
                state: .awaitingApproval)
        }
    }
}
