import ChatCore
import MCP
import MCPHost

/// Something that happened in a turn of `mcpterm -p`, as `--output stream-json` writes it (one
/// JSON object a line, each with its `type`) and stderr reports it (refusals, errors, warnings).
enum ScriptEvent: Equatable {
    /// The turn starts: the servers as they are, and the tools the model is offered.
    case start(servers: [ServerStatus], tools: [String])
    /// A piece of the model's reply.
    case text(String)
    /// The model asked for a tool.
    case toolCall(ToolCallRecord)
    /// The call was let run, or refused.
    case approval(ToolCallRecord, ScriptApproval)
    /// The call ended (done, failed, refused).
    case toolResult(ToolCallRecord)
    /// Token counts of one request.
    case usage(ScriptUsage)
    case warning(String)
    /// The model or a server failed.
    case error(String)

    /// The event as one JSON object.
    var json: Value {
        switch self {
        case .start(let servers, let tools):
            return .object([
                "type": "start",
                "servers": .array(servers.map { server in
                    .object(["name": .string(server.name), "state": .string(ServerStatusText.state(server.state))])
                }),
                "tools": .array(tools.map(Value.string)),
            ])
        case .text(let text):
            return .object(["type": "text", "text": .string(text)])
        case .toolCall(let record):
            return .object([
                "type": "tool_call", "id": .string(record.id), "name": .string(record.qualifiedName),
                "server": record.server.map(Value.string) ?? .null, "tool": record.toolName.map(Value.string) ?? .null,
                "arguments": Self.arguments(record),
            ])
        case .approval(let record, let approval):
            var object = Self.approvalFields(approval)
            object["type"] = "tool_approval"
            object["id"] = .string(record.id)
            object["name"] = .string(record.qualifiedName)
            return .object(object)
        case .toolResult(let record):
            return .object([
                "type": "tool_result", "id": .string(record.id), "name": .string(record.qualifiedName),
                "state": .string(record.state.label), "isError": .bool(record.resultIsError),
                "result": record.resultText.map(Value.string) ?? .null,
            ])
        case .usage(let usage):
            return .object(["type": "usage", "inputTokens": .int(usage.inputTokens), "outputTokens": .int(usage.outputTokens)])
        case .warning(let message):
            return .object(["type": "warning", "message": .string(message)])
        case .error(let message):
            return .object(["type": "error", "message": .string(message)])
        }
    }

    /// The arguments as the model sent them: the parsed object, else the raw text.
    static func arguments(_ record: ToolCallRecord) -> Value {
        record.arguments.map(Value.object) ?? .string(record.argumentsJSON)
    }

    static func approvalFields(_ approval: ScriptApproval) -> [String: Value] {
        var fields: [String: Value] = ["allowed": .bool(approval.allowed), "approval": .string(approval.approval)]
        fields["rule"] = approval.rule.map(Value.string) ?? .null
        if let reason = approval.reason { fields["reason"] = .string(reason) }
        return fields
    }
}
