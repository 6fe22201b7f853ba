import ChatCore
import LLM
import MCP
import MCPHost
import TUI

/// Everything that can happen to the app, on one channel, handled by one loop.
public enum AppEvent: Sendable {
    case key(Key)
    /// A mouse report (the wheel, a press) at a cell of the screen.
    case mouse(MouseEvent)
    case resize(width: Int, height: Int)
    /// One event of the model stream tagged `turn`.
    case stream(turn: Int, StreamEvent)
    /// The stream of `turn` ended; `error` says why when it failed.
    case streamEnded(turn: Int, error: String?)
    case toolFinished(callID: String, ToolOutcome)
    /// A running call's server reported progress (`notifications/progress`).
    case toolProgress(callID: String, ToolProgress)
    /// Time to draw the next frame of what is animated (spinners, elapsed times).
    case animationFrame
    case serversChanged([ServerStatus])
    case toolsChanged([QualifiedTool])
    case hostLog(HostLogEntry)
    /// A message to or from a server (or a session's start), from the host's trace recorder.
    case trace(TraceLog.Update)
    /// The ready servers' resources and prompts, read again after a change.
    case catalogChanged(resources: [ServerResource], prompts: [ServerPrompt])
    /// The ready servers' resource templates, read again after a change.
    case resourceTemplatesChanged([ServerResourceTemplate])
    /// A subscribed resource changed on its server (`notifications/resources/updated`).
    case resourceUpdated(server: String, uri: String)
    /// `prompts/get` finished: the prompt's messages as text, or why it failed.
    case promptFetched(server: String, name: String, text: String, isError: Bool)
    /// Suggestions for the argument value being typed in `/prompt` (Tab), from `completion/complete`.
    case completionFound(server: String, prompt: String, argument: String, value: String, values: [String])
    /// Suggestions for the value of a resource template's variable (the `@` picker), from
    /// `completion/complete`; empty when the server has none (or failed, said in the log).
    case templateCompletionFound(server: String, uriTemplate: String, argument: String, value: String, values: [String])
    /// The status bar's brief notice of showing `showing` has been up long enough.
    case toastExpired(showing: Int)
    /// A server asks for sampling or elicitation and waits for the user.
    case serverRequest(PendingServerRequest)
    /// That request no longer waits (answered, cancelled by its server, server gone).
    case serverRequestEnded(id: Int)
    /// A call failed with -32042: the server needs the user to open these pages first.
    case urlElicitationsRequired([URLElicitation])
    /// A server says the out-of-band step of a page it asked to open is done.
    case elicitationComplete(server: String, elicitationID: String)
    /// The box of a server's page has been on screen long enough: its keys work.
    case urlConsentArmed(showing: Int)
    /// A login started: the authorization URL to open (the browser is asked to) or to copy.
    case loginStarted(server: String, url: String)
    /// A login ended: why it failed, or nil when the server got its tokens.
    case loginFinished(server: String, error: String?)
    /// `/read` finished: the resource's text, or why it could not be read.
    case resourceRead(server: String, uri: String, text: String, isError: Bool)
    /// `/reload` finished.
    case configReloaded(ConfigReloadReport)
    /// SIGTERM, SIGHUP or SIGINT from outside: leave cleanly.
    case terminate(signal: Int32)
    /// Draw again (a frame deferred by the frame cap, or Ctrl-L).
    case redraw
    /// Streamed text waits to be saved and the model went quiet: the loop's wake-up, after which
    /// the session persistence writes what is due.
    case sessionWriteDue
    /// The approval box of showing `showing` has been on screen long enough: its keys work.
    case approvalArmed(showing: Int)
    /// The form box of showing `showing` has been on screen long enough: its answer keys work.
    case elicitationArmed(showing: Int)
    /// The sampling box of showing `showing` has been on screen long enough: its answer keys work.
    case samplingArmed(showing: Int)
    /// The model's summary for `/compact` (of the older messages it was given), or why there is none.
    case compacted(Result<String, ModelProblem>)
    /// The reply of `turn` failed with what the provider said (the stream is over).
    case streamFailed(turn: Int, StreamFailure)
    /// The wait before asking again for the reply of `turn` is over.
    case retryDue(turn: Int)
    /// The model's answer to run `run` of sampling request `requestID`, or why there is none.
    case samplingReply(requestID: Int, run: Int, Result<SampledReply, SamplingFailure>)
    /// The models the provider offers (`.listModels`), or why they could not be listed.
    case modelsListed(Result<[String], ModelProblem>)
    /// With no model configured: the local Ollama found (and the model to use), or why none was.
    case modelDetected(Result<ModelDescription, ModelProblem>)
    /// `/export` wrote the conversation to `path`, or `error` says why it could not.
    case conversationExported(path: String, error: String?)
    /// `mcpterm -p` gave the servers the time `--wait-servers` allows: its turn starts with the
    /// servers that are ready (the TUI never waits).
    case serversWaitOver
    /// A frame drawn for scroll `from` showed the transcript `scroll` rows up from its end (as
    /// far as its rows go; more when text came below the row the reader is at), with `anchor`
    /// the row at the bottom of the view.
    case transcriptPlaced(from: Int, scroll: Int, anchor: TranscriptAnchor?)
}

/// Work `reduce` asks the runtime to do; results come back as `AppEvent`s.
public enum Effect: Equatable, Sendable {
    case streamChat(turn: Int, request: ChatRequest)
    case cancelStream(turn: Int)
    /// Call exactly the tool the user approved (`ServerHost.callTool(_:arguments:)` checks it).
    case callTool(callID: String, target: ToolTarget, arguments: [String: Value]?)
    case cancelTool(callID: String)
    case reconnect(server: String)
    /// Deliver the user's answer to a server's sampling or elicitation request.
    case respond(requestID: Int, answer: ServerRequestAnswer)
    /// Send an approved sampling request to the configured model; the reply comes back as
    /// `.samplingReply(requestID:run:_:)`. A new run of the same request replaces the old one.
    case sample(requestID: Int, run: Int, request: ChatRequest)
    /// Stop the model's run for sampling request `requestID` (nothing comes back).
    case cancelSample(requestID: Int)
    /// Ask the provider which models it offers; the answer comes back as `.modelsListed`.
    case listModels
    /// Ask the model for the summary `/compact` needs; the text comes back as `.compacted`.
    case summarize(ChatRequest)
    /// Send `.retryDue(turn:)` after `after` (a failed reply is asked again).
    case scheduleRetry(turn: Int, after: Duration)
    /// Talk to this model from now on (the provider is made anew; the conversation is kept).
    case useModel(ModelDescription)
    case readResource(server: String, uri: String)
    /// `resources/subscribe`, so changes to an attached resource arrive as `resourceUpdated`.
    case subscribeResource(server: String, uri: String)
    case getPrompt(server: String, name: String, arguments: [String: String]?)
    /// `completion/complete` for one prompt argument; the answer arrives as `completionFound`.
    case complete(server: String, prompt: String, argument: String, value: String, context: [String: String]?)
    /// Start an OAuth login for the server (`/login NAME`, `l` in the Servers tab).
    case login(server: String)
    /// End the login in progress with the address the browser landed on (`/login NAME URL`).
    case completeLogin(server: String, redirect: String)
    /// Forget the server's OAuth tokens (`/logout NAME`).
    case logout(server: String)
    /// `completion/complete` for one variable of a resource template; the answer arrives as
    /// `templateCompletionFound`.
    case completeTemplate(server: String, uriTemplate: String, argument: String, value: String, context: [String: String]?)
    case disableServer(String)
    case enableServer(String)
    /// Read servers.json again and apply it (`/reload`).
    case reloadServers
    /// Send `.approvalArmed(showing:)` after `after`.
    case armApproval(showing: Int, after: Duration)
    /// Send `.elicitationArmed(showing:)` after `after`.
    case armElicitation(showing: Int, after: Duration)
    /// Send `.urlConsentArmed(showing:)` after `after`.
    case armURLConsent(showing: Int, after: Duration)
    /// Open a page in the user's browser (`$BROWSER`, else `xdg-open`); never fetched by mcpterm.
    case openURL(String)
    /// Send `.animationFrame` after `after` (a reply or a call is running: its spinner turns).
    case scheduleAnimation(after: Duration)
    /// Send `.samplingArmed(showing:)` after `after`.
    case armSampling(showing: Int, after: Duration)
    /// Send `.redraw` after `after` (a frame the frame cap deferred). The loop asks for it.
    case scheduleFrame(after: Duration)
    /// Send `.sessionWriteDue` after `after` (streamed text waits to be saved). The loop asks for it.
    case scheduleSessionWrite(after: Duration)
    /// Append these records (made by `AgentLoop` as things happened) to the session file.
    case saveSession([SessionRecord])
    /// The conversation started over (`/clear`): later records go to a new session file.
    case newSessionFile
    /// Write the conversation as Markdown (`/export`) to `path`, or to a new file named for
    /// the time in the working directory; `.conversationExported` says where.
    case exportConversation(markdown: String, path: String?)
    /// Throw away everything drawn and draw the whole screen again.
    case fullRedraw
    /// Turn the terminal's mouse reporting on or off. The loop asks its backend.
    case setMouseReporting(Bool)
    /// Put `text` on the terminal's clipboard (OSC 52). The loop asks its backend.
    case copyToClipboard(String)
    /// Send `.toastExpired(showing:)` after `after`.
    case expireToast(showing: Int, after: Duration)
    case quit
}
