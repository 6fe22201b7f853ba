import MCP
import MCPHost

/// The sampling and elicitation requests from servers that wait for the user, oldest first, as
/// plain data: the app shows them and turns the user's command into an answer; the host
/// delivers it. Pure: every change is a value transition, so tests replay them.
public struct ServerRequestQueue: Equatable, Sendable {
    public private(set) var waiting: [PendingServerRequest] = []

    public init() {}

    public var count: Int { waiting.count }

    public func request(id: Int) -> PendingServerRequest? {
        waiting.first { $0.id == id }
    }

    /// A request arrived (`HostEvent.serverRequest`); a repeated id is ignored.
    public mutating func receive(_ request: PendingServerRequest) {
        guard self.request(id: request.id) == nil else { return }
        waiting.append(request)
    }

    /// The request no longer waits (answered, or its server cancelled it or went away).
    public mutating func end(id: Int) {
        waiting.removeAll { $0.id == id }
    }

    /// Checks the user's answer against the waiting request and takes the request off the
    /// queue; the caller hands the returned answer to the host. Throws, naming the request,
    /// when nothing waits under `id` or the answer does not fit its kind.
    public mutating func answer(id: Int, with answer: ServerRequestAnswer) throws(ServerRequestError) -> ServerRequestAnswer {
        guard let request = request(id: id) else { throw .notWaiting(id: id) }
        guard answer.fits(request.kind) else {
            throw .answerDoesNotFit(id: id, server: request.server, kind: request.kind.name)
        }
        end(id: id)
        return answer
    }

    /// One line per request for `/requests`: "#3 features elicitation: What is your name? (fields: name*)".
    public static func summary(_ request: PendingServerRequest) -> String {
        var line = "#\(request.id) \(request.server) \(request.kind.name): "
        switch request.kind {
        case .elicitation(.form(let form)):
            let required = Set(form.requestedSchema.required ?? [])
            let fields = form.requestedSchema.properties.keys.sorted().map { required.contains($0) ? $0 + "*" : $0 }
            line += form.message
            if !fields.isEmpty { line += " (fields: \(fields.joined(separator: ", ")))" }
        case .elicitation(.url(let url)):
            line += "\(url.message) (open \(url.url))"
        case .sampling(let parameters):
            let last = SamplingConversation.editableMessage(parameters)?.text
            line += last.map { "\"\($0)\"" } ?? "\(parameters.messages.count) messages"
            line += " (max \(parameters.maxTokens) tokens)"
        }
        return line
    }
}
