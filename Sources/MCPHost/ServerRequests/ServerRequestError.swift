/// Why an answer to a server's request could not be delivered; each case names the request.
public enum ServerRequestError: Error, CustomStringConvertible, Sendable, Equatable {
    /// No request with this id waits: it was answered, cancelled by its server, or never existed.
    case notWaiting(id: Int)
    /// The answer is for the other kind of request (a sampling reply to an elicitation, …).
    case answerDoesNotFit(id: Int, server: String, kind: String)

    public var description: String {
        switch self {
        case .notWaiting(let id):
            return "request \(id) is not waiting for an answer (answered, or cancelled by its server)"
        case .answerDoesNotFit(let id, let server, let kind):
            return "request \(id) from server \"\(server)\" is a \(kind) request; the answer does not fit it"
        }
    }
}
