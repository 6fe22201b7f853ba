import Foundation

/// Turns one `mcpServers.NAME` JSON entry into a `ServerConfig`: checks each field's type,
/// infers the transport, expands `${VAR}` and `~/`. The first error rejects the entry;
/// warnings (unknown or unused keys) are collected and the entry still loads.
struct ServerEntryDecoder {
    let name: String
    let keyLine: Int
    let file: String
    let environment: [String: String]
    private(set) var warnings: [ConfigProblem] = []

    static let knownKeys: Set<String> = [
        "type", "command", "args", "env", "cwd", "url", "headers", "disabled", "timeout", "maxTimeout", "alwaysAllow", "roots", "shareWorkingDirectory",
        "logLevel",
        "heartbeat", "maxMessageBytes", "protocol", "inheritEnv", "sampling", "auth", "oauth", "tls",
        "maxConcurrentCalls", "tools", "traceSize",
    ]
    static let oauthKeys: Set<String> = ["clientId", "clientSecret", "scopes", "callbackPort", "clientMetadataUrl"]
    static let tlsKeys: Set<String> = ["caFile", "certFile", "keyFile", "insecure"]
    /// Claude Desktop, Cline and VS Code spell the transports differently; all mean the same four.
    static let typeNames: [String: TransportKind] = [
        "stdio": .stdio, "http": .http, "streamable-http": .http, "streamableHttp": .http,
        "sse": .sse, "ws": .ws, "websocket": .ws,
    ]

    init(name: String, keyLine: Int, file: String, environment: [String: String]) {
        self.name = name
        self.keyLine = keyLine
        self.file = file
        self.environment = environment
    }

    private func problem(_ line: Int, _ message: String) -> ConfigProblem {
        ConfigProblem(file: file, line: line, server: name, message: message)
    }

    private mutating func warn(_ line: Int, _ message: String) {
        warnings.append(ConfigProblem(file: file, line: line, server: name, message: message, isWarning: true))
    }

    private var home: String? { environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } }

    mutating func decode(_ entry: ConfigJSON) throws(ConfigProblem) -> ServerConfig {
        guard case .object(let members) = entry.value else {
            throw problem(entry.line, "the entry must be an object")
        }
        guard !name.isEmpty else { throw problem(keyLine, "the server name must not be empty") }
        var config = ServerConfig(name: name, line: keyLine)
        var type: (name: String, line: Int)?
        var command: (value: String, line: Int)?
        var url: (value: String, line: Int)?
        var firstLine: [String: Int] = [:]
        var unusedByKind: [(key: String, line: Int)] = []
        var httpOnly: [(key: String, line: Int)] = []

        for member in members {
            let key = member.key, value = member.value
            if let earlier = firstLine[key] {
                throw problem(member.keyLine, "\"\(key)\" is given twice (first at line \(earlier))")
            }
            firstLine[key] = member.keyLine
            guard Self.knownKeys.contains(key) else {
                warn(member.keyLine, "unknown key \"\(key)\" is ignored")
                continue
            }
            switch key {
            case "type":
                guard case .string(let s) = value.value else { throw problem(value.line, "\"type\" must be a string") }
                type = (s, value.line)
            case "command":
                guard case .string(let s) = value.value, !s.isEmpty else {
                    throw problem(value.line, "\"command\" must be a non-empty string")
                }
                command = (expandingTilde(try expand(s, field: "command", line: value.line)), value.line)
            case "args":
                let items = try strings(value, key: key)
                config.args = try items.map { item throws(ConfigProblem) in
                    try expand(item.value, field: "args", line: item.line)
                }
                unusedByKind.append((key, member.keyLine))
            case "env":
                config.env = try stringMap(value, key: key)
                unusedByKind.append((key, member.keyLine))
            case "headers":
                config.headers = try stringMap(value, key: key)
                unusedByKind.append((key, member.keyLine))
            case "cwd":
                guard case .string(let s) = value.value else { throw problem(value.line, "\"cwd\" must be a string") }
                config.cwd = expandingTilde(try expand(s, field: "cwd", line: value.line))
                unusedByKind.append((key, member.keyLine))
            case "url":
                guard case .string(let s) = value.value else { throw problem(value.line, "\"url\" must be a string") }
                url = (try expand(s, field: "url", line: value.line), value.line)
            case "disabled":
                guard case .bool(let b) = value.value else { throw problem(value.line, "\"disabled\" must be true or false") }
                config.disabled = b
            case "timeout":
                config.timeout = try number(value, key: key, in: ConfigLimits.timeout)
            case "maxTimeout":
                config.maxTimeout = try number(value, key: key, in: ConfigLimits.timeout)
            case "tools":
                guard case .object(let fields) = value.value else {
                    throw problem(value.line, "\"tools\" must be an object with \"include\" and/or \"exclude\" lists of names")
                }
                for field in fields {
                    switch field.key {
                    case "include": config.tools.include = try strings(field.value, key: "tools.include").map(\.value)
                    case "exclude": config.tools.exclude = try strings(field.value, key: "tools.exclude").map(\.value)
                    default: warn(field.keyLine, "unknown key \"tools.\(field.key)\" is ignored")
                    }
                }
            case "maxConcurrentCalls":
                config.maxConcurrentCalls = Int(try number(value, key: key, in: ConfigLimits.concurrentCalls))
            case "traceSize":
                config.traceSize = Int(try number(value, key: key, in: ConfigLimits.traceSize))
            case "heartbeat":
                config.heartbeat = try number(value, key: key, in: ConfigLimits.heartbeat)
            case "maxMessageBytes":
                config.maxMessageBytes = Int(try number(value, key: key, in: ConfigLimits.maxMessageBytes))
            case "inheritEnv":
                config.inheritEnv = try inheritance(value)
                unusedByKind.append((key, member.keyLine))
            case "alwaysAllow":
                config.alwaysAllow = try strings(value, key: key).map(\.value)
            case "shareWorkingDirectory":
                guard case .bool(let share) = value.value else {
                    throw problem(value.line, "\"shareWorkingDirectory\" must be true or false")
                }
                config.shareWorkingDirectory = share
            case "roots":
                config.roots = try strings(value, key: key).map { expandingTilde($0.value) }
            case "logLevel":
                guard case .string(let level) = value.value, ServerConfig.logLevels.contains(level) else {
                    throw problem(value.line, "\"logLevel\" must be one of "
                                  + ServerConfig.logLevels.joined(separator: ", "))
                }
                config.logLevel = level
            case "protocol":
                guard case .string(let text) = value.value, let mode = ProtocolMode(rawValue: text) else {
                    throw problem(value.line, "\"protocol\" must be one of "
                                  + ProtocolMode.allCases.map(\.rawValue).joined(separator: ", "))
                }
                config.protocolMode = mode
            case "auth":
                guard case .string(let text) = value.value, let mode = AuthMode(rawValue: text) else {
                    throw problem(value.line, "\"auth\" must be one of "
                                  + AuthMode.allCases.map(\.rawValue).joined(separator: ", "))
                }
                config.auth = mode
                httpOnly.append((key, member.keyLine))
            case "oauth":
                config.oauth = try oauthSettings(value)
                httpOnly.append((key, member.keyLine))
            case "tls":
                config.tls = try tlsSettings(value)
                unusedByKind.append((key, member.keyLine))
            case "sampling":
                guard case .string(let text) = value.value, let policy = SamplingPolicy(rawValue: text) else {
                    throw problem(value.line, "\"sampling\" must be one of "
                                  + SamplingPolicy.allCases.map(\.rawValue).joined(separator: ", "))
                }
                config.sampling = policy
            default:
                break
            }
        }

        config.kind = try resolveKind(type: type, hasCommand: command != nil, hasURL: url != nil)
        config.command = command?.value
        if let url {
            try checkScheme(url.value, kind: config.kind, line: url.line)
            config.url = url.value
        }
        for (key, line) in unusedByKind {
            let usedByStdio = key != "headers" && key != "tls"
            if usedByStdio != (config.kind == .stdio) {
                let appliesTo = usedByStdio ? "local (stdio) servers" : "remote servers"
                warn(line, "\"\(key)\" is ignored: it applies only to \(appliesTo)")
            }
        }
        if config.auth == .oauth, let line = firstLine["headers"],
           config.headers.keys.contains(where: { $0.lowercased() == "authorization" }) {
            warn(line, "\"headers\": its Authorization is replaced by the OAuth token (\"auth\": \"oauth\")")
        }
        for (key, line) in httpOnly where config.kind != .http {
            warn(line, "\"\(key)\" is ignored: OAuth login applies only to \"http\" (Streamable HTTP) servers")
        }
        return config
    }

    /// `"oauth": {"clientId", "clientSecret", "scopes", "callbackPort", "clientMetadataUrl"}`.
    private mutating func oauthSettings(_ node: ConfigJSON) throws(ConfigProblem) -> OAuthClientSettings {
        guard case .object(let members) = node.value else {
            throw problem(node.line, "\"oauth\" must be an object (clientId, clientSecret, scopes, callbackPort, clientMetadataUrl)")
        }
        var settings = OAuthClientSettings()
        for member in members {
            let value = member.value
            guard Self.oauthKeys.contains(member.key) else {
                warn(member.keyLine, "unknown key \"oauth.\(member.key)\" is ignored")
                continue
            }
            switch member.key {
            case "clientId", "clientSecret", "clientMetadataUrl":
                guard case .string(let text) = value.value, !text.isEmpty else {
                    throw problem(value.line, "\"oauth.\(member.key)\" must be a non-empty string")
                }
                let expanded = try expand(text, field: "oauth.\(member.key)", line: value.line)
                if member.key == "clientId" { settings.clientID = expanded }
                if member.key == "clientSecret" { settings.clientSecret = expanded }
                if member.key == "clientMetadataUrl" {
                    guard let parts = URLComponents(string: expanded), parts.scheme?.lowercased() == "https",
                          parts.host?.isEmpty == false, parts.path.count > 1 else {
                        throw problem(value.line, "\"oauth.clientMetadataUrl\" must be an https:// URL with a path")
                    }
                    settings.clientMetadataURL = expanded
                }
            case "scopes":
                settings.scopes = try strings(value, key: "oauth.scopes").map(\.value)
            case "callbackPort":
                guard case .number(let n) = value.value, n == n.rounded(), n >= 1, n <= 65535 else {
                    throw problem(value.line, "\"oauth.callbackPort\" must be a port number, 1 to 65535")
                }
                settings.callbackPort = Int(n)
            default:
                break
            }
        }
        if settings.clientSecret != nil, settings.clientID == nil {
            throw problem(node.line, "\"oauth.clientSecret\" needs \"oauth.clientId\"")
        }
        return settings
    }

    /// `"tls": {"caFile", "certFile", "keyFile", "insecure"}`; the files are checked when the
    /// server connects (so the Servers pane says what is wrong with them).
    private mutating func tlsSettings(_ node: ConfigJSON) throws(ConfigProblem) -> TLSSettings {
        guard case .object(let members) = node.value else {
            throw problem(node.line, "\"tls\" must be an object (caFile, certFile, keyFile, insecure)")
        }
        var settings = TLSSettings()
        for member in members {
            let value = member.value
            guard Self.tlsKeys.contains(member.key) else {
                warn(member.keyLine, "unknown key \"tls.\(member.key)\" is ignored")
                continue
            }
            if member.key == "insecure" {
                guard case .bool(let flag) = value.value else {
                    throw problem(value.line, "\"tls.insecure\" must be true or false")
                }
                settings.insecure = flag
                continue
            }
            guard case .string(let text) = value.value, !text.isEmpty else {
                throw problem(value.line, "\"tls.\(member.key)\" must be a path (a non-empty string)")
            }
            let path = expandingTilde(try expand(text, field: "tls.\(member.key)", line: value.line))
            switch member.key {
            case "caFile": settings.caFile = path
            case "certFile": settings.certFile = path
            default: settings.keyFile = path
            }
        }
        return settings
    }

    private func resolveKind(
        type: (name: String, line: Int)?, hasCommand: Bool, hasURL: Bool
    ) throws(ConfigProblem) -> TransportKind {
        if hasCommand && hasURL {
            throw problem(keyLine, "has both \"command\" and \"url\"; give one of them")
        }
        guard let type else {
            if hasCommand { return .stdio }
            if hasURL { return .http }
            throw problem(keyLine, "needs \"command\" (a local server) or \"url\" (a remote one)")
        }
        guard let kind = Self.typeNames[type.name] else {
            throw problem(type.line, "\"type\" must be one of \"stdio\", \"http\", \"sse\", \"ws\" (not \"\(type.name)\")")
        }
        if kind == .stdio && !hasCommand { throw problem(keyLine, "a stdio server needs \"command\"") }
        if kind != .stdio && !hasURL { throw problem(keyLine, "a \"\(type.name)\" server needs \"url\"") }
        return kind
    }

    private func checkScheme(_ url: String, kind: TransportKind, line: Int) throws(ConfigProblem) {
        let lower = url.lowercased()
        if kind == .ws {
            guard lower.hasPrefix("ws://") || lower.hasPrefix("wss://") else {
                throw problem(line, "\"url\" must start with ws:// or wss://")
            }
        } else {
            guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else {
                throw problem(line, "\"url\" must start with http:// or https://")
            }
        }
        guard let parts = URLComponents(string: url), let host = parts.host, !host.isEmpty else {
            throw problem(line, "\"url\" is not a valid URL with a host")
        }
    }

    /// A number inside `limit`; the message names the allowed range and the value given, so
    /// `"heartbeat": 1e19` is refused here instead of trapping when it becomes a `Duration`.
    private func number(_ node: ConfigJSON, key: String, in limit: ConfigLimits.Range) throws(ConfigProblem) -> Double {
        guard case .number(let n) = node.value else {
            throw problem(node.line, "\"\(key)\" must be \(limit.summary)")
        }
        guard limit.contains(n) else {
            throw problem(node.line, "\"\(key)\" must be \(limit.summary) (not \(ConfigLimits.format(n)))")
        }
        return n
    }

    /// `"inheritEnv"`: `true` (the whole environment), `false` (the minimal one) or a list of
    /// variable names passed through besides the minimal set.
    private func inheritance(_ node: ConfigJSON) throws(ConfigProblem) -> EnvironmentInheritance {
        let expected = "\"inheritEnv\" must be true, false or an array of variable names"
        switch node.value {
        case .bool(let all):
            return all ? .all : .minimal
        case .array:
            var names: [String] = []
            for item in try strings(node, key: "inheritEnv") {
                guard EnvironmentInheritance.isVariableName(item.value) else {
                    throw problem(item.line, "\"inheritEnv\" names must be non-empty and contain no \"=\" "
                                  + "(not \"\(item.value)\")")
                }
                names.append(item.value)
            }
            return .names(names)
        default:
            throw problem(node.line, expected)
        }
    }

    private func strings(_ node: ConfigJSON, key: String) throws(ConfigProblem) -> [(value: String, line: Int)] {
        guard case .array(let items) = node.value else {
            throw problem(node.line, "\"\(key)\" must be an array of strings")
        }
        var out: [(value: String, line: Int)] = []
        for item in items {
            guard case .string(let s) = item.value else {
                throw problem(item.line, "\"\(key)\" must be an array of strings")
            }
            out.append((s, item.line))
        }
        return out
    }

    /// An object of strings (`env`, `headers`), values expanded; a later duplicate key wins, as in JSON.parse.
    private func stringMap(_ node: ConfigJSON, key: String) throws(ConfigProblem) -> [String: String] {
        guard case .object(let members) = node.value else {
            throw problem(node.line, "\"\(key)\" must be an object of strings")
        }
        var out: [String: String] = [:]
        for member in members {
            guard case .string(let s) = member.value.value else {
                throw problem(member.value.line, "\"\(key)\" must be an object of strings")
            }
            let field = "\(key).\(member.key)"
            let value = try expand(s, field: field, line: member.value.line)
            if key == "env" {
                guard !member.key.isEmpty, !member.key.contains("="), !member.key.contains("\0") else {
                    throw problem(member.keyLine, "\"env\" names must be non-empty and contain no \"=\" (not \"\(member.key)\")")
                }
            } else {
                // A line break in a header would let a value (maybe from ${VAR}) inject headers of its own.
                guard Self.isHeaderName(member.key) else {
                    throw problem(member.keyLine, "\"\(member.key)\" is not a valid HTTP header name")
                }
                guard !value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) else {
                    throw problem(member.value.line, "\"\(field)\" must not contain line breaks")
                }
            }
            out[member.key] = value
        }
        return out
    }

    /// RFC 9110 §5.1: a field name is a token.
    private static func isHeaderName(_ name: String) -> Bool {
        let extra: Set<Unicode.Scalar> = ["!", "#", "$", "%", "&", "'", "*", "+", "-", ".", "^", "_", "`", "|", "~"]
        return !name.isEmpty && name.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || extra.contains($0))
        }
    }

    private func expand(_ s: String, field: String, line: Int) throws(ConfigProblem) -> String {
        do {
            return try VariableExpander.expand(s, environment: environment)
        } catch {
            throw problem(line, "\"\(field)\": \(error)")
        }
    }

    private func expandingTilde(_ path: String) -> String {
        ConfigLocator.expandingTilde(path, home: home)
    }
}
