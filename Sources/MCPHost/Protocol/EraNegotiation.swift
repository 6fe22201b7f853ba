import MCP

/// What a server and this host agreed on when the connection opened.
public struct NegotiatedProtocol: Sendable, Equatable {
    public let version: String
    public let era: ProtocolEra
    /// "name version" as the server reported it (in the 2026-07-28 era from the optional
    /// `serverInfo` stamp on the discover result; nil when the server sent none).
    public let serverInfo: String?
    /// The server's capabilities object, as sent.
    public let capabilities: Value
    public let instructions: String?
}

/// Auto negotiation, as the Python SDK 2.x client does it (`mcp/client/_probe.py`): probe
/// `server/discover` at 2026-07-28; anything that is not positive evidence of a modern server
/// falls back to `initialize`. Only a -32022 that names no version this host can reach is an
/// incompatibility; a closed connection is not a verdict and is thrown as it is.
extension MCPSession {
    static let discoverMethod = "server/discover"
    /// JSON-RPC error "unsupported protocol version" (2026-07-28); its data lists the supported ones.
    static let unsupportedVersionCode = -32022

    /// How long the probe waits before deciding the server is an old one. An old stdio server
    /// may ignore the unknown method and never answer; waiting the full request timeout (60 s)
    /// would make every old server slow to start. A modern server answers discover from memory,
    /// and one that answers later than this is still found: the `initialize` that follows gets
    /// -32022 and the probe is repeated.
    public static let discoverProbeTimeout: Double = 5

    /// What this host declares: roots (answered with the working directory and configured roots;
    /// `roots/list_changed` is sent when a /reload changes them),
    /// plus sampling and elicitation (form and URL modes), which wait for the user in
    /// `ServerRequestBroker`. Sampling with tools (2025-11-25 client/sampling#tools-in-sampling):
    /// the model's `tool_use` goes back to the server, which runs its tools. No `sampling.context`:
    /// mcpterm adds no context to a sampling request.
    public static let clientCapabilities = Client.Capabilities(
        sampling: .init(tools: .init()), elicitation: .init(form: .init(), url: .init()), roots: .init(listChanged: true))

    /// The per-request capabilities of the 2026-07-28 era: the handshake-era ones plus the
    /// extensions this host speaks there (the tasks extension, SEP-2663: a `tools/call` may be
    /// answered with a task, which `ToolTaskDriver` follows to its result).
    static func withStatelessExtensions(_ capabilities: Value) -> Value {
        var fields = capabilities.objectValue ?? [:]
        var extensions = fields["extensions"]?.objectValue ?? [:]
        extensions[ToolTaskDriver.extensionID] = .object([:])
        fields["extensions"] = .object(extensions)
        return .object(fields)
    }

    /// True once the 2026-07-28 era was agreed (every request carries the envelope).
    public var isStateless: Bool { envelope != nil }

    /// The log level asked of a stateless-era server in each request's `_meta`.
    public func setRequestLogLevel(_ level: String) {
        envelope?.logLevel = level
    }

    /// Agrees on a protocol version: `server/discover` first (unless `probe` is false, as for the
    /// legacy HTTP+SSE transport, which is 2024-11-05 by definition), else `initialize`.
    public func negotiate(clientName: String, clientVersion: String, probe: Bool = true,
                          probeTimeout: Double? = nil,
                          capabilities: Client.Capabilities = MCPSession.clientCapabilities) async throws -> NegotiatedProtocol {
        let handshake = { () async throws -> NegotiatedProtocol in
            let (result, rawCapabilities) = try await self.initializeKeepingCapabilities(
                clientName: clientName, clientVersion: clientVersion, capabilities: capabilities)
            return NegotiatedProtocol(
                version: result.protocolVersion, era: .handshake,
                serverInfo: Self.serverInfoText(name: result.serverInfo.name, version: result.serverInfo.version),
                capabilities: rawCapabilities,
                instructions: result.instructions)
        }
        guard probe else { return try await handshake() }
        let capabilitiesValue: Value
        do {
            capabilitiesValue = Self.withStatelessExtensions(try JSONCoding.value(of: capabilities))
        } catch {
            throw SessionError.malformed(server: serverName, detail: "cannot encode the client capabilities: \(error)")
        }
        let timeout = probeTimeout ?? Self.discoverProbeTimeout
        var version = ProtocolEra.latestStatelessVersion
        for attempt in 0..<2 {
            let envelope = RequestEnvelope(protocolVersion: version, clientName: clientName,
                                           clientVersion: clientVersion, capabilities: capabilitiesValue)
            let answer: Value
            do {
                answer = try await exchange(method: Self.discoverMethod, params: envelope.stamp(nil), timeout: timeout)
            } catch ModernEraError.versionRejected(_, _, _, let supported) {
                if attempt == 0, let mutual = Self.mutualStatelessVersion(supported) {
                    version = mutual
                    continue
                }
                if !supported.contains(where: ProtocolEra.handshakeVersions.contains) {
                    throw ModernEraError.noMutualVersion(server: serverName, offered: supported)
                }
                answer = .null
            } catch SessionError.closed(let server, let reason) {
                throw SessionError.closed(server: server, reason: reason)
            } catch is SessionError {
                // -32601, an HTTP 4xx mapped to an error, a timeout, a malformed reply: an old server.
                answer = .null
            }
            if let adopted = adopt(discoverResult: answer, envelope: envelope) { return adopted }
            do {
                return try await handshake()
            } catch ModernEraError.versionRejected(_, _, _, let supported) where attempt == 0 {
                // The server is modern after all: our probe timed out here but reached it and locked
                // the connection modern before `initialize` arrived. Probe once more.
                guard let mutual = Self.mutualStatelessVersion(supported) else {
                    throw ModernEraError.noMutualVersion(server: serverName, offered: supported)
                }
                version = mutual
            }
        }
        throw ModernEraError.noMutualVersion(server: serverName, offered: [])
    }

    /// Takes a discover result as the era of this session when it offers a version we speak;
    /// nil (fall back) for anything else, including a result that lists only handshake versions.
    private func adopt(discoverResult: Value, envelope: RequestEnvelope) -> NegotiatedProtocol? {
        guard case .object(let fields) = discoverResult,
              case .array(let listed)? = fields["supportedVersions"],
              case .object? = fields["capabilities"],
              let version = Self.mutualStatelessVersion(listed.compactMap(\.stringValue)) else { return nil }
        var info: String?
        if let stamp = fields["_meta"]?.objectValue?[RequestEnvelope.serverInfoKey]?.objectValue,
           let name = stamp["name"]?.stringValue {
            info = Self.serverInfoText(name: name, version: stamp["version"]?.stringValue ?? "")
        }
        self.envelope = RequestEnvelope(protocolVersion: version, clientInfo: envelope.clientInfo,
                                        capabilities: envelope.capabilities)
        protocolVersion = version
        return NegotiatedProtocol(version: version, era: .stateless, serverInfo: info,
                                  capabilities: fields["capabilities"] ?? .object([:]),
                                  instructions: fields["instructions"]?.stringValue)
    }

    /// The newest stateless version both sides speak.
    static func mutualStatelessVersion(_ offered: [String]) -> String? {
        ProtocolEra.statelessVersions.last(where: offered.contains)
    }

    /// A -32022 error that lists the supported versions, as a typed error; nil for any other error.
    static func versionRejection(server: String, method: String, code: Int, data: Value?) -> ModernEraError? {
        guard code == unsupportedVersionCode, case .array(let listed)? = data?.objectValue?["supported"] else {
            return nil
        }
        return .versionRejected(server: server, method: method,
                                requested: data?.objectValue?["requested"]?.stringValue,
                                supported: listed.compactMap(\.stringValue))
    }

    private static func serverInfoText(name: String, version: String) -> String {
        version.isEmpty ? name : "\(name) \(version)"
    }
}
