import Foundation
import LLM

/// One event of a saved conversation: one line of a session file (see `SessionEntry` for the
/// line format). Written as each event completes; a streaming reply is written in pieces as
/// it grows (`assistantPartial`), coalesced, never per token.
public enum SessionRecord: Equatable, Sendable {
    /// The first line: what this session ran with. Never holds secrets.
    case header(SessionHeader)
    /// The user sent `text`; the model saw `sent` (the text plus attached resources).
    case user(text: String, sent: String)
    /// A finished (or cut-off) reply of the model with the tools it asked for.
    case assistant(text: String, toolCalls: [ToolCall])
    /// More of the reply that is still streaming: `text` continues it at UTF-8 byte `from`.
    /// `--resume` joins the pieces into one assistant message; the reply's `assistant` record,
    /// once written, replaces them. Pieces with no `assistant` after them are a reply that
    /// mcpterm was stopped in the middle of.
    case assistantPartial(from: Int, text: String)
    /// A tool call started to run, approved by the user or by the approval policy.
    case toolApproved(callID: String, name: String, by: SessionApprover)
    /// A tool call ended: done, failed, denied or cancelled.
    case toolResult(SessionToolResult)
    /// A host remark shown in the transcript (not sent to the model).
    case notice(String)
    /// An error shown in the transcript (not sent to the model).
    case error(String)
    /// A later run of mcpterm continued this session (`--resume`).
    case resumed(SessionResume)
}

extension SessionRecord {
    /// The largest `from` of an `assistantPartial` a file may hold (1 TiB): larger is not a
    /// reply mcpterm wrote, and bounding it keeps offset arithmetic from overflowing.
    public static let partialOffsetLimit = 1 << 40
}

/// What a session ran with, for `--sessions`, for `--resume` of the newest session in a
/// directory, and for the system prompt the model saw.
public struct SessionHeader: Equatable, Sendable, Codable {
    /// The file name without `.jsonl`: start time (UTC) and a short random part.
    public var id: String
    public var mcptermVersion: String
    public var provider: String?
    public var model: String?
    /// The API base URL without user name, password, query or fragment (they may hold keys).
    public var baseURL: String?
    /// The working directory mcpterm started in.
    public var cwd: String
    /// Configured servers, by name and transport only: their env, headers and args may hold secrets.
    public var servers: [SessionServer]
    public var systemPrompt: String?

    public init(
        id: String, mcptermVersion: String, provider: String?, model: String?, baseURL: String?, cwd: String,
        servers: [SessionServer], systemPrompt: String?
    ) {
        self.id = id
        self.mcptermVersion = mcptermVersion
        self.provider = provider
        self.model = model
        self.baseURL = baseURL.map(Self.redacted)
        self.cwd = cwd
        self.servers = servers
        self.systemPrompt = systemPrompt
    }

    /// `url` without the parts that can carry credentials (`user:pass@`, `?key=…`, `#…`).
    public static func redacted(_ url: String) -> String {
        guard var parts = URLComponents(string: url) else { return "(unparsable URL)" }
        parts.user = nil
        parts.password = nil
        parts.query = nil
        parts.fragment = nil
        return parts.string ?? "(unparsable URL)"
    }
}

/// A configured server as the session header names it.
public struct SessionServer: Equatable, Sendable, Codable {
    public var name: String
    /// stdio, http, sse or ws.
    public var kind: String

    public init(name: String, kind: String) {
        self.name = name
        self.kind = kind
    }
}

/// Who let a tool call run.
public enum SessionApprover: String, Equatable, Sendable, Codable {
    /// The user answered the approval box (once or always).
    case user
    /// `alwaysAllow` in servers.json or an earlier "always" in this session.
    case policy
}

/// How a tool call ended, with its result text bounded in size.
public struct SessionToolResult: Equatable, Sendable {
    public var callID: String
    /// The name the model used (`server__tool`).
    public var name: String
    public var server: String?
    public var tool: String?
    /// The arguments exactly as the model sent them.
    public var arguments: String
    public var state: State
    public var isError: Bool
    /// The result as the transcript showed it, cut at `SessionToolResult.textLimit` bytes.
    public var text: String
    /// The result's size in UTF-8 bytes when `text` was cut; nil when it is whole.
    public var originalBytes: Int?
    /// What the model received, when it differs from `text` (e.g. "Error: " in front), also bounded.
    public var modelText: String?

    /// The final states of a call.
    public enum State: String, Equatable, Sendable, Codable {
        case done, failed, denied, cancelled
    }

    /// Result texts longer than this many UTF-8 bytes are cut: a session file stays readable
    /// and loadable when a tool returns megabytes.
    public static let textLimit = 256 * 1024

    public init(
        callID: String, name: String, server: String?, tool: String?, arguments: String, state: State,
        isError: Bool, text: String, originalBytes: Int? = nil, modelText: String? = nil
    ) {
        self.callID = callID
        self.name = name
        self.server = server
        self.tool = tool
        self.arguments = arguments
        self.state = state
        self.isError = isError
        self.text = text
        self.originalBytes = originalBytes
        self.modelText = modelText
    }

    /// The record of a finished `call` whose tool message to the model was `modelText`.
    public init(call: ToolCallRecord, modelText: String) {
        let state: State
        switch call.state {
        case .done: state = .done
        case .denied: state = .denied
        case .cancelled: state = .cancelled
        case .failed, .awaitingApproval, .running: state = .failed
        }
        let shown = Self.bounded(call.resultText ?? modelText)
        let model = Self.bounded(modelText)
        self.init(
            callID: call.id, name: call.qualifiedName, server: call.server, tool: call.toolName,
            arguments: call.argumentsJSON, state: state, isError: call.resultIsError, text: shown.text,
            originalBytes: shown.originalBytes, modelText: model.text == shown.text ? nil : model.text)
    }

    /// The content of the tool message the model saw.
    public var contentForModel: String { modelText ?? text }

    /// `text` cut to at most `limit` UTF-8 bytes at a character boundary, with a closing note
    /// saying how long it was; the original size when cut.
    public static func bounded(_ text: String, limit: Int = textLimit) -> (text: String, originalBytes: Int?) {
        let size = text.utf8.count
        guard size > limit else { return (text, nil) }
        return (text.prefix(utf8Bytes: limit) + "\n[… cut by mcpterm's session file: \(size) bytes in all]", size)
    }
}

/// A later run that continued the session.
public struct SessionResume: Equatable, Sendable, Codable {
    public var mcptermVersion: String
    public var provider: String?
    public var model: String?

    public init(mcptermVersion: String, provider: String?, model: String?) {
        self.mcptermVersion = mcptermVersion
        self.provider = provider
        self.model = model
    }
}
