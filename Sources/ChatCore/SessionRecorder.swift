import Foundation
import LLM

/// Turns what changed in an `AgentLoop` since it last looked into session records. Pure: the
/// runtime shows it the loop and the time after each event and appends what it returns.
///
/// It works from the loop's own output (messages and transcript only ever grow within a
/// conversation) so the loop needs no hooks, and each record is made when its event is
/// complete: an assistant record when the reply is, a tool result when the call ends. A reply
/// still streaming is what the user already reads, so it is written too, in coalesced pieces
/// (`assistantPartial`): a piece once `partialInterval` has passed since the oldest unwritten
/// text arrived, or once `partialBytes` are waiting, whichever comes first.
public struct SessionRecorder: Equatable, Sendable {
    /// The most streamed text a crash can lose is what arrived in this window (seconds).
    public static let partialInterval: TimeInterval = 0.25
    /// A piece is written at once when this many bytes wait, however fast they came.
    public static let partialBytes = 4096

    private var messageCount: Int
    private var transcriptCount: Int
    /// Tool calls not finished yet: id → transcript index and the state last seen.
    private var openCalls: [String: OpenCall] = [:]
    /// The streaming reply written so far, when one streams.
    private var partial: PartialReply?

    private struct OpenCall: Equatable, Sendable {
        var index: Int
        var state: ToolCallState
    }

    private struct PartialReply: Equatable, Sendable {
        /// The loop's turn the reply belongs to: a new stream starts over at byte 0.
        var turn: Int
        /// UTF-8 bytes of the reply already in records.
        var written: Int
        /// When the oldest text not yet written was first seen.
        var pendingSince: Date?
    }

    /// What one look found.
    public struct Observation: Equatable, Sendable {
        /// The conversation was started over (`/clear`): the records belong to a new session.
        public var restarted: Bool
        public var records: [SessionRecord]
        /// Streamed text waits to be written: look again at this time even if nothing happens.
        public var partialDue: Date?

        public init(restarted: Bool, records: [SessionRecord], partialDue: Date? = nil) {
            self.restarted = restarted
            self.records = records
            self.partialDue = partialDue
        }
    }

    /// Starts looking at `baseline`: what it holds already is not recorded.
    public init(baseline: AgentLoop) {
        messageCount = baseline.messages.count
        transcriptCount = baseline.transcript.count
        for (index, item) in baseline.transcript.enumerated() {
            if case .toolCall(let call) = item, !call.state.isFinished {
                openCalls[call.id] = OpenCall(index: index, state: call.state)
            }
        }
    }

    /// The records for what changed since the last look, `now` being the time of this look.
    public mutating func observe(_ agent: AgentLoop, at now: Date) -> Observation {
        let messages = agent.messages
        let transcript = agent.transcript
        if messages.count < messageCount || transcript.count < transcriptCount {
            // Only a new conversation makes these shrink.
            self = SessionRecorder(baseline: agent)
            return Observation(restarted: true, records: [])
        }
        var records: [SessionRecord] = []
        let newItems = transcript[transcriptCount...]

        // Calls appended now: a policy-approved one is already running; a failed one (unknown
        // tool, bad arguments) is finished and gets its result record below.
        var approved: [SessionRecord] = []
        for index in newItems.indices {
            guard case .toolCall(let call) = transcript[index], !call.state.isFinished else { continue }
            if call.state == .running {
                approved.append(.toolApproved(callID: call.id, name: call.qualifiedName, by: .policy))
            }
            openCalls[call.id] = OpenCall(index: index, state: call.state)
        }
        // Calls the user just approved.
        for (id, open) in openCalls.sorted(by: { $0.value.index < $1.value.index }) {
            guard open.index < transcriptCount, case .toolCall(let call) = transcript[open.index] else { continue }
            // Within one event a call goes from waiting to running (approved) or to an end it never
            // ran for (denied, cancelled, or failed because its tool went away while it waited).
            if open.state == .awaitingApproval, call.state == .running || call.state == .done {
                approved.append(.toolApproved(callID: id, name: call.qualifiedName, by: .user))
            }
            openCalls[id]?.state = call.state
        }
        var userTexts = newItems.compactMap { item -> String? in
            if case .user(let text) = item { return text }
            return nil
        }[...]
        for message in messages[messageCount...] {
            switch message.role {
            case .system:
                continue
            case .user:
                let shown = userTexts.popFirst() ?? message.content
                records.append(.user(text: shown, sent: message.content))
            case .assistant:
                records.append(.assistant(text: message.content, toolCalls: message.toolCalls))
            case .tool:
                records.append(.toolResult(result(for: message, in: transcript)))
                if let id = message.toolCallID { openCalls[id] = nil }
            }
        }

        records += approved
        for item in newItems {
            switch item {
            case .notice(let text): records.append(.notice(text))
            case .error(let text): records.append(.error(text))
            case .user, .assistant, .toolCall: break
            }
        }
        messageCount = messages.count
        transcriptCount = transcript.count
        if let piece = partialPiece(agent, at: now) { records.append(piece) }
        let due = partial?.pendingSince.map { $0.addingTimeInterval(Self.partialInterval) }
        return Observation(restarted: false, records: records, partialDue: due)
    }

    /// The next piece of the streaming reply, when one is due. A reply that ended is in the
    /// messages by now (its `assistant` record replaces the pieces), so what was not written of
    /// it is dropped here.
    private mutating func partialPiece(_ agent: AgentLoop, at now: Date) -> SessionRecord? {
        let text = agent.streamingText
        guard !text.isEmpty else {
            partial = nil
            return nil
        }
        if partial?.turn != agent.turn { partial = PartialReply(turn: agent.turn, written: 0) }
        guard var reply = partial else { return nil }
        let size = text.utf8.count
        guard size > reply.written else { return nil }
        let since = reply.pendingSince ?? now
        guard size - reply.written >= Self.partialBytes || now >= since.addingTimeInterval(Self.partialInterval) else {
            reply.pendingSince = since
            partial = reply
            return nil
        }
        // The loop only appends to its stream text, so the bytes written are a prefix of it and
        // end on a scalar boundary.
        let piece = String(decoding: text.utf8.dropFirst(reply.written), as: UTF8.self)
        let from = reply.written
        reply.written = size
        reply.pendingSince = nil
        partial = reply
        return .assistantPartial(from: from, text: piece)
    }

    /// The result record for a tool message, with the call's details from the transcript.
    private func result(for message: ChatMessage, in transcript: [TranscriptItem]) -> SessionToolResult {
        let id = message.toolCallID ?? ""
        var call: ToolCallRecord?
        if let open = openCalls[id], open.index < transcript.count, case .toolCall(let found) = transcript[open.index] {
            call = found
        } else {
            for item in transcript.reversed() {
                if case .toolCall(let found) = item, found.id == id {
                    call = found
                    break
                }
            }
        }
        let state: SessionToolResult.State
        switch call?.state {
        case .done?: state = .done
        case .denied?: state = .denied
        case .cancelled?: state = .cancelled
        case .failed?, .awaitingApproval?, .running?, nil: state = .failed
        }
        let shown = SessionToolResult.bounded(call?.resultText ?? message.content)
        let model = SessionToolResult.bounded(message.content)
        return SessionToolResult(
            callID: id, name: call?.qualifiedName ?? "", server: call?.server, tool: call?.toolName,
            arguments: call?.argumentsJSON ?? "", state: state, isError: call?.resultIsError ?? true,
            text: shown.text, originalBytes: shown.originalBytes,
            modelText: model.text == shown.text ? nil : model.text)
    }
}
