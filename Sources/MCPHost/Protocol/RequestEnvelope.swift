import MCP

/// The per-request `_meta` fields of the 2026-07-28 era: with no handshake, every request says
/// which protocol version it speaks, who the client is and what it can do
/// (MCP 2026-07-28 basic/index "Per-request protocol fields").
struct RequestEnvelope: Sendable, Equatable {
    static let protocolVersionKey = "io.modelcontextprotocol/protocolVersion"
    static let clientInfoKey = "io.modelcontextprotocol/clientInfo"
    static let clientCapabilitiesKey = "io.modelcontextprotocol/clientCapabilities"
    static let logLevelKey = "io.modelcontextprotocol/logLevel"
    static let serverInfoKey = "io.modelcontextprotocol/serverInfo"
    static let subscriptionIDKey = "io.modelcontextprotocol/subscriptionId"

    /// Logging is opt-in per request in this era. "debug" asks for everything, as a handshake-era
    /// server sends when no `logging/setLevel` was made; the host log pane filters.
    static let defaultLogLevel = "debug"

    let protocolVersion: String
    let clientInfo: Value
    let capabilities: Value
    /// The least severe log message the server should send with its answers (config `logLevel`).
    var logLevel = RequestEnvelope.defaultLogLevel

    init(protocolVersion: String, clientInfo: Value, capabilities: Value) {
        self.protocolVersion = protocolVersion
        self.clientInfo = clientInfo
        self.capabilities = capabilities
    }

    init(protocolVersion: String, clientName: String, clientVersion: String, capabilities: Value) {
        self.init(protocolVersion: protocolVersion,
                  clientInfo: .object(["name": .string(clientName), "version": .string(clientVersion)]),
                  capabilities: capabilities)
    }

    /// `params` with the envelope in its `_meta`; other `_meta` keys (a progress token, a log level
    /// the caller chose) are kept,
    /// and a request without params gets an object holding only `_meta`.
    func stamp(_ params: Value?) -> Value {
        var fields = params?.objectValue ?? [:]
        var meta = fields["_meta"]?.objectValue ?? [:]
        meta[Self.protocolVersionKey] = .string(protocolVersion)
        meta[Self.clientInfoKey] = clientInfo
        meta[Self.clientCapabilitiesKey] = capabilities
        if meta[Self.logLevelKey] == nil { meta[Self.logLevelKey] = .string(logLevel) }
        fields["_meta"] = .object(meta)
        return .object(fields)
    }
}
