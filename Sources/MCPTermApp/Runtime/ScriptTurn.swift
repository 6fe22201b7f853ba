import ChatCore
import LLM
import MCPHost

/// One turn of `mcpterm -p` as a value: the events the TUI's loop hears (from `EffectRunner` and
/// the servers) in, effects out, and what happened as `ScriptEvent`s for the output.
///
/// It waits until the shell calls `start` (the servers are ready or failed, or the wait ran
/// out), sends the prompt through the same `AgentLoop` as the TUI, lets a call run only when
/// the `ApprovalPolicy` allows it (`alwaysAllow`, `--allow`; `--deny` wins), refuses every other
/// call (no one is there to ask; the model gets the refusal as the call's error result), and is
/// over when the loop is idle again.
struct ScriptTurn {
    enum Phase: Equatable {
        case waitingForServers
        case running
        case over
    }

    private(set) var agent: AgentLoop
    private(set) var phase: Phase = .waitingForServers
    private(set) var servers: [ServerStatus]
    private(set) var catalog = ToolCatalog([])
    let model: String
    /// Sent with each request when set (the profile's or `"llm"`'s).
    let temperature: Double?
    let maxTokens: Int?
    let prompt: String
    /// What happened that the output has not taken yet.
    private var events: [ScriptEvent] = []
    /// The turn's facts for the final result.
    private(set) var answer = ""
    private(set) var usage: ScriptUsage?
    private(set) var stopReason: String?
    private(set) var errors: [String]
    /// How each call of this turn was let run or refused, by call id.
    private(set) var approvals: [String: ScriptApproval] = [:]
    /// The signal that stopped the turn, if one did.
    private(set) var stoppedBy: Int32?
    /// Where this turn's items start in the transcript (a resumed conversation comes before).
    private var firstItem: Int

    /// `errors` are the problems found before the turn (servers.json entries), reported with its own.
    init(agent: AgentLoop, model: String, prompt: String, servers: [ServerStatus], errors: [String] = [],
         temperature: Double? = nil, maxTokens: Int? = nil) {
        self.agent = agent
        self.model = model
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.prompt = prompt
        self.servers = servers
        self.errors = errors
        self.firstItem = agent.transcript.count
    }

    /// No server is still connecting: the turn may start.
    var serversSettled: Bool {
        !servers.contains { $0.state == .connecting }
    }

    /// The calls the model made in this turn, in order.
    var toolCalls: [ToolCallRecord] {
        agent.transcript[firstItem...].compactMap { item in
            if case .toolCall(let record) = item { return record }
            return nil
        }
    }

    /// The process's exit status for how the turn ended: 128 + the signal that stopped it; 1 when
    /// the model or a server failed; 3 when a call was refused; else 0.
    var exitStatus: Int32 {
        if let stoppedBy { return 128 + stoppedBy }
        if !errors.isEmpty { return ScriptExit.failed }
        if approvals.values.contains(where: { !$0.allowed }) { return ScriptExit.denied }
        return ScriptExit.answered
    }

    /// The events since the last call, oldest first.
    mutating func takeEvents() -> [ScriptEvent] {
        defer { events = [] }
        return events
    }

    /// Sends the prompt with the servers and tools there are now. A server that failed is an
    /// error of the run; one still connecting is left out with a warning.
    mutating func start(servers: [ServerStatus], tools: [QualifiedTool]) -> [Effect] {
        guard phase == .waitingForServers else { return [] }
        self.servers = servers
        catalog = ToolCatalog(tools)
        for server in servers {
            switch server.state {
            case .failed(let reason):
                fail("server \(server.name) failed: \(reason)")
            case .connecting:
                events.append(.warning("server \(server.name) is still connecting: the turn starts without its tools"))
            default:
                break
            }
        }
        events.append(.start(servers: servers, tools: tools.map(\.qualifiedName)))
        phase = .running
        guard let actions = agent.submit(prompt) else { return [] }
        return settle(effects(for: actions))
    }

    mutating func handle(_ event: AppEvent) -> [Effect] {
        var effects: [Effect] = []
        switch event {
        case .serversChanged(let statuses):
            servers = statuses
        case .toolsChanged(let tools):
            catalog = ToolCatalog(tools)
            if phase == .running { effects = self.effects(for: agent.catalogChanged(catalog)) }
        case .stream(let turn, let streamEvent):
            guard phase == .running, turn == agent.turn else { break }
            switch streamEvent {
            case .usage(let prompt, let completion):
                let sum = ScriptUsage(inputTokens: (usage?.inputTokens ?? 0) + prompt,
                                      outputTokens: (usage?.outputTokens ?? 0) + completion)
                usage = sum
                events.append(.usage(ScriptUsage(inputTokens: prompt, outputTokens: completion)))
            case .finish(let reason):
                stopReason = reason
            case .text, .toolCall:
                break
            }
            agent.receive(streamEvent, turn: turn)
        case .streamEnded(let turn, let error):
            guard phase == .running else { break }
            if error != nil, turn == agent.turn { stopReason = "error" }
            effects = self.effects(for: refuseWaitingCalls(agent.streamEnded(turn: turn, error: error, catalog: catalog)))
        case .streamFailed(let turn, let failure):
            // A script is not asked again: the failure is the turn's error (exit status 1).
            guard phase == .running else { break }
            if turn == agent.turn { stopReason = "error" }
            effects = self.effects(for: refuseWaitingCalls(
                agent.streamEnded(turn: turn, error: failure.message, catalog: catalog)))
        case .toolFinished(let callID, let outcome):
            if case .failure(let reason) = outcome, let record = toolCalls.first(where: { $0.id == callID }),
                record.state == .running
            {
                fail("\(record.qualifiedName): \(reason)")
            }
            effects = self.effects(for: refuseWaitingCalls(agent.toolFinished(callID: callID, outcome: outcome)))
        case .toolProgress(let callID, let progress):
            agent.toolProgress(callID: callID, progress)
        case .serverRequest(let request):
            effects = [refuse(request)]
        case .terminate(let signal):
            stoppedBy = signal
            stopReason = "cancelled"
            effects = self.effects(for: agent.cancel())
            phase = .over
        default:
            break
        }
        return settle(effects)
    }

    // MARK: Internals

    private func effects(for actions: [AgentAction]) -> [Effect] {
        AppReducer.effects(for: actions, model: model, servers: servers, catalog: catalog,
                           temperature: temperature, maxTokens: maxTokens)
    }

    /// Every call still waiting for approval is refused: nothing allowed it, and there is no
    /// one to ask. The last refusal of a batch sends the results to the model.
    private mutating func refuseWaitingCalls(_ actions: [AgentAction]) -> [AgentAction] {
        var actions = actions
        while let record = agent.pendingApproval {
            let approval = ScriptApproval.refusal(of: record, policy: agent.policy)
            approvals[record.id] = approval
            actions += agent.refuse(callID: record.id, reason: approval.reason ?? "denied")
        }
        return actions
    }

    /// A server's sampling or elicitation request: no one can answer it in a script.
    private mutating func refuse(_ request: PendingServerRequest) -> Effect {
        let answer: ServerRequestAnswer
        switch request.kind {
        case .elicitation:
            answer = .decline
            events.append(.warning("declined \(request.server)'s request for input: mcpterm -p has no one to ask"))
        case .sampling:
            answer = .refuse(reason: "mcpterm -p answers no sampling requests")
            events.append(.warning("refused \(request.server)'s sampling request: mcpterm -p answers none"))
        }
        return .respond(requestID: request.id, answer: answer)
    }

    private mutating func fail(_ message: String) {
        errors.append(message)
        events.append(.error(message))
    }

    /// Turns the records the agent loop made into events (the same records go to the session
    /// file, first), and ends the turn once the loop is idle again.
    private mutating func settle(_ effects: [Effect]) -> [Effect] {
        if phase == .running, agent.roundLimitReached {
            // No one can say "go on" in a script: the turn ends where the limit stopped it.
            stopReason = "max_tool_rounds"
            fail("stopped after \(agent.maxToolRounds) tool rounds in one turn (raise \"maxToolRounds\" in servers.json)")
            _ = agent.continueAfterRoundLimit(false)
        }
        let records = agent.takeRecords()
        for record in records { describe(record) }
        if phase == .running, agent.phase == .idle { phase = .over }
        return records.isEmpty ? effects : [.saveSession(records)] + effects
    }

    private mutating func describe(_ record: SessionRecord) {
        switch record {
        case .assistantPartial(_, let text):
            events.append(.text(text))
        case .assistant(let text, let calls):
            answer = text
            for call in calls {
                if let record = toolCalls.first(where: { $0.id == call.id }) { events.append(.toolCall(record)) }
            }
        case .toolApproved(let callID, _, _):
            guard let record = toolCalls.first(where: { $0.id == callID }), let target = record.target else { return }
            let approval = ScriptApproval.allowance(agent.policy.verdict(target))
            approvals[callID] = approval
            events.append(.approval(record, approval))
        case .toolResult(let result):
            guard let record = toolCalls.first(where: { $0.id == result.callID }) else { return }
            if result.state == .denied, let approval = approvals[result.callID] {
                events.append(.approval(record, approval))
            }
            events.append(.toolResult(record))
        case .error(let text):
            fail(text)
        case .header, .user, .notice, .resumed:
            break
        }
    }
}

/// The exit statuses of `mcpterm -p` (README, `--help`); `usage` is every mode's usage error.
public enum ScriptExit {
    public static let answered: Int32 = 0
    /// The model or a server failed.
    public static let failed: Int32 = 1
    /// The command line was wrong (an unknown flag, an empty prompt, no model, no such session).
    public static let usage: Int32 = 2
    /// The model asked for a tool that no rule allowed, or that `--deny` names.
    public static let denied: Int32 = 3
}

/// Token counts as the provider reported them.
struct ScriptUsage: Equatable {
    var inputTokens: Int
    var outputTokens: Int
}

/// How a call of `mcpterm -p` was let run, or why not.
struct ScriptApproval: Equatable {
    var allowed: Bool
    /// "allowed by --allow", "allowed by alwaysAllow", "denied by --deny", "not allowed".
    var approval: String
    /// The `--allow` or `--deny` pattern that decided, if one did.
    var rule: String?
    /// Why a refused call was refused: what the model is told.
    var reason: String?

    static func allowance(_ verdict: ApprovalPolicy.Verdict?) -> ScriptApproval {
        switch verdict {
        case .alwaysAllow: return ScriptApproval(allowed: true, approval: "allowed by alwaysAllow")
        case .allowedByPattern(let pattern): return ScriptApproval(allowed: true, approval: "allowed by --allow", rule: pattern)
        case .allowedForSession: return ScriptApproval(allowed: true, approval: "allowed for the session")
        case .deniedByPattern, nil: return ScriptApproval(allowed: true, approval: "allowed")
        }
    }

    static func refusal(of record: ToolCallRecord, policy: ApprovalPolicy) -> ScriptApproval {
        let name = record.qualifiedName
        if let target = record.target, case .deniedByPattern(let pattern)? = policy.verdict(target) {
            return ScriptApproval(
                allowed: false, approval: "denied by --deny", rule: pattern,
                reason: "the call to \(name) was denied by --deny '\(pattern)' (mcpterm -p runs tools only as its command line allows)")
        }
        return ScriptApproval(
            allowed: false, approval: "not allowed",
            reason: "the call to \(name) was denied: mcpterm -p runs only tools that --allow or the server's alwaysAllow names")
    }
}
