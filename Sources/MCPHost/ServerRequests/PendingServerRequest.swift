import MCP

/// A request a server sent to mcpterm that waits for the user: a `sampling/createMessage`
/// (the server wants a model reply) or an `elicitation/create` (the server wants the user to
/// fill in a form). Answer it with `ServerHost.respond(to:with:)`.
public struct PendingServerRequest: Sendable, Equatable, Identifiable {
    /// What the server asks for, with its decoded parameters.
    public enum Kind: Sendable, Equatable {
        case sampling(CreateSamplingMessage.Parameters)
        case elicitation(CreateElicitation.Parameters)

        /// "sampling" or "elicitation", for lists and messages.
        public var name: String {
            switch self {
            case .sampling: return "sampling"
            case .elicitation: return "elicitation"
            }
        }
    }

    /// Unique among all servers for the life of the host (not the JSON-RPC id, which is the server's).
    public let id: Int
    public let server: String
    public let kind: Kind
    /// The server's `"sampling"` setting when the request came (for sampling requests).
    public let samplingPolicy: SamplingPolicy

    public init(id: Int, server: String, kind: Kind, samplingPolicy: SamplingPolicy = .ask) {
        self.id = id
        self.server = server
        self.kind = kind
        self.samplingPolicy = samplingPolicy
    }
}

/// The user's answer to a `PendingServerRequest`.
public enum ServerRequestAnswer: Sendable, Equatable {
    /// Accept a sampling request with the model's reply.
    case sampling(CreateSamplingMessage.Result)
    /// Accept an elicitation with the form's content.
    case elicitation(content: [String: Value])
    /// Accept a URL mode elicitation: the user agreed to open the page (no content).
    case openedURL
    /// The user said no (elicitation: `action: "decline"`; sampling: an error the server sees as a refusal).
    case decline
    /// The user dismissed it without choosing (elicitation: `action: "cancel"`).
    case cancel
    /// mcpterm refused it without asking, for the reason given (no model, `"sampling": "deny"`):
    /// a sampling request gets an error with this message, an elicitation a decline.
    case refuse(reason: String)
}

extension ServerRequestAnswer {
    /// Whether this answer can answer a request of `kind`: form content only a form, "opened"
    /// only a URL elicitation, a model reply only sampling; decline, cancel and refuse anything.
    public func fits(_ kind: PendingServerRequest.Kind) -> Bool {
        switch (kind, self) {
        case (_, .decline), (_, .cancel), (_, .refuse): return true
        case (.sampling, .sampling): return true
        case (.elicitation(.form), .elicitation): return true
        case (.elicitation(.url), .openedURL): return true
        default: return false
        }
    }
}
