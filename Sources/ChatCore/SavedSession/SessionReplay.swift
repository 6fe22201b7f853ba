import Foundation
import LLM
import MCP

/// Rebuilds a conversation from a session's entries (`--resume`): the messages the model saw,
/// tool calls and results included, and the transcript the user saw. Pure.
public enum SessionReplay {
    /// What a call that never got a result reads as: the model API needs an answer for every
    /// call of an assistant message, and mcpterm stopped before this one had one.
    public static let unfinishedCallText = "mcpterm stopped before this call finished."
    /// Shown after a reply whose stream mcpterm stopped in the middle of (a crash, a kill).
    public static let cutOffReplyText = "The reply above was cut off: mcpterm stopped while it was streaming."

    /// An idle `AgentLoop` holding the conversation of `entries`, ready for the next message.
    public static func agent(from entries: [SessionEntry], policy: ApprovalPolicy) -> AgentLoop {
        var replay = Replay()
        for entry in entries { replay.apply(entry) }
        replay.endPartial()
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
        /// The reply being joined from `assistantPartial` pieces, not yet ended.
        var partial: PartialReply?

        struct PartialReply {
            var text = ""
            /// Where the next piece should start (UTF-8 bytes of the reply as streamed).
            var bytes = 0
            var index: Int
            /// The text passed `SessionLog.textLimit`: later pieces are not kept.
            var cut = false
        }

        mutating func apply(_ entry: SessionEntry) {
            switch entry.record {
            case .assistantPartial, .notice, .error:
                break  // these come while a reply streams
            case .assistant:
                break  // it replaces the pieces itself
            case .header, .user, .toolApproved, .toolResult, .resumed:
                endPartial()
            }
            switch entry.record {
            case .header(let header):
                guard !sawHeader else { return }
                sawHeader = true
                if let prompt = header.systemPrompt, messages.isEmpty { messages.append(.system(prompt)) }
            case .user(let text, let sent):
                closeBatch()
                messages.append(.user(sent))
                transcript.append(.user(text))
            case .assistantPartial(let from, let text):
                continuePartial(from: from, text: text)
            case .assistant(let text, let calls):
                closeBatch()
                messages.append(.assistant(text, toolCalls: calls))
                if let shown = partial {
                    // The finished reply replaces its pieces where the user saw them stream.
                    partial = nil
                    if text.isEmpty {
                        transcript.remove(at: shown.index)
                    } else {
                        transcript[shown.index] = .assistant(text)
                    }
                } else if !text.isEmpty {
                    transcript.append(.assistant(text))
                }
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
                // Text only: media were saved as their placeholders (`SessionToolResult`).
                messages.append(.tool(id: result.callID, content: result.contentForModel, isError: result.isError))
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

        /// Adds a piece to the reply streaming when mcpterm wrote it. Pieces follow each other
        /// (`from` is where the last one ended); one after a gap says what is missing.
        mutating func continuePartial(from: Int, text: String) {
            if partial == nil {
                closeBatch()
                transcript.append(.assistant(""))
                partial = PartialReply(index: transcript.count - 1)
            }
            guard var reply = partial else { return }
            // `from` is at most 2^40 (checked when read) and a piece at most a line: no overflow.
            let end = from + text.utf8.count
            if !reply.cut {
                if from > reply.bytes {
                    reply.text += "\n[… \(from - reply.bytes) bytes of this reply are missing here …]\n" + text
                } else if from < reply.bytes {
                    // Written twice: keep only what is new.
                    let overlap = reply.bytes - from
                    if text.utf8.count > overlap {
                        reply.text += String(decoding: text.utf8.dropFirst(overlap), as: UTF8.self)
                    }
                } else {
                    reply.text += text
                }
                if reply.text.utf8.count > SessionLog.textLimit {
                    // As for one long text in a line: what is loaded stays bounded; the file keeps it all.
                    reply.text = reply.text.prefix(utf8Bytes: SessionLog.textLimit)
                        + "\n… [truncated: the rest of this reply is in the session file's assistant_partial records]"
                    reply.cut = true
                }
                transcript[reply.index] = .assistant(reply.text)
            }
            reply.bytes = max(reply.bytes, end)
            partial = reply
        }

        /// A reply whose pieces no `assistant` record followed: mcpterm stopped while it streamed.
        /// The model sees what the user saw, as a reply that ended there.
        mutating func endPartial() {
            guard let reply = partial else { return }
            partial = nil
            messages.append(.assistant(reply.text))
            transcript.append(.notice(SessionReplay.cutOffReplyText))
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
                messages.append(.tool(id: id, content: "Error: \(SessionReplay.unfinishedCallText)", isError: true))
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
