import MCPHost

/// Pages servers ask the user to open (URL mode elicitation), one box at a time, oldest first.
/// A prompt comes from an `elicitation/create` (answered with consent, decline or cancel) or from
/// a -32042 error of a tool call (nothing to answer: the call failed, and the page is what the
/// server needs first).
struct URLConsentState: Equatable, Sendable {
    struct Prompt: Equatable, Sendable {
        var page: URLElicitation
        /// The waiting `elicitation/create` this answers; nil for a page a failed call named.
        var requestID: Int?
    }

    var queue: [Prompt] = []
    /// Pages the user agreed to open, by server and elicitation id: a server's
    /// `notifications/elicitation/complete` for one of these is shown; any other is ignored.
    var opened: Set<String> = []
    /// Counts each new prompt on top; an arming timer of an earlier one is ignored.
    var showing = 0
    var armed = false
    /// The prompt `showing` counts (to see when the top one changed).
    var shownKey: String?

    var current: Prompt? { queue.first }

    static func key(_ page: URLElicitation) -> String { page.server + "\u{1F}" + page.elicitationID }

    /// A page to ask about, unless the same one already waits.
    mutating func add(_ prompt: Prompt) {
        guard !queue.contains(where: { Self.key($0.page) == Self.key(prompt.page) }) else { return }
        queue.append(prompt)
    }
}
