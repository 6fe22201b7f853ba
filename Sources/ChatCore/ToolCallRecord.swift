import Foundation
import MCP
import MCPHost

/// Where one tool call stands, as the transcript shows it.
public enum ToolCallState: Equatable, Sendable {
    case awaitingApproval
    case running
    case done
    case failed(String)
    case denied
    case cancelled

    /// Short label for the transcript and the approval box.
    public var label: String {
        switch self {
        case .awaitingApproval: return "waiting for approval"
        case .running: return "running"
        case .done: return "done"
        case .failed: return "failed"
        case .denied: return "denied"
        case .cancelled: return "cancelled"
        }
    }

    /// True once the call can no longer change.
    public var isFinished: Bool {
        switch self {
        case .awaitingApproval, .running: return false
        case .done, .failed, .denied, .cancelled: return true
        }
    }
}

/// One tool call the model asked for: what it targets, its arguments, its state and result.
public struct ToolCallRecord: Equatable, Sendable {
    /// The model's id for the call (answered with a tool message of the same id).
    public var id: String
    /// The name the model used (`server__tool`).
    public var qualifiedName: String
    /// The server and the tool's own name; nil when the model named an unknown tool.
    public var server: String?
    public var toolName: String?
    public var toolDescription: String?
    public var annotations: Tool.Annotations
    /// The arguments exactly as the model sent them.
    public var argumentsJSON: String
    /// The parsed arguments (nil when they were not a JSON object).
    public var arguments: [String: Value]?
    public var state: ToolCallState
    /// The result as the card shows it, once finished (the model's text may differ: media as
    /// placeholders, "Error: " in front).
    public var resultText: String?
    /// The call failed: the server flagged its result as an error (`isError`), or it was denied,
    /// cancelled or never answered.
    public var resultIsError: Bool
    /// The definition the approval box shows (nil for an unknown tool or a replayed call).
    public var fingerprint: ToolFingerprint?
    /// What the server changed in this tool while the box waited ("description", …); the box
    /// says so and asks again.
    public var changedWhileWaiting: [String] = []
    /// The server's latest `notifications/progress` while the call runs.
    public var progress: ToolProgress?
    /// The tool's `outputSchema` as the catalog had it, to check the result's `structuredContent`.
    public var outputSchema: Value?

    public init(
        id: String, qualifiedName: String, server: String?, toolName: String?,
        toolDescription: String?, annotations: Tool.Annotations, argumentsJSON: String,
        arguments: [String: Value]?, state: ToolCallState
    ) {
        self.id = id
        self.qualifiedName = qualifiedName
        self.server = server
        self.toolName = toolName
        self.toolDescription = toolDescription
        self.annotations = annotations
        self.argumentsJSON = argumentsJSON
        self.arguments = arguments
        self.state = state
        self.resultText = nil
        self.resultIsError = false
    }

    /// Exactly what runs when this call is approved: nil when the tool is unknown.
    public var target: ToolTarget? {
        guard let server, let toolName, let fingerprint else { return nil }
        return ToolTarget(server: server, tool: toolName, fingerprint: fingerprint, qualifiedName: qualifiedName)
    }

    /// The arguments as indented JSON with sorted keys, for the approval box.
    /// Falls back to the raw text when the model sent something that is not JSON.
    public var prettyArguments: String { formattedArguments(pretty: true) }

    /// The same text on one line, for the transcript's tool card: what the box showed, with
    /// escapes such as `\u6771` shown as the characters they stand for.
    public var compactArguments: String { formattedArguments(pretty: false) }

    private func formattedArguments(pretty: Bool) -> String {
        let raw = argumentsJSON.trimmingCharacters(in: .whitespacesAndNewlines)
        let source = raw.isEmpty ? "{}" : raw
        var options: JSONSerialization.WritingOptions = [.sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed]
        if pretty { options.insert(.prettyPrinted) }
        guard let data = source.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]),
            let written = try? JSONSerialization.data(withJSONObject: object, options: options),
            let text = String(data: written, encoding: .utf8)
        else { return argumentsJSON }
        return text
    }
}
