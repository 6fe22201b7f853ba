import Foundation
import MCP

/// The HTTP headers that mirror a 2026-07-28 request's envelope so servers and proxies can route
/// without reading the body: `MCP-Protocol-Version`, `Mcp-Method`, and `Mcp-Name` for the methods
/// that name a tool, prompt or resource (MCP 2026-07-28 basic/transports#streamable-http).
/// Derived from the message itself, so the session stays transport-neutral; a message without
/// the envelope (the handshake era) gets none.
enum ModernRequestHeaders {
    /// Method → the params field whose value is sent as `Mcp-Name`.
    /// The tasks extension routes `tasks/*` by task id (SEP-2663 "Streamable HTTP: Routing Headers").
    static let nameFields = [CallTool.name: "name", GetPrompt.name: "name", ReadResource.name: "uri",
                             "tasks/get": "taskId", "tasks/update": "taskId", "tasks/cancel": "taskId"]

    /// `parameters`: each tool's `x-mcp-header` parameters; a `tools/call` of one of them also
    /// carries its `Mcp-Param-*` headers.
    static func headers(for data: Data, parameters: [String: [ParameterHeader]] = [:]) -> [(String, String)] {
        guard let message = try? JSONCoding.value(from: data), case .object(let fields) = message,
              let method = fields["method"]?.stringValue,
              let params = fields["params"]?.objectValue,
              let version = params["_meta"]?.objectValue?[RequestEnvelope.protocolVersionKey]?.stringValue else {
            return []
        }
        var headers = [("MCP-Protocol-Version", encode(version)), ("Mcp-Method", encode(method))]
        if let field = nameFields[method], let name = params[field]?.stringValue {
            headers.append(("Mcp-Name", encode(name)))
            if method == CallTool.name, let declared = parameters[name], !declared.isEmpty {
                headers += ToolParameterHeaders.headers(declared, arguments: params["arguments"]?.objectValue)
            }
        }
        return headers
    }

    /// A value that would not survive as an HTTP field (control or non-ASCII characters, edge
    /// whitespace, or text that already looks like the wrapper) is sent as `=?base64?…?=`.
    static func encode(_ value: String) -> String {
        let printable = value.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value <= 0x7E }
        let trimmed = value.trimmingCharacters(in: .whitespaces) == value
        let looksWrapped = value.hasPrefix("=?base64?") && value.hasSuffix("?=")
        if printable, trimmed, !looksWrapped { return value }
        return "=?base64?" + Data(value.utf8).base64EncodedString() + "?="
    }
}
