/// A model setting from servers.json: the `"llm"` section, or one of the named `"models"`
/// profiles. Every field is optional; what a profile leaves out comes from `"llm"`, then from
/// the environment (see the README's precedence table). `apiKey` has its `${VAR}` expanded.
public struct ModelProfile: Sendable, Equatable {
    public var provider: String?
    public var model: String?
    public var baseURL: String?
    public var apiKey: String?
    public var maxTokens: Int?
    public var temperature: Double?
    public var systemPrompt: String?
    /// The model's context window in tokens, when the user knows it (the status bar shows the fill).
    public var contextWindow: Int?
    /// Tool rounds in one turn before the user is asked whether the model may go on.
    public var maxToolRounds: Int?
    /// Seconds to wait for the provider's connection, and for a byte of its reply (before or
    /// during it) before the request is given up.
    public var connectTimeout: Double?
    public var idleTimeout: Double?

    public init(provider: String? = nil, model: String? = nil, baseURL: String? = nil, apiKey: String? = nil,
                maxTokens: Int? = nil, temperature: Double? = nil, systemPrompt: String? = nil, contextWindow: Int? = nil,
                maxToolRounds: Int? = nil, connectTimeout: Double? = nil, idleTimeout: Double? = nil) {
        self.maxToolRounds = maxToolRounds
        self.connectTimeout = connectTimeout
        self.idleTimeout = idleTimeout
        self.provider = provider
        self.model = model
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.systemPrompt = systemPrompt
        self.contextWindow = contextWindow
    }

    /// This profile with the fields it leaves out taken from `base`. A profile for another
    /// provider than `base`'s takes none of `base`'s model, address, key or context window
    /// (they belong to that other provider), only the general settings.
    public func over(_ base: ModelProfile) -> ModelProfile {
        let sameProvider = provider == nil || base.provider == nil
            || provider?.lowercased() == base.provider?.lowercased()
        return ModelProfile(
            provider: provider ?? base.provider,
            model: model ?? (sameProvider ? base.model : nil),
            baseURL: baseURL ?? (sameProvider ? base.baseURL : nil),
            apiKey: apiKey ?? (sameProvider ? base.apiKey : nil),
            maxTokens: maxTokens ?? base.maxTokens,
            temperature: temperature ?? base.temperature, systemPrompt: systemPrompt ?? base.systemPrompt,
            contextWindow: contextWindow ?? (sameProvider ? base.contextWindow : nil),
            maxToolRounds: maxToolRounds ?? base.maxToolRounds,
            connectTimeout: connectTimeout ?? base.connectTimeout, idleTimeout: idleTimeout ?? base.idleTimeout)
    }
}

/// The model settings of a servers.json: `"llm"` and the named `"models"` profiles, in file order.
public struct ModelSettings: Sendable, Equatable {
    public var llm: ModelProfile?
    public var profiles: [(name: String, profile: ModelProfile)]

    public init(llm: ModelProfile? = nil, profiles: [(name: String, profile: ModelProfile)] = []) {
        self.llm = llm
        self.profiles = profiles
    }

    public func profile(named name: String) -> ModelProfile? {
        profiles.first { $0.name == name }?.profile
    }

    public static func == (lhs: ModelSettings, rhs: ModelSettings) -> Bool {
        lhs.llm == rhs.llm && lhs.profiles.map(\.name) == rhs.profiles.map(\.name)
            && lhs.profiles.map(\.profile) == rhs.profiles.map(\.profile)
    }
}

/// Reads `"llm"` and `"models"`: a wrong type is an error naming the file, line and section (that
/// section is left out); an unknown key is a warning.
struct ModelSettingsDecoder {
    let file: String
    let environment: [String: String]
    private(set) var problems: [ConfigProblem] = []

    static let knownKeys: Set<String> = [
        "provider", "model", "baseURL", "apiKey", "maxTokens", "temperature", "systemPrompt", "contextWindow",
        "maxToolRounds", "connectTimeout", "idleTimeout",
    ]

    /// Seconds a timeout may be set to.
    static let timeoutRange: ClosedRange<Double> = 0.1...86_400

    init(file: String, environment: [String: String]) {
        self.file = file
        self.environment = environment
    }

    mutating func decode(_ top: [ConfigJSON.Member]) -> ModelSettings {
        var settings = ModelSettings()
        if let llm = top.first(where: { $0.key == "llm" }) {
            settings.llm = profile(llm.value, section: "\"llm\"")
        }
        if let models = top.first(where: { $0.key == "models" }) {
            guard case .object(let entries) = models.value.value else {
                fail(models.value.line, "\"models\" must be an object of named model profiles")
                return settings
            }
            for entry in entries {
                guard !entry.key.isEmpty else {
                    fail(entry.keyLine, "a model profile needs a name")
                    continue
                }
                if settings.profiles.contains(where: { $0.name == entry.key }) {
                    fail(entry.keyLine, "model profile \"\(entry.key)\" is defined twice; the second is left out")
                    continue
                }
                if let decoded = profile(entry.value, section: "\"models\".\"\(entry.key)\"") {
                    settings.profiles.append((entry.key, decoded))
                }
            }
        }
        return settings
    }

    private mutating func fail(_ line: Int, _ message: String) {
        problems.append(ConfigProblem(file: file, line: line, server: nil, message: message))
    }

    /// One profile; nil (with a problem) when a field has the wrong type.
    private mutating func profile(_ node: ConfigJSON, section: String) -> ModelProfile? {
        guard case .object(let members) = node.value else {
            fail(node.line, "\(section) must be an object")
            return nil
        }
        var profile = ModelProfile()
        for member in members {
            let key = member.key, value = member.value
            let name = "\(section).\"\(key)\""
            guard Self.knownKeys.contains(key) else {
                problems.append(ConfigProblem(file: file, line: member.keyLine, server: nil,
                                              message: "unknown key \(name) is ignored", isWarning: true))
                continue
            }
            switch (key, value.value) {
            case ("provider", .string(let s)): profile.provider = s
            case ("model", .string(let s)) where !s.isEmpty: profile.model = s
            case ("baseURL", .string(let s)):
                guard s.hasPrefix("http://") || s.hasPrefix("https://") else {
                    fail(value.line, "\(name) must start with http:// or https://; \(section) is left out")
                    return nil
                }
                profile.baseURL = s
            case ("apiKey", .string(let s)):
                do {
                    profile.apiKey = try VariableExpander.expand(s, environment: environment)
                } catch {
                    fail(value.line, "\(name): \(error); \(section) is left out")
                    return nil
                }
            case ("systemPrompt", .string(let s)): profile.systemPrompt = s
            case ("maxTokens", .number(let n)) where n >= 1 && n <= 10_000_000 && n == n.rounded():
                profile.maxTokens = Int(n)
            case ("contextWindow", .number(let n)) where n >= 1 && n <= 100_000_000 && n == n.rounded():
                profile.contextWindow = Int(n)
            case ("maxToolRounds", .number(let n)) where n >= 1 && n <= 10_000 && n == n.rounded():
                profile.maxToolRounds = Int(n)
            case ("connectTimeout", .number(let n)) where Self.timeoutRange.contains(n):
                profile.connectTimeout = n
            case ("idleTimeout", .number(let n)) where Self.timeoutRange.contains(n):
                profile.idleTimeout = n
            case ("temperature", .number(let n)) where n >= 0 && n <= 2:
                profile.temperature = n
            default:
                fail(value.line, "\(name) " + Self.expected(key) + "; \(section) is left out")
                return nil
            }
        }
        return profile
    }

    static func expected(_ key: String) -> String {
        switch key {
        case "maxTokens": return "must be a whole number from 1 to 10000000"
        case "contextWindow": return "must be a whole number of tokens from 1 to 100000000"
        case "maxToolRounds": return "must be a whole number from 1 to 10000"
        case "connectTimeout", "idleTimeout": return "must be a number of seconds from 0.1 to 86400"
        case "temperature": return "must be a number from 0 to 2"
        case "model": return "must be a non-empty string"
        default: return "must be a string"
        }
    }
}
