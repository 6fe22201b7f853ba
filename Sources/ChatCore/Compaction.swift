import LLM

/// `/compact`: the model summarises the older part of the conversation into one message, so a
/// long session fits its context window again. What is kept: the system prompt and the last
/// user turns whole (from a user message on, so no tool result loses its call).
public enum Compaction {
    public static let defaultKeepTurns = 1
    static let summaryPrefix = "Summary of the earlier conversation (made by /compact):\n\n"

    /// The history cut in three: the system prompt, the older messages to summarise, and the
    /// last `keepTurns` user turns. Nil when there is nothing older to summarise.
    public static func split(_ messages: [ChatMessage], keepTurns: Int)
        -> (system: [ChatMessage], older: [ChatMessage], kept: [ChatMessage])? {
        let system = messages.prefix { $0.role == .system }
        let rest = messages.dropFirst(system.count)
        let userStarts = rest.indices.filter { rest[$0].role == .user }
        guard userStarts.count > keepTurns else { return nil }
        let boundary = userStarts[userStarts.count - max(0, keepTurns)]
        let older = Array(rest[rest.startIndex..<boundary])
        guard !older.isEmpty else { return nil }
        return (Array(system), older, Array(rest[boundary...]))
    }

    /// The request that asks `model` for the summary: the older messages as a plain transcript.
    public static func request(_ older: [ChatMessage], model: String) -> ChatRequest {
        let transcript = older.map { message -> String in
            switch message.role {
            case .user: return "User: " + message.content
            case .assistant:
                let calls = message.toolCalls.map { "[called \($0.name) with \($0.arguments)]" }
                return "Assistant: " + ([message.content] + calls).filter { !$0.isEmpty }.joined(separator: "\n")
            case .tool: return "Tool result: " + message.content
            case .system: return "System: " + message.content
            }
        }.joined(separator: "\n\n")
        let instruction = "Summarise the conversation below so that it can go on without it: keep the user's goals, "
            + "decisions, facts learned (from tools too), names, numbers and open questions; leave out pleasantries. "
            + "Write it in the conversation's language, as compact notes."
        return ChatRequest(model: model, messages: [.system(instruction), .user(transcript)])
    }

    /// About a token per four bytes: what `messages` cost in a request.
    public static func estimatedTokens(_ messages: [ChatMessage]) -> Int {
        messages.reduce(0) { total, message in
            total + message.content.utf8.count + message.toolCalls.reduce(0) { $0 + $1.arguments.utf8.count }
        } / 4
    }
}
