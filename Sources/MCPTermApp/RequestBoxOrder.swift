import MCPHost

/// Which server request has the box: forms (elicitation) and sampling requests share one queue,
/// oldest first, one box at a time. Oldest first, not one kind above the other, so a box the
/// user is reading or typing into is never replaced by a newer request: it stays until it is
/// answered, put aside (Alt-L) or withdrawn, and `/accept ID` is the one way to jump the queue.
struct RequestBoxOrder: Equatable, Sendable {
    /// Requests put aside by the user: they wait (see `/requests`) until `/accept ID` opens one.
    var setAside: Set<Int> = []
    /// The request `/accept ID` asked to see, shown before older ones.
    var preferred: Int?

    /// Whether `request` is answered in a box (a URL elicitation is not, yet).
    static func hasBox(_ request: PendingServerRequest) -> Bool {
        switch request.kind {
        case .elicitation(.form), .sampling: return true
        case .elicitation: return false
        }
    }

    /// Forgets requests that no longer wait.
    mutating func prune(_ waiting: [PendingServerRequest]) {
        let ids = Set(waiting.map(\.id))
        setAside.formIntersection(ids)
        if let preferred, !ids.contains(preferred) || setAside.contains(preferred) { self.preferred = nil }
    }

    /// The requests that may have the box, oldest first.
    func candidates(_ waiting: [PendingServerRequest]) -> [PendingServerRequest] {
        waiting.filter { Self.hasBox($0) && !setAside.contains($0.id) }
    }

    /// The request whose box shows: the one `/accept ID` asked for, else the oldest.
    func front(_ waiting: [PendingServerRequest]) -> PendingServerRequest? {
        let candidates = candidates(waiting)
        return candidates.first { $0.id == preferred } ?? candidates.first
    }

    /// `/accept ID` without an answer: show that request's box (again).
    mutating func open(_ id: Int) {
        setAside.remove(id)
        preferred = id
    }

    /// Alt-L: the request keeps waiting, out of the way.
    mutating func putAside(_ id: Int) {
        setAside.insert(id)
        if preferred == id { preferred = nil }
    }
}
