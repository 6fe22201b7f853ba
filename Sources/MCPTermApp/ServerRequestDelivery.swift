import MCPHost

/// The one way a box's answer to a server's request leaves: taken off the queue (checked to fit
/// the request), said in the transcript, and returned as the effect that delivers it.
enum ServerRequestDelivery {
    /// `name` names the request in the transcript ("demo's form #3"); `accepted` says what an
    /// accepting answer sent (nil: nothing more to say).
    static func deliver(_ answer: ServerRequestAnswer, to id: Int, name: String, _ state: inout AppState,
                        accepted: (ServerRequestAnswer) -> String?) -> [Effect] {
        do {
            let delivered = try state.serverRequests.answer(id: id, with: answer)
            switch delivered {
            case .decline: state.agent.note("Declined \(name).")
            case .cancel, .refuse: state.agent.note("Cancelled \(name).")
            default: if let text = accepted(delivered) { state.agent.note(text) }
            }
            return [.respond(requestID: id, answer: delivered)]
        } catch {
            state.agent.noteError("\(error)")
            return []
        }
    }
}
