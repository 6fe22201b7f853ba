import Foundation
import LLM
import MCP
import MCPHost

/// Input and output tokens, as providers report them (a cached prompt token counts as input).
public struct TokenUsage: Equatable, Sendable {
    public var input = 0
    public var output = 0

    public init(input: Int = 0, output: Int = 0) {
        self.input = input
        self.output = output
    }

    mutating func add(input: Int, output: Int) {
        self.input += max(0, input)
        self.output += max(0, output)
    }
}

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
/// What is worth saving leaves as `SessionRecord`s, made where the loop learns the fact (a
/// message sent, a call approved, a result, the end of a reply) and taken with `takeRecords()`.
public struct AgentLoop: Equatable, Sendable {
    /// The history the model sees.
    public private(set) var messages: [ChatMessage]
    /// What the user sees.
    public private(set) var transcript: [TranscriptItem] = []
    public private(set) var phase: TurnPhase = .idle
    /// Generation of the current stream; events of older streams are ignored.
    public private(set) var turn: Int = 0
    public var policy: ApprovalPolicy
    /// Records made since the last `takeRecords()`, oldest first.
    public private(set) var records: [SessionRecord] = []
    /// The last turn's reply failed (or was cut by an error): `retryLastTurn()` asks again.
    public private(set) var retryable = false
    /// Tokens the provider reported: for the user's current (or last) turn, all its rounds, and
    /// for the session; and the prompt size of the latest request (how full the context is).
    public private(set) var turnUsage = TokenUsage()
    public private(set) var sessionUsage = TokenUsage()
    public private(set) var lastPromptTokens: Int?
    /// Tool rounds (the model asked for tools, they ran, the results went back) one user turn
    /// may take before the user is asked whether to go on (`"maxToolRounds"`).
    public var maxToolRounds = AgentLoop.defaultMaxToolRounds
    public static let defaultMaxToolRounds = 25
    /// Rounds since the user's message (or since they said go on).
    public private(set) var roundsThisTurn = 0
    /// The turn reached `maxToolRounds`: the results are in, the model waits for the user's go.
    public private(set) var roundLimitReached = false

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

    /// The session records made since the last call, for the session file; the loop keeps none.
    public mutating func takeRecords() -> [SessionRecord] {
        defer { records = [] }
        return records
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
        turnUsage = TokenUsage()
        roundsThisTurn = 0
        messages.append(ChatMessage(role: .user, content: sending))
        transcript.append(.user(text))
        records.append(.user(text: text, sent: sending))
        return [startStream()]
    }

    /// A host remark in the transcript (not sent to the model).
    public mutating func note(_ text: String) {
        transcript.append(.notice(text))
        records.append(.notice(text))
    }

    /// An error in the transcript (not sent to the model).
    public mutating func noteError(_ text: String) {
        transcript.append(.error(text))
        records.append(.error(text))
    }

    /// One event of the stream tagged `turn`.
    public mutating func receive(_ event: StreamEvent, turn: Int) {
        guard turn == self.turn, phase == .streaming else { return }
        switch event {
        case .text(let delta):
            guard !delta.isEmpty else { return }
            records.append(.assistantPartial(from: streamText.utf8.count, text: delta))
            streamText += delta
            if let index = streamItem {
                transcript[index] = .assistant(streamText)
            } else {
                transcript.append(.assistant(streamText))
                streamItem = transcript.count - 1
            }
        case .toolCall(let call):
            streamCalls.append(call)
        case .usage(let prompt, let completion):
            turnUsage.add(input: prompt, output: completion)
            sessionUsage.add(input: prompt, output: completion)
            lastPromptTokens = prompt
        case .finish:
            break
        }
    }

    /// The stream tagged `turn` ended, cleanly (`error == nil`) or not.
    /// `catalog` resolves the tools the model asked for.
    public mutating func streamEnded(turn: Int, error: String?, catalog: ToolCatalog) -> [AgentAction] {
        guard turn == self.turn, phase == .streaming else { return [] }
        if let error {
            // A reply cut by an error stays on screen, marked, but the model does not get it:
            // asking again (`retryLastTurn`) sends the history as it was before it.
            if streamText.isEmpty {
                noteError(error)
            } else {
                noteError("The reply was interrupted: \(error)")
            }
            retryable = true
            finishTurn()
            return []
        }
        messages.append(ChatMessage(role: .assistant, content: streamText, toolCalls: streamCalls))
        records.append(.assistant(text: streamText, toolCalls: streamCalls))
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
                record.resultIsError = true
                finish(record, at: index, modelText: "Error: \(reason)")
            } else if let target = record.target, policy.isPreapproved(target) {
                actions.append(contentsOf: run(index, approvedBy: .policy))
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
            return run(index, approvedBy: .user)
        case .always:
            guard let target = record.target else { return run(index, approvedBy: .user) }
            policy.allowForSession(target)
            var actions = run(index, approvedBy: .user)
            // Other calls of the same tool (same definition) in this batch are covered by "always" too.
            for other in batchOrder where other != callID {
                if let i = batch[other], case .toolCall(let r) = transcript[i],
                    r.state == .awaitingApproval, r.target.map(policy.isPreapproved) == true
                {
                    actions += run(i, approvedBy: .policy)  // the rule the user just made
                }
            }
            return actions
        case .deny:
            record.state = .denied
            record.resultText = "The user denied this tool call."
            record.resultIsError = true
            finish(record, at: index, modelText: "Error: the user denied the call to \(record.qualifiedName).")
            return continueIfBatchDone()
        }
    }

    /// Denies the call `callID` with no one to ask (`mcpterm -p`: no rule allows it); the
    /// transcript shows `reason` and the model gets it as the call's error result, so it can
    /// answer without the tool.
    public mutating func refuse(callID: String, reason: String) -> [AgentAction] {
        guard let index = batch[callID], case .toolCall(var record) = transcript[index],
            record.state == .awaitingApproval
        else { return [] }
        record.state = .denied
        record.resultText = reason
        record.resultIsError = true
        finish(record, at: index, modelText: "Error: \(reason)")
        return continueIfBatchDone()
    }

    /// The tool catalog changed (a server's `tools/list_changed`, a server came or went). Calls
    /// still waiting for the user are checked against what their server offers now, by server and
    /// tool name: a tool that went away fails its call; a tool whose description, annotations or
    /// schema changed updates its record, which says what changed, so the box asks again about
    /// what would really run (the app re-arms the box when the pending call's fingerprint changes).
    public mutating func catalogChanged(_ catalog: ToolCatalog) -> [AgentAction] {
        guard phase == .tools else { return [] }
        var failed = false
        for id in batchOrder {
            guard let index = batch[id], case .toolCall(var record) = transcript[index],
                record.state == .awaitingApproval, let server = record.server, let toolName = record.toolName,
                let old = record.fingerprint
            else { continue }
            guard let now = catalog.tool(server: server, name: toolName) else {
                let reason = "the tool \(ToolKey(server: server, tool: toolName)) went away before the call was approved"
                record.state = .failed(reason)
                record.resultText = reason
                record.resultIsError = true
                finish(record, at: index, modelText: "Error: \(reason)")
                failed = true
                continue
            }
            if now.tool.outputSchema != record.outputSchema {
                // Not part of what the user approves, but what the result will be checked against.
                record.outputSchema = now.tool.outputSchema
                transcript[index] = .toolCall(record)
            }
            guard now.fingerprint != old else { continue }
            record.changedWhileWaiting = Array(Set(record.changedWhileWaiting + now.fingerprint.changes(from: old)))
                .sorted()
            record.toolDescription = now.tool.description
            record.annotations = now.tool.annotations
            record.fingerprint = now.fingerprint
            transcript[index] = .toolCall(record)
        }
        return failed ? continueIfBatchDone() : []
    }

    /// The server reported progress, or a task status, on a running call (shown in its card; not
    /// saved, not sent to the model).
    public mutating func toolProgress(callID: String, _ progress: ToolProgress) {
        guard let index = batch[callID], case .toolCall(var record) = transcript[index], record.state == .running
        else { return }
        record.progress = record.progress.map { $0.updated(with: progress) } ?? progress
        transcript[index] = .toolCall(record)
    }

    /// A tool call finished.
    public mutating func toolFinished(callID: String, outcome: ToolOutcome) -> [AgentAction] {
        guard let index = batch[callID], case .toolCall(var record) = transcript[index],
            record.state == .running
        else { return [] }
        switch outcome {
        case .result(let result):
            let content = ToolResultContent(result, outputSchema: record.outputSchema)
            // An isError result is a failure the model should see (MCP 2025-11-25
            // server/tools#error-handling), shown as one too; its reason is what the tool said,
            // as `--resume` rebuilds it from the saved text.
            record.state = content.isError ? .failed(content.shownText) : .done
            record.resultText = content.shownText
            record.resultIsError = content.isError
            finish(record, at: index, model: content.modelParts)
        case .failure(let reason):
            record.state = .failed(reason)
            record.resultText = reason
            record.resultIsError = true
            finish(record, at: index, modelText: "Error: \(reason)")
        }
        return continueIfBatchDone()
    }

    /// The user pressed Esc/Ctrl-C: stop the stream or the tool batch.
    public mutating func cancel() -> [AgentAction] {
        switch phase {
        case .idle:
            return []
        case .streaming:
            let cancelled = turn
            keepCutReply()
            note("Cancelled.")
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
                record.resultIsError = true
                finish(record, at: index, modelText: "Error: the user cancelled this call.")
            }
            note("Cancelled.")
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

    /// Whether the reply of `turn` can be asked for again as if it never started: it is the one
    /// streaming, and nothing of it has come.
    public func canRetryStream(turn: Int) -> Bool {
        turn == self.turn && phase == .streaming && streamText.isEmpty && streamCalls.isEmpty
    }

    /// `/compact`: replaces the history before the last `keepTurns` user turns with one message
    /// holding `summary` (the model wrote it from `Compaction.olderMessages`). The system prompt
    /// stays; the transcript and the session file keep everything. False when there is nothing
    /// older to replace or a turn is in progress.
    public mutating func compact(summary: String, keepTurns: Int) -> Bool {
        guard phase == .idle, let split = Compaction.split(messages, keepTurns: keepTurns) else { return false }
        messages = split.system + [ChatMessage(role: .user, content: Compaction.summaryPrefix + summary)] + split.kept
        return true
    }

    /// Asks again for the reply of `turn`, which failed before any of it came.
    public mutating func retryStream(turn: Int) -> AgentAction? {
        guard canRetryStream(turn: turn) else { return nil }
        return startStream()
    }

    /// Asks again for the last turn's reply, which failed: the model gets the history without
    /// the failed reply. Nil when there is nothing to ask again.
    public mutating func retryLastTurn() -> AgentAction? {
        guard phase == .idle, retryable else { return nil }
        note("Asking the model again.")
        return startStream()
    }

    private mutating func startStream() -> AgentAction {
        retryable = false
        turn += 1
        phase = .streaming
        streamText = ""
        streamCalls = []
        streamItem = nil
        return .startStream(turn: turn, messages: messages)
    }

    private mutating func finishTurn() {
        phase = .idle
        roundLimitReached = false
        streamText = ""
        streamCalls = []
        streamItem = nil
        batch = [:]
        batchOrder = []
        turn += 1  // late events of the ended stream must not land anywhere
    }

    /// The reply cut short (an error, Esc) as far as it came: the model sees it in the history.
    private mutating func keepCutReply() {
        guard !streamText.isEmpty else { return }
        messages.append(ChatMessage(role: .assistant, content: streamText))
        records.append(.assistant(text: streamText, toolCalls: []))
    }

    /// The call at `index` ended as `record` says; the model gets `modelText` as its result.
    private mutating func finish(_ record: ToolCallRecord, at index: Int, modelText: String) {
        finish(record, at: index, model: [.text(modelText)])
    }

    /// The call at `index` ended as `record` says; the model gets `parts` as its result. The
    /// session file keeps the text, media as their placeholders (`ChatMessage.content`).
    private mutating func finish(_ record: ToolCallRecord, at index: Int, model parts: [ChatContentPart]) {
        transcript[index] = .toolCall(record)
        let message = ChatMessage.tool(id: record.id, parts: parts, isError: record.resultIsError)
        messages.append(message)
        records.append(.toolResult(SessionToolResult(call: record, modelText: message.content)))
    }

    /// Starts the call at `index` with exactly the target its record shows.
    private mutating func run(_ index: Int, approvedBy approver: SessionApprover) -> [AgentAction] {
        guard case .toolCall(var record) = transcript[index] else { return [] }
        guard let target = record.target else {
            // Only records of known tools wait for approval; a record without a target cannot run.
            let reason = "no tool named \"\(record.qualifiedName)\" is available"
            record.state = .failed(reason)
            record.resultText = reason
            record.resultIsError = true
            finish(record, at: index, modelText: "Error: \(reason)")
            return continueIfBatchDone()
        }
        record.state = .running
        transcript[index] = .toolCall(record)
        records.append(.toolApproved(callID: record.id, name: record.qualifiedName, by: approver))
        return [.runTool(callID: record.id, target: target, arguments: record.arguments)]
    }

    private mutating func continueIfBatchDone() -> [AgentAction] {
        let unfinished = batchOrder.contains { id in
            guard let index = batch[id], case .toolCall(let record) = transcript[index] else { return false }
            return !record.state.isFinished
        }
        guard !unfinished else { return [] }
        batch = [:]
        batchOrder = []
        roundsThisTurn += 1
        if roundsThisTurn >= maxToolRounds {
            // The results are in the history; the next request waits for the user.
            roundLimitReached = true
            return []
        }
        return [startStream()]
    }

    /// The user answered the round-limit question: go on (another `maxToolRounds`) or stop here.
    public mutating func continueAfterRoundLimit(_ goOn: Bool) -> [AgentAction] {
        guard roundLimitReached, phase == .tools else { return [] }
        roundLimitReached = false
        roundsThisTurn = 0
        if goOn { return [startStream()] }
        note("Stopped after \(maxToolRounds) tool rounds; the tools' results are in the conversation. "
             + "Send a message to go on.")
        finishTurn()
        return []
    }

    /// A record for a call the model made, resolved against the catalog; a call to an
    /// unknown tool or with arguments that are not a JSON object starts out failed.
    public static func record(for call: ToolCall, catalog: ToolCatalog) -> ToolCallRecord {
        let known = catalog.tool(named: call.name)
        var record = ToolCallRecord(
            id: call.id, qualifiedName: call.name, server: known?.server, toolName: known?.tool.name,
            toolDescription: known?.tool.description, annotations: known?.tool.annotations ?? nil,
            argumentsJSON: call.arguments, arguments: nil, state: .awaitingApproval)
        record.fingerprint = known?.fingerprint
        record.outputSchema = known?.tool.outputSchema
        guard known != nil else {
            record.state = .failed("no tool named \"\(call.name)\" is available")
            return record
        }
        switch ToolArguments.parse(call.arguments) {
        case .success(let arguments): record.arguments = arguments
        case .failure(let problem): record.state = .failed("\(problem): \(call.arguments)")
        }
        return record
    }
}
