import ChatCore
import MCPHost

/// The part of `reduce` for what servers offer and ask beyond tools: the resources and prompts
/// lists, requests waiting for the user, and resources read into the transcript. Pure.
enum ServerFeatureReducer {
    static func reduce(_ state: inout AppState, _ event: AppEvent) -> [Effect] {
        switch event {
        case .catalogChanged(let resources, let prompts):
            state.resources = resources
            state.prompts = prompts
        case .serverRequest(let request):
            state.serverRequests.receive(request)
            state.agent.note("Server \(request.server) asks for \(request.kind.name): "
                             + ServerRequestQueue.summary(request)
                             + " — answer with /accept, /decline or /cancel \(request.id) (see /requests)")
        case .serverRequestEnded(let id):
            state.serverRequests.end(id: id)
        case .resourceRead(let server, let uri, let text, let isError):
            if isError {
                state.agent.noteError("/read \(server) \(uri): \(text)")
            } else {
                state.agent.note("\(server) \(uri):\n\(text)")
            }
        default:
            break
        }
        return []
    }
}
