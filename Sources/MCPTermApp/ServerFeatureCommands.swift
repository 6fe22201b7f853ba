import ChatCore
import Foundation
import MCP
import MCPHost

/// The slash commands about resources, prompts and servers' requests: `/resources`, `/prompts`,
/// `/read`, `/requests`, `/accept`, `/decline`, `/cancel`. Forms and sampling requests are
/// answered in their boxes (ElicitationLayer, SamplingLayer); these commands list every request,
/// answer any of them, and answer those without a box.
enum ServerFeatureCommands {
    static let all: [(name: String, args: String, help: String)] = [
        ("/resources", "", "list the servers' resources and resource templates"),
        ("/prompts", "", "list the servers' prompts and their arguments"),
        ("/read", "SERVER URI", "read a resource into the transcript"),
        ("/prompt", "SERVER NAME k=v…", "put a server's prompt in the input (Tab completes values)"),
        ("/requests", "", "list the sampling and elicitation requests waiting for you"),
        ("/accept", "ID [JSON|TEXT]", "open request ID's box again; or answer a form with a JSON object, sampling with the reply text"),
        ("/decline", "ID", "decline request ID"),
        ("/cancel", "ID", "dismiss request ID without choosing"),
    ]

    /// Runs one of these commands; nil when `name` is not one of them.
    static func run(_ name: String, _ argument: String, _ state: inout AppState) -> [Effect]? {
        switch name {
        case "/resources":
            listResources(&state)
        case "/prompts":
            listPrompts(&state)
        case "/read":
            let parts = argument.split(separator: " ", maxSplits: 1).map(String.init)
            guard parts.count == 2 else {
                state.agent.noteError("/read needs a server and a URI: /read SERVER URI (see /resources)")
                return []
            }
            return [.readResource(server: parts[0], uri: parts[1])]
        case "/requests":
            if state.serverRequests.waiting.isEmpty {
                state.agent.note("No server requests are waiting.")
            }
            for request in state.serverRequests.waiting {
                state.agent.note(ServerRequestQueue.summary(request))
            }
        case "/accept", "/decline", "/cancel":
            return answer(name, argument, &state)
        default:
            return nil
        }
        return []
    }

    /// "1 request waiting" for the status bar, or nil when none waits.
    static func waitingSummary(_ state: AppState) -> String? {
        let count = state.serverRequests.count
        guard count > 0 else { return nil }
        return count == 1 ? "1 request waiting" : "\(count) requests waiting"
    }

    private static func listResources(_ state: inout AppState) {
        if state.resources.isEmpty {
            state.agent.note("No resources (no ready server offers any).")
        }
        for entry in state.resources {
            var line = "\(entry.server) \(entry.item.uri) — \(entry.item.name)"
            if let description = entry.item.description { line += ": \(description)" }
            state.agent.note(line)
        }
    }

    private static func listPrompts(_ state: inout AppState) {
        if state.prompts.isEmpty {
            state.agent.note("No prompts (no ready server offers any).")
        }
        for entry in state.prompts {
            var line = "\(entry.server) \(entry.item.name)"
            let arguments = (entry.item.arguments ?? []).map { ($0.required ?? false) ? $0.name + "*" : $0.name }
            if !arguments.isEmpty { line += "(\(arguments.joined(separator: ", ")))" }
            if let description = entry.item.description { line += ": \(description)" }
            state.agent.note(line)
        }
    }

    private static func answer(_ name: String, _ argument: String, _ state: inout AppState) -> [Effect] {
        let parts = argument.split(separator: " ", maxSplits: 1).map(String.init)
        guard let idText = parts.first, let id = Int(idText.trimmingCharacters(in: CharacterSet(charactersIn: "#"))) else {
            state.agent.noteError("\(name) needs a request number: \(name) ID (see /requests)")
            return []
        }
        let proposed: ServerRequestAnswer
        switch name {
        case "/decline":
            proposed = .decline
        case "/cancel":
            proposed = .cancel
        default:
            guard let request = state.serverRequests.request(id: id) else {
                state.agent.noteError("\(ServerRequestError.notWaiting(id: id))")
                return []
            }
            let rest = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
            if rest.isEmpty, RequestBoxOrder.hasBox(request) {
                // The request's box shows it (again, when it was put aside) for the user to answer.
                state.requestBoxes.open(id)
                return []
            }
            switch acceptance(for: request, rest, model: state.model?.model) {
            case .success(let answer): proposed = answer
            case .failure(let message):
                state.agent.noteError("/accept \(id): \(message)")
                return []
            }
        }
        do {
            let answer = try state.serverRequests.answer(id: id, with: proposed)
            return [.respond(requestID: id, answer: answer)]
        } catch {
            state.agent.noteError("\(error)")
            return []
        }
    }

    private enum Acceptance {
        case success(ServerRequestAnswer)
        case failure(String)
    }

    /// An elicitation takes a JSON object (the form's fields); a sampling request takes the
    /// reply text, sent as the assistant's message.
    private static func acceptance(for request: PendingServerRequest, _ text: String, model: String?) -> Acceptance {
        switch request.kind {
        case .elicitation(.url):
            // Consent only: the page is opened from its box (`o`), never fetched by mcpterm.
            guard text.isEmpty else { return .failure("a URL request takes no content: /accept ID says you agree to open it") }
            return .success(.openedURL)
        case .elicitation:
            guard !text.isEmpty, case .success(let object) = ToolArguments.parse(text) else {
                return .failure("give the form's content as a JSON object, e.g. {\"name\": \"Ann\"}")
            }
            return .success(.elicitation(content: object))
        case .sampling:
            guard !text.isEmpty else { return .failure("give the reply text to send back") }
            return .success(.sampling(CreateSamplingMessage.Result(
                model: model ?? "mcpterm-user", stopReason: .endTurn, role: .assistant, content: .single(.text(text)))))
        }
    }
}
