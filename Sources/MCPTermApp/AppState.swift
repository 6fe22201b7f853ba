import Foundation
import ChatCore
import LLM
import MCPHost
import TUI

/// Everything the screen shows, as one value. Only `reduce` changes it.
public struct AppState: Sendable {
    /// The conversation and its turn state machine.
    public var agent: AgentLoop
    var input = InputEditor()
    /// Every configured server in config order, with its health.
    var servers: [ServerStatus] = []
    /// Tools of the ready servers, as the model sees them.
    var catalog = ToolCatalog([])
    /// Every tool the ready servers offer; `catalog` is these minus `toolsOff` (`/tools off`).
    var allTools: [QualifiedTool] = []
    var toolsOff: Set<String> = []
    /// About how many tokens the catalog's schemas cost in each request.
    var toolSchemaTokens = 0
    /// Resources and prompts of the ready servers (`/resources`, `/prompts`).
    var resources: [ServerResource] = []
    var prompts: [ServerPrompt] = []
    var resourceTemplates: [ServerResourceTemplate] = []
    /// Focus, selections and preview of the side pane's tabs.
    var sidePaneState = SidePaneState()
    /// Resources attached to the next message (chips above the input).
    var attachments = ResourceAttachments()
    /// Sampling and elicitation requests from servers, waiting for the user (`/requests`).
    var serverRequests = ServerRequestQueue()
    /// The model replies come from; nil when none is configured.
    var model: ModelDescription?
    /// The models the provider offers, when something has asked (see `ProviderModels`).
    var providerModels = ProviderModels.unknown
    /// The `"models"` profiles of servers.json, resolved (for `/model`).
    var profiles: [ProfileChoice] = []
    /// `/model` asked for the provider's list: show it when it comes.
    var modelListWanted = false
    /// `/compact` is waiting for the model's summary.
    var compacting = false
    /// The message the context-window warning held back; sending it again sends it anyway.
    var contextWarned: String?
    /// Which model wrote each reply in the transcript (kept by `reduce`, read by the view).
    var replyModels = ReplyModels()
    /// A failed reply waiting to be asked again, and the retries it has had (`StreamRetryReducer`).
    var streamRetry: StreamRetry?
    var retriesUsed: RetriesUsed?
    var sidePaneVisible = true
    /// What the side pane shows when visible.
    var sidePane: SidePane = .servers
    var helpVisible = false {
        didSet { if helpVisible != oldValue { helpScroll = 0 } }
    }
    /// Help rows scrolled past (the help is longer than a small terminal).
    var helpScroll = 0
    /// The approval box: its arming, scrolling and what it has shown (ApprovalReducer).
    var approval = ApprovalState()
    /// The box of servers' forms (elicitation): the form shown, its arming, forms put aside
    /// (ElicitationReducer).
    var elicitation = ElicitationState()
    /// Pages servers ask the user to open (URL mode elicitation), and the ones opened.
    var urlConsent = URLConsentState()
    /// Messages sent while a reply was in progress, oldest first: each goes when the turn before
    /// it ends (Esc takes the newest back into the input).
    var queuedMessages: [String] = []
    /// The loop's time and how long the reply and each call have taken (`ActivityTimes`).
    var times = ActivityTimes()
    /// Which server request has the box (forms and sampling requests, oldest first), and those
    /// put aside.
    var requestBoxes = RequestBoxOrder()
    /// The boxes of servers' sampling requests: each request's review, the one shown, its arming
    /// (SamplingReducer).
    var sampling = SamplingState()
    /// Transcript lines scrolled up from the bottom (0 = follow the newest text).
    var transcriptScroll = 0 {
        didSet { if transcriptScroll == 0 { transcriptAnchor = nil } }
    }
    /// While scrolled up: the row the view keeps in place as text is added below it (set by
    /// the frame through `transcriptPlaced`).
    var transcriptAnchor: TranscriptAnchor?
    /// Whether the terminal reports the mouse, so the wheel scrolls what is under the pointer;
    /// off, the terminal selects text as usual (Alt-M; `"mouse": false` in servers.json).
    var mouseEnabled = true
    /// The `/` menu and the `@` picker above the input: the row selected, the one Esc closed.
    var popup = InputPopupState()
    /// A resource template's variables being filled in for an `@` reference (its own box).
    var templateFill: TemplateFill?
    /// A brief notice in the status bar (what /copy copied), until its timer runs out.
    var toast: Toast?
    /// Notices shown so far (a new one's number).
    var toastsShown = 0
    /// Every server's JSON-RPC messages and metrics, fed by the host's trace recorder.
    var trace = TraceLog()
    /// The log tab's trace view: filters, search, the selected and the opened message.
    var traceView = TraceViewState()
    /// Clock times (log lines, trace rows) are shown in this zone (tests fix it).
    var timeZone = TimeZone.current
    /// The wall-clock time of the loop's time zero (`times.now` counts from it); log lines that
    /// come without a time are stamped from the two. Nil in tests that stamp their own.
    var clockStart: Date?
    /// Host log (server stderr, notifications, host events), newest last, bounded.
    private(set) var log: [HostLogEntry] = []
    var width: Int
    var height: Int
    var shouldQuit = false

    static let logLimit = 2000

    public init(agent: AgentLoop = AgentLoop(), model: ModelDescription?, width: Int, height: Int) {
        self.agent = agent
        self.model = model
        self.width = width
        self.height = height
    }

    /// The wall-clock time of the event being handled (`clockStart` plus the loop's time), nil
    /// when no loop drives the reducer.
    var wallClock: Date? {
        guard let clockStart, let now = times.now else { return nil }
        return clockStart.addingTimeInterval(Double(now.components.seconds) + Double(now.components.attoseconds) / 1e18)
    }

    mutating func appendLog(_ entry: HostLogEntry) {
        var entry = entry
        if entry.time == nil { entry.time = wallClock }
        log.append(entry)
        if log.count > Self.logLimit { log.removeFirst(log.count - Self.logLimit) }
    }

    /// "servers 1/2 ready" counts enabled servers only.
    var readyCount: (ready: Int, total: Int) {
        let enabled = servers.filter { $0.state != .disabled }
        return (enabled.filter { $0.state == .ready }.count, enabled.count)
    }
}

/// The side pane's content.
enum SidePane: Equatable, Sendable {
    /// Servers with their state and tools.
    case servers
    /// Resources and resource templates; read, preview, attach to the next message.
    case resources
    /// Prompts and their arguments; insert one into the input.
    case prompts
    /// The host log: server stderr, server log messages, host events.
    case log
}

/// Which model a chat uses, for the status bar and for requests.
public struct ModelDescription: Equatable, Sendable {
    public var provider: ProviderKind
    public var model: String
    public var baseURL: String
    /// The `"models"` profile it came from, if any (its API key is looked up there).
    public var profile: String?
    /// Sent with each request when set (`maxTokens`, `temperature` of the profile or `"llm"`).
    public var maxTokens: Int?
    public var temperature: Double?
    /// The model's context window in tokens, when configured.
    public var contextWindow: Int?
    /// Seconds to wait for the connection and for a byte of the reply (`--connect-timeout`,
    /// `--idle-timeout`, else the profile's or `"llm"`'s); nil: the provider's defaults.
    public var connectTimeout: Double?
    public var idleTimeout: Double?
    /// Tool rounds in one turn before the user is asked (`"maxToolRounds"`); nil: the default.
    public var maxToolRounds: Int?

    public init(provider: ProviderKind, model: String, baseURL: String, profile: String? = nil,
                maxTokens: Int? = nil, temperature: Double? = nil, contextWindow: Int? = nil) {
        self.provider = provider
        self.model = model
        self.baseURL = baseURL
        self.profile = profile
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.contextWindow = contextWindow
    }
}

/// A row of the transcript that stays put while text is added below it: a row of an item
/// (`row` counts from the item's first row; -1 is the blank row above it).
public struct TranscriptAnchor: Equatable, Sendable {
    var item: Int
    var row: Int
}

/// The model that wrote each reply, by transcript index: a reply is noted with the model in use
/// when it first appears (a switch happens only between turns), so `/model` never relabels
/// earlier replies. Only items added since the last look are looked at.
struct ReplyModels: Equatable, Sendable {
    private(set) var names: [Int: String] = [:]
    private var seen = 0

    mutating func note(_ transcript: [TranscriptItem], model: String?) {
        if transcript.count < seen {  // a new conversation (/clear)
            names = [:]
            seen = 0
        }
        guard let model else {
            seen = transcript.count
            return
        }
        for index in seen..<transcript.count {
            if case .assistant = transcript[index] { names[index] = model }
        }
        seen = transcript.count
    }
}
