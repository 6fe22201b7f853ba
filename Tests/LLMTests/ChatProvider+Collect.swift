import LLM

extension ChatProvider {
    /// Every event of the reply to `request` (by default a user's "hi"); throws the stream's error.
    func collect(_ request: ChatRequest = ChatRequest(model: "", messages: [.user("hi")])) async throws -> [StreamEvent] {
        var events: [StreamEvent] = []
        for try await event in stream(request) { events.append(event) }
        return events
    }

    /// The events that arrived before the stream failed, and its error (`nil` if it finished).
    func collectUntilError(_ request: ChatRequest = ChatRequest(model: "", messages: [.user("hi")])) async
        -> (events: [StreamEvent], error: Error?)
    {
        var events: [StreamEvent] = []
        do {
            for try await event in stream(request) { events.append(event) }
            return (events, nil)
        } catch {
            return (events, error)
        }
    }

    /// Reads the first event of a reply to "hi", then drops the stream (as `for ... { break }`
    /// over a temporary does).
    func firstEvent() async throws -> StreamEvent? {
        for try await event in stream(ChatRequest(model: "", messages: [.user("hi")])) { return event }
        return nil
    }
}
