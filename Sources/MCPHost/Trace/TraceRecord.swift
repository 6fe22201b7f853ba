import Foundation
import MCP

/// One JSON-RPC message to or from a server, as the trace keeps it: when, which way, what kind,
/// its method and id, its size, and for a response the time since its request and its error code.
/// It carries the message only, never transport headers or the entry's `env` (no tokens).
public struct TraceRecord: Equatable, Sendable {
    public enum Direction: String, Sendable {
        /// From the host to the server.
        case out
        /// From the server to the host.
        case `in`
    }

    public enum Kind: String, Sendable {
        /// A request and the response that answers it (either side may ask).
        case request, response, notification
        /// A request the server sends the host (sampling, elicitation, roots, ping).
        case serverRequest = "server-request"
        /// A JSON-RPC batch (2025-03-26), kept whole.
        case batch
    }

    /// Position in the host's trace (all servers), from 1.
    public var seq: Int
    public var time: Date
    public var server: String
    public var direction: Direction
    public var kind: Kind
    /// The request's method; a response carries its request's method when it was seen.
    public var method: String?
    /// The JSON-RPC id as JSON text (`7`, `"abc"`), nil for notifications.
    public var id: String?
    /// The message's size on the wire, in bytes (UTF-8).
    public var bytes: Int
    /// For a response: milliseconds since its request went the other way.
    public var latencyMs: Double?
    /// For an error response: its JSON-RPC error code.
    public var errorCode: Int?
    /// For a `tools/call` response whose result says `isError`.
    public var toolError: Bool
    /// The message's JSON text, as sent or received.
    public var message: String

    public init(seq: Int, time: Date, server: String, direction: Direction, kind: Kind, method: String?,
                id: String?, bytes: Int, latencyMs: Double? = nil, errorCode: Int? = nil,
                toolError: Bool = false, message: String) {
        self.seq = seq
        self.time = time
        self.server = server
        self.direction = direction
        self.kind = kind
        self.method = method
        self.id = id
        self.bytes = bytes
        self.latencyMs = latencyMs
        self.errorCode = errorCode
        self.toolError = toolError
        self.message = message
    }

    /// A JSON-RPC error, or a tool result marked `isError`.
    public var isError: Bool { errorCode != nil || toolError }

    /// True for a request or response of the host (not one the server started).
    public var isHostCall: Bool {
        (kind == .request && direction == .out) || (kind == .response && direction == .in)
    }
}

/// What one message is, read from its JSON (one reading for the trace; `MCPSession` routes it).
struct TraceClassification: Equatable {
    var kind: TraceRecord.Kind
    var method: String?
    var id: String?
    var errorCode: Int?
    var toolError = false

    static func of(_ value: Value?) -> TraceClassification {
        guard let value else { return TraceClassification(kind: .notification) }
        if case .array = value { return TraceClassification(kind: .batch) }
        guard case .object(let object) = value else { return TraceClassification(kind: .notification) }
        let id = object["id"].flatMap(Self.idText)
        if let method = object["method"]?.stringValue {
            return TraceClassification(kind: id == nil ? .notification : .request, method: method, id: id)
        }
        var found = TraceClassification(kind: .response, id: id)
        if let code = object["error"]?.objectValue?["code"] {
            found.errorCode = code.intValue ?? code.doubleValue.map { Int($0) }
        }
        if object["result"]?.objectValue?["isError"]?.boolValue == true { found.toolError = true }
        return found
    }

    static func idText(_ id: Value) -> String? {
        switch id {
        case .int(let n): return String(n)
        case .string(let s): return "\"" + s.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "\"", with: "\\\"") + "\""
        case .double(let d): return String(d)
        default: return nil
        }
    }
}
