import Foundation
import LLM
import MCP

/// What the agent is doing now.
public enum TurnPhase: Equatable, Sendable {
    case idle
    /// The model's reply is streaming.
    case streaming
    /// The model asked for tools: some wait for the user, some run.
    case tools
}

/// The turn state machine: user message → stream → tool calls (each approved or denied) →
/// results back to the model → stream again, until the model stops or the user cancels.
///
/// A pure value: every input arrives as a method call, every side effect leaves as an
/// `AgentAction`, so a whole conversation replays in a test without a model or a server.
public struct AgentLoop: Equatable, Sendable {
    /// The history the model sees.
    public private(set) var messages: [ChatMessage]
    /// What the user sees.
    public private(set) var transcript: [TranscriptItem] = []
    public private(set) var phase: TurnPhase = .idle
    /// Generation of the current stream; events of older streams are ignored.
    public private(set) var turn: Int = 0
    public var policy: ApprovalPolicy

    /// Text and tool calls of the stream in progress.
    private var streamText = ""
    private var streamCalls: [ToolCall] = []
    /// Transcript index of the assistant item the current stream writes into.
    private var streamItem: Int?
    /// Transcript indices of the calls of the current tool batch, by call id.
    private var batch: [String: Int] = [:]
    private var batchOrder: [String] = []

    public init(systemPrompt: String? = nil, policy: ApprovalPolicy = ApprovalPolicy()) {
        self.messages = systemPrompt.map { [ChatMessage(role: .system, content: $0)] } ?? []
        self.policy = policy
    }

    /// An idle loop that continues a saved conversation (`--resume`): `messages` is what the
    /// model saw, `transcript` what the user saw. Built by `SessionReplay`.
    public init(restoring messages: [ChatMessage], transcript: [TranscriptItem], policy: ApprovalPolicy) {
        self.messages = messages
        self.transcript = transcript
        self.policy = policy
    }

    // MARK: Inputs

    /// The user sends a message. Ignored (returns nil) while a turn is in progress.
    public mutating func submit(_ text: String) -> [AgentAction]? {
        submit(text, sending: text)
    }

    /// The user sends a message the model sees as `sending` (e.g. with attached resources'
    /// text) while the transcript shows `text`. Ignored (returns nil) while a turn is in progress.
    public mutating func submit(_ text: String, sending: String) -> [AgentAction]? {
        guard phase == .idle else { return nil }
        messages.append(ChatMessage(role: .user, content: sending))
        transcript.append(.user(text))
        return [startStream()]
    }

    /// A host remark in the transcript (not sent to the model).
    public mutating func note(_ text: String) {
        transcript.append(.notice(text))
    }

    /// An error in the transcript (not sent to the model).
    public mutating func noteError(_ text: String) {
        transcript.append(.error(text))
    }

    /// One event of the stream tagged `turn`.
    public mutating func receive(_ event: StreamEvent, turn: Int) {
        guard turn == self.turn, phase == .streaming else { return }
        switch event {
        case .text(let delta):
            streamText += delta
            if let index = streamItem {
                transcript[index] = .assistant(streamText)
            } else {
                transcript.append(.assistant(streamText))
                streamItem = transcript.count - 1
            }
        case .toolCall(let call):
            streamCalls.append(call)
        case .finish, .usage:
            break
        }
    }

    /// The stream tagged `turn` ended, cleanly (`error == nil`) or not.
    /// `catalog` resolves the tools the model asked for.
    public mutating func streamEnded(turn: Int, error: String?, catalog: ToolCatalog) -> [AgentAction] {
        guard turn == self.turn, phase == .streaming else { return [] }
        if let error {
            if !streamText.isEmpty { messages.append(ChatMessage(role: .assistant, content: streamText)) }
            transcript.append(.error(error))
            finishTurn()
            return []
        }
        messages.append(ChatMessage(role: .assistant, content: streamText, toolCalls: streamCalls))
        let calls = streamCalls
        streamText = ""
        streamCalls = []
        streamItem = nil
        guard !calls.isEmpty else {
            finishTurn()
            return []
        }
        phase = .tools
        batch = [:]
        batchOrder = []
        var actions: [AgentAction] = []
        for call in calls {
            var record = Self.record(for: call, catalog: catalog)
            transcript.append(.toolCall(record))
            let index = transcript.count - 1
            batch[call.id] = index
            batchOrder.append(call.id)
            if case .failed(let reason) = record.state {
                record.resultText = reason
                transcript[index] = .toolCall(record)
                messages.append(ChatMessage(role: .tool, content: "Error: \(reason)", toolCallID: call.id))
            } else if policy.isPreapproved(
                qualifiedName: record.qualifiedName, server: record.server, tool: record.toolName)
            {
                actions.append(run(index))
            }
        }
        actions += continueIfBatchDone()
        return actions
    }

    /// The user answered the approval box for `callID`.
    public mutating func decide(_ decision: ApprovalDecision, callID: String) -> [AgentAction] {
        guard let index = batch[callID], case .toolCall(var record) = transcript[index],
            record.state == .awaitingApproval
        else { return [] }
        switch decision {
        case .once:
            return [run(index)]
        case .always:
            policy.allowForSession(record.qualifiedName)
            var actions = [run(index)]
            // Other calls of the same tool in this batch are covered by "always" too.
            for other in batchOrder where other != callID {
                if let i = batch[other], case .toolCall(let r) = transcript[i],
                    r.state == .awaitingApproval, r.qualifiedName == record.qualifiedName
                {
                    actions.append(run(i))
                }
            }
            return actions
        case .deny:
            record.state = .denied
            record.resultText = "The user denied this tool call."
            record.resultIsError = true
            transcript[index] = .toolCall(record)
            messages.append(
                ChatMessage(
                    role: .tool, content: "Error: the user denied the call to \(record.qualifiedName).",
                    toolCallID: callID))
            return continueIfBatchDone()
        }
    }

    /// A tool call finished.
    public mutating func toolFinished(callID: String, outcome: ToolOutcome) -> [AgentAction] {
        guard let index = batch[callID], case .toolCall(var record) = transcript[index],
            record.state == .running
        else { return [] }
        let modelText: String
        switch outcome {
        case .result(let text, let isError):
            record.state = .done
            record.resultText = text
            record.resultIsError = isError
            modelText = isError ? "Error: \(text)" : text
        case .failure(let reason):
            record.state = .failed(reason)
            record.resultText = reason
            record.resultIsError = true
            modelText = "Error: \(reason)"
        }
        transcript[index] = .toolCall(record)
        messages.append(ChatMessage(role: .tool, content: modelText, toolCallID: callID))
        return continueIfBatchDone()
    }

    /// The user pressed Esc/Ctrl-C: stop the stream or the tool batch.
    public mutating func cancel() -> [AgentAction] {
        switch phase {
        case .idle:
            return []
        case .streaming:
            let cancelled = turn
            if !streamText.isEmpty { messages.append(ChatMessage(role: .assistant, content: streamText)) }
            transcript.append(.notice("Cancelled."))
            finishTurn()
            return [.cancelStream(turn: cancelled)]
        case .tools:
            var actions: [AgentAction] = []
            for id in batchOrder {
                guard let index = batch[id], case .toolCall(var record) = transcript[index],
                    !record.state.isFinished
                else { continue }
                if record.state == .running { actions.append(.cancelTool(callID: id)) }
                record.state = .cancelled
                record.resultText = "Cancelled by the user."
                transcript[index] = .toolCall(record)
                messages.append(
                    ChatMessage(role: .tool, content: "Error: the user cancelled this call.", toolCallID: id))
            }
            transcript.append(.notice("Cancelled."))
            finishTurn()
            return actions
        }
    }

    // MARK: Queries

    /// The reply streamed so far in this turn, empty when none streams: the session file saves
    /// it while it grows, so a crash does not lose what the user already saw.
    public var streamingText: String { phase == .streaming ? streamText : "" }

    /// The first call waiting for the user, with its transcript index.
    public var pendingApproval: ToolCallRecord? {
        for id in batchOrder {
            if let index = batch[id], case .toolCall(let record) = transcript[index],
                record.state == .awaitingApproval
            {
                return record
            }
        }
        return nil
    }

    // MARK: Internals

    private mutating func startStream() -> AgentAction {
        turn += 1
        phase = .streaming
        streamText = ""
        streamCalls = []
        streamItem = nil
        return .startStream(turn: turn, messages: messages)
    }

    private mutating func finishTurn() {
        phase = .idle
        streamText = ""
        streamCalls = []
        streamItem = nil
        batch = [:]
        batchOrder = []
        turn += 1  // late events of the ended stream must not land anywhere
    }

    private mutating func run(_ index: Int) -> AgentAction {
        guard case .toolCall(var record) = transcript[index] else {
            preconditionFailure("transcript[\(index)] is not a tool call")
        }
        record.state = .running
        transcript[index] = .toolCall(record)
        return .runTool(callID: record.id, qualifiedName: record.qualifiedName, arguments: record.arguments)
    }

    private mutating func continueIfBatchDone() -> [AgentAction] {
        let unfinished = batchOrder.contains { id in
            guard let index = batch[id], case .toolCall(let record) = transcript[index] else { return false }
            return !record.state.isFinished
        }
        guard !unfinished else { return [] }
        batch = [:]
        batchOrder = []
        return [startStream()]
    }

    /// A record for a call the model made, resolved against the catalog; a call to an
    /// unknown tool or with arguments that are not a JSON object starts out failed.
    public static func record(for call: ToolCall, catalog: ToolCatalog) -> ToolCallRecord {
        let known = catalog.tool(named: call.name)
        var record = ToolCallRecord(
            id: call.id, qualifiedName: call.name, server: known?.server, toolName: known?.tool.name,
            toolDescription: known?.tool.description, annotations: known?.tool.annotations ?? nil,
            argumentsJSON: call.arguments, arguments: nil, state: .awaitingApproval)
        guard known != nil else {
            record.state = .failed("no tool named \"\(call.name)\" is available")
            return record
        }
        let trimmed = call.arguments.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty {
            record.arguments = [:]
            return record
        }
        do {
            record.arguments = try JSONDecoder().decode([String: Value].self, from: Data(trimmed.utf8))
        } catch {
            record.state = .failed("the arguments are not a JSON object: \(call.arguments)")
        }
        return record
    }
}
