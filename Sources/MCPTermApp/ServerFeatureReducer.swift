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
            guard state.serverRequests.request(id: request.id) == nil else { break }
            state.serverRequests.receive(request)
            if SamplingReview.isSampling(request) {
                return SamplingReducer.received(request, &state)
            } else if ElicitationFormState.isForm(request) {
                state.agent.note("Server \(request.server) asks you to fill in a form: "
                                 + ServerRequestQueue.summary(request) + " — it opens in a box (see /requests)")
            } else if case .elicitation(.url(let page)) = request.kind {
                state.agent.note("Server \(request.server) asks you to open a page: \(page.message) (\(page.url))"
                                 + " — it opens in a box; nothing is opened until you say so")
            } else {
                state.agent.note("Server \(request.server) asks for \(request.kind.name): "
                                 + ServerRequestQueue.summary(request)
                                 + " — answer with /accept, /decline or /cancel \(request.id) (see /requests)")
            }
        case .serverRequestEnded(let id):
            // Still waiting here means the user did not answer: its server cancelled it or went away.
            if let request = state.serverRequests.request(id: id) {
                state.agent.note("Server \(request.server) no longer waits for its \(request.kind.name) #\(id) "
                                 + "(it cancelled the request or went away).")
            }
            state.serverRequests.end(id: id)
        case .resourceRead(let server, let uri, let text, let isError):
            // Reads for the Resources tab's preview and for attachments land there, not here.
            if let effects = AttachmentReducer.resourceRead(server: server, uri: uri, text: text, isError: isError, &state) {
                return effects
            }
            if isError {
                state.agent.noteError("/read \(server) \(uri): \(text)")
            } else {
                state.agent.note("\(server) \(uri):\n\(text)")
            }
        case .resourceTemplatesChanged(let templates):
            state.resourceTemplates = templates
        case .resourceUpdated(let server, let uri):
            state.appendLog(HostLogEntry(server: server, level: .notice, source: .notification,
                                         message: "resource updated: \(uri)"))
            return AttachmentReducer.resourceUpdated(server: server, uri: uri, &state)
        case .promptFetched(let server, let name, let text, let isError):
            SidePaneReducer.promptFetched(server: server, name: name, text: text, isError: isError, &state)
        case .completionFound(let server, let prompt, let argument, let value, let values):
            PromptCommand.completionFound(server: server, prompt: prompt, argument: argument, value: value,
                                          values: values, &state)
        default:
            break
        }
        return []
    }
}
