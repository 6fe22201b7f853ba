import ChatCore
import Foundation
import MCPHost
import TUI

/// The box that asks whether to open a page a server named (URL mode elicitation, MCP
/// 2025-11-25). mcpterm never fetches the page: it shows the full URL with its host set apart,
/// and opens it in the browser only when the user says so. Its keys arm a moment after it
/// shows, like the approval box.
enum URLConsentReducer {
    /// Keeps the queue in step with the waiting requests and arms a prompt that came on top.
    static func sync(_ state: inout AppState, after event: AppEvent) -> [Effect] {
        var box = state.urlConsent
        switch event {
        case .serverRequest(let request):
            if case .elicitation(.url(let parameters)) = request.kind {
                box.add(.init(page: URLElicitation(server: request.server, elicitationID: parameters.elicitationId,
                                                   url: parameters.url, message: parameters.message),
                              requestID: request.id))
            }
        case .serverRequestEnded(let id):
            box.queue.removeAll { $0.requestID == id }
        case .urlElicitationsRequired(let pages):
            for page in pages { box.add(.init(page: page, requestID: nil)) }
        default:
            break
        }
        let key = box.current.map { URLConsentState.key($0.page) }
        let onTop = key != nil && state.agent.pendingApproval == nil && state.elicitation.form == nil
            && state.sampling.review == nil
        var effects: [Effect] = []
        if onTop, key != box.shownKey {
            box.showing += 1
            box.armed = false
            box.shownKey = key
            effects = [.armURLConsent(showing: box.showing, after: ApprovalState.armDelay)]
        } else if !onTop {
            box.armed = false
            box.shownKey = nil
        }
        state.urlConsent = box
        return effects
    }

    static func arm(showing: Int, _ state: inout AppState) {
        guard state.urlConsent.showing == showing, state.urlConsent.current != nil else { return }
        state.urlConsent.armed = true
    }

    /// A key while the box is on top: o/Enter open the page (and tell the server yes), n
    /// declines, Esc cancels. Before the box is armed every answer key is dropped.
    static func handleKey(_ key: Key, _ state: inout AppState) -> [Effect]? {
        guard let prompt = state.urlConsent.current else { return nil }
        let command = KeyMap.command(for: key, in: KeyMap.urlConsent)
        if let chat = KeyMap.command(for: key, in: KeyMap.chat), [.toggleServers, .toggleLog, .help].contains(chat),
           command == nil {
            return nil  // the side pane and help keep working
        }
        guard let command, state.urlConsent.armed else { return [] }
        let answer: ServerRequestAnswer
        var effects: [Effect] = []
        switch command {
        case .openPage:
            guard prompt.page.isWebPage else {
                state.agent.noteError("mcpterm opens only http and https pages; not opened: \(prompt.page.url)")
                answer = .decline
                break
            }
            effects.append(.openURL(prompt.page.url))
            state.urlConsent.opened.insert(URLConsentState.key(prompt.page))
            state.agent.note("Opening \(prompt.page.host ?? prompt.page.url) for \(prompt.page.server) in your browser: \(prompt.page.url)")
            answer = .openedURL
        case .deny:
            answer = .decline
        case .cancel:
            answer = .cancel
        default:
            return []
        }
        state.urlConsent.queue.removeFirst()
        guard let id = prompt.requestID else { return effects }  // a failed call's page: nothing to answer
        let name = "\(prompt.page.server)'s page request #\(id)"
        return effects + ServerRequestDelivery.deliver(answer, to: id, name: name, &state) { _ in nil }
    }

    /// The server says the out-of-band step of one of its pages is done. Shown only for a page
    /// the user opened (the spec: ignore unknown or finished ids); a page still waiting in the
    /// box is taken off it (it was done elsewhere).
    static func complete(server: String, elicitationID: String, _ state: inout AppState) {
        let key = server + "\u{1F}" + elicitationID
        state.urlConsent.queue.removeAll { URLConsentState.key($0.page) == key && $0.requestID == nil }
        guard state.urlConsent.opened.remove(key) != nil else { return }
        state.agent.note("\(server): the page you opened reports it is done. Ask again if a call was waiting for it.")
    }
}
