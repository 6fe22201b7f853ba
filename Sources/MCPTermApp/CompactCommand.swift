import ChatCore
import LLM

/// `/compact`, and the check before a message is sent: when the model's `contextWindow` is
/// known and the request would not fit, the message is held back with a line saying so (sent
/// anyway when sent again), and `/compact` has the model summarise the older turns into one
/// message. The transcript and the session file keep the whole history.
enum CompactCommand {
    static func start(_ state: inout AppState) -> [Effect] {
        guard let model = state.model else {
            state.agent.noteError("/compact needs a model. " + AppReducer.noModelHint)
            return []
        }
        guard state.agent.phase == .idle, !state.compacting else {
            state.agent.note("Wait for the reply (or press Esc), then /compact.")
            return []
        }
        guard let split = Compaction.split(state.agent.messages, keepTurns: Compaction.defaultKeepTurns) else {
            state.agent.note("Nothing to compact: the conversation has no older turns yet.")
            return []
        }
        state.compacting = true
        state.agent.note("Compacting \(split.older.count) older messages (~\(StatusBar.tokens(Compaction.estimatedTokens(split.older)))"
                         + " tokens): asking \(model.model) for a summary…")
        return [.summarize(Compaction.request(split.older, model: model.model))]
    }

    static func finished(_ outcome: Result<String, ModelProblem>, _ state: inout AppState) -> [Effect] {
        guard state.compacting else { return [] }
        state.compacting = false
        switch outcome {
        case .success(let summary):
            let before = Compaction.estimatedTokens(state.agent.messages)
            guard state.agent.compact(summary: summary, keepTurns: Compaction.defaultKeepTurns) else {
                state.agent.note("Not compacted: the conversation changed meanwhile. Try /compact again.")
                return []
            }
            let after = Compaction.estimatedTokens(state.agent.messages)
            state.agent.note("Compacted: the model now gets a summary of the older turns (~\(StatusBar.tokens(before)) → "
                             + "~\(StatusBar.tokens(after)) tokens). The session file keeps the whole conversation.")
        case .failure(let problem):
            state.agent.noteError("/compact failed: \(problem.message). Nothing was changed.")
        }
        return []
    }

    /// Whether `text` is held back because the request would not fit the context window.
    static func holdsBack(_ text: String, _ state: inout AppState) -> Bool {
        if state.contextWarned == text {  // the second Enter: the user wants it sent
            state.contextWarned = nil
            return false
        }
        state.contextWarned = nil
        guard let window = state.model?.contextWindow else { return false }
        let estimate = Compaction.estimatedTokens(state.agent.messages) + text.utf8.count / 4 + state.toolSchemaTokens
        guard estimate > window else { return false }
        state.contextWarned = text
        state.agent.note("This request would be ~\(StatusBar.tokens(estimate)) tokens, more than the model's context window "
                         + "(\(StatusBar.tokens(window))). /compact summarises the older turns, /tools off leaves tools out, "
                         + "/clear starts over; Enter again sends it anyway.")
        return true
    }
}
