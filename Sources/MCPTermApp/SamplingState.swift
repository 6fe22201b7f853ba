import ChatCore
import MCP
import MCPHost
import TUI

/// One server's sampling request in its box, from the first approval to the second: the request,
/// the user's edit of its last user message, where it stands, and how far the box is scrolled.
struct SamplingReview: Equatable, Sendable {
    /// Where the request stands.
    enum Phase: Equatable, Sendable {
        /// Shown for the first approval: send it to the model?
        case request
        /// The last user message in an edit field (Enter keeps the edit, Esc drops it).
        case editing(InputEditor)
        /// The model runs; its reply comes back tagged `run`.
        case waiting(run: Int)
        /// The model's reply, for the second approval: return it to the server?
        case reply(CreateSamplingMessage.Result)
        /// The model failed, or its reply cannot be returned: why. Approving sends the request again.
        case failed(String)
    }

    /// The waiting request this box answers (`PendingServerRequest.id`).
    let requestID: Int
    let server: String
    let parameters: CreateSamplingMessage.Parameters
    /// The text of the last user message as the user edited it; nil: as the server sent it.
    var editedText: String?
    var phase: Phase = .request
    /// Model runs started for this request; a reply of an earlier run (stopped with Esc) is ignored.
    var runs = 0
    /// The model the latest run went to (chosen by the server's hints, else the configured one).
    var model: String?
    /// Body rows scrolled past.
    var scroll = 0
    /// Every row of the body has been on screen (or End jumped to its end) since it last changed;
    /// until then the approve key is refused, as in the tool approval box.
    var seenAll = false

    init(requestID: Int, server: String, parameters: CreateSamplingMessage.Parameters) {
        self.requestID = requestID
        self.server = server
        self.parameters = parameters
    }

    /// A review for `request`; nil unless it is a sampling request.
    init?(_ request: PendingServerRequest) {
        guard case .sampling(let parameters) = request.kind else { return nil }
        self.init(requestID: request.id, server: request.server, parameters: parameters)
    }

    /// The server's model hints, in its order of preference.
    var hints: [String] {
        (parameters.modelPreferences?.hints ?? []).compactMap(\.name).filter { !$0.isEmpty }
    }

    /// Whether `request` is a sampling request.
    static func isSampling(_ request: PendingServerRequest) -> Bool {
        if case .sampling = request.kind { return true }
        return false
    }

    /// The reply waiting for the second approval.
    var reply: CreateSamplingMessage.Result? {
        if case .reply(let result) = phase { return result }
        return nil
    }

    var isWaiting: Bool {
        if case .waiting = phase { return true }
        return false
    }

    /// What needs its own approval: the request, or the model's reply. A new stage shows the
    /// box afresh (disarmed, scrolled to what is new), so a key meant for one is never taken
    /// for the other.
    var stage: Stage { reply == nil ? .request : .reply }

    enum Stage: Equatable, Sendable { case request, reply }
}

/// The sampling boxes across requests: a review for every waiting sampling request (one not on
/// screen keeps its edit, and its model keeps running), which one is on screen, and whether its
/// answer keys work yet. Which request shows follows `AppState.requestBoxes`.
struct SamplingState: Equatable, Sendable {
    var reviews: [Int: SamplingReview] = [:]
    /// The request whose box is on screen (the front of the server requests, when a sampling one).
    var current: Int?
    /// The stage of `current` when last synced; a change starts a new showing.
    var currentStage: SamplingReview.Stage?
    /// Counts each new showing of a box; an arming timer of an earlier showing is ignored.
    var showing = 0
    /// Answer keys work only once the box has been on top for `ApprovalState.armDelay`.
    var armed = false
    /// Whether the box shown was on top (not under the approval box) when last synced.
    var onTop = false
    /// Why the last key did nothing, shown in the box's footer until the next key.
    var notice: String?

    /// The review on screen.
    var review: SamplingReview? {
        current.flatMap { reviews[$0] }
    }

    init() {}
}
