import LLM
import MCPHost

/// Which model to talk to, from flags first and the environment second.
enum ProviderSettings {
    static let supported = ProviderKind.allCases.map(\.rawValue)
    static let openAIDefaultBaseURL = "https://api.openai.com/v1"
    static let openAIDefaultModel = "gpt-4o-mini"
    static let anthropicDefaultModel = "claude-sonnet-4-5"
    /// Ollama's own default for `OLLAMA_HOST` without a port.
    static let ollamaDefaultPort = 11434

    /// The chosen model, or nil when the user configured none; an error names the flag or
    /// servers.json key to fix. Precedence: flags, then `--model-profile`'s profile, then the
    /// `"llm"` section of servers.json, then the environment.
    static func resolve(_ options: LaunchOptions,
                        models: ModelSettings = ModelSettings()) -> Result<ModelDescription?, ProviderSettingsError> {
        var file = models.llm ?? ModelProfile()
        if let name = options.modelProfile {
            guard let profile = models.profile(named: name) else {
                let known = models.profiles.map(\.name)
                return .failure(.init("--model-profile \"\(name)\" is not in the \"models\" section of servers.json"
                                      + (known.isEmpty ? " (it has none)" : " (profiles: \(known.joined(separator: ", ")))")))
            }
            file = profile.over(file)
        }
        return resolve(options, file: file, profile: options.modelProfile)
    }

    /// A profile picked in the session (`/model NAME`): the profile over `"llm"`, the
    /// environment for the rest; the launch's flags do not apply.
    static func resolve(profile name: String, models: ModelSettings,
                        environment: [String: String]) -> Result<ModelDescription, ProviderSettingsError> {
        guard let profile = models.profile(named: name) else {
            return .failure(.init("no model profile \"\(name)\" in servers.json"))
        }
        let options = LaunchOptions(workingDirectory: "/", environment: environment)
        switch resolve(options, file: profile.over(models.llm ?? ModelProfile()), profile: name) {
        case .success(let description?): return .success(description)
        case .success(nil): return .failure(.init("model profile \"\(name)\" names no provider or model"))
        case .failure(let error): return .failure(.init("model profile \"\(name)\": \(error.description)"))
        }
    }

    /// The API key for `description`: its profile's (or `"llm"`'s) `apiKey` when that names the
    /// same provider (or none), else the provider's environment variable.
    static func apiKey(for description: ModelDescription, models: ModelSettings,
                       environment: [String: String]) -> String? {
        let llm = models.llm ?? ModelProfile()
        let file = description.profile.flatMap { models.profile(named: $0)?.over(llm) } ?? llm
        return apiKey(provider: description.provider, file: file, environment: environment)
    }

    private static func apiKey(provider: ProviderKind, file: ModelProfile, environment: [String: String]) -> String? {
        if let key = nonEmpty(file.apiKey), file.provider.flatMap(ProviderKind.init(flag:)) ?? provider == provider {
            return key
        }
        switch provider {
        case .openai: return nonEmpty(environment["OPENAI_API_KEY"])
        case .anthropic: return nonEmpty(environment["ANTHROPIC_API_KEY"])
        case .ollama: return nonEmpty(environment["OLLAMA_API_KEY"])
        }
    }

    private static func resolve(_ options: LaunchOptions, file: ModelProfile,
                                profile: String?) -> Result<ModelDescription?, ProviderSettingsError> {
        let provider: ProviderKind
        if let flag = options.provider {
            guard let named = ProviderKind(flag: flag) else {
                return .failure(.init("--provider \"\(flag)\" is not supported yet (supported: \(supported.joined(separator: ", ")))"))
            }
            provider = named
        } else if let fromFile = file.provider {
            guard let named = ProviderKind(flag: fromFile) else {
                return .failure(.init("servers.json \"provider\": \"\(fromFile)\" is not supported "
                                      + "(supported: \(supported.joined(separator: ", ")))"))
            }
            provider = named
        } else {
            guard let inferred = inferredProvider(options, file: file) else { return .success(nil) }
            provider = inferred
        }
        var merged = options
        merged.baseURL = options.baseURL ?? file.baseURL
        merged.model = options.model ?? file.model
        let key = apiKey(provider: provider, file: file, environment: options.environment)
        let resolved: Result<ModelDescription?, ProviderSettingsError>
        switch provider {
        case .openai: resolved = resolveOpenAI(merged)
        case .anthropic: resolved = resolveAnthropic(merged, hasKey: key != nil)
        case .ollama: resolved = resolveOllama(merged)
        }
        return resolved.map { description in
            description.map { description in
                var description = description
                description.profile = profile
                description.maxTokens = file.maxTokens
                description.temperature = file.temperature
                description.contextWindow = file.contextWindow
                description.maxToolRounds = file.maxToolRounds
                description.idleTimeout = options.idleTimeout ?? file.idleTimeout
                description.connectTimeout = options.connectTimeout ?? file.connectTimeout
                return description
            }
        }
    }

    /// Without a provider given: OpenAI settings or a base URL (OpenAI-compatible servers are the
    /// common local case) mean openai, an Anthropic key means anthropic, a bare model openai.
    /// (With nothing at all, `OllamaDetection` looks for a local Ollama after the first frame.)
    private static func inferredProvider(_ options: LaunchOptions, file: ModelProfile) -> ProviderKind? {
        let env = options.environment
        if options.baseURL != nil || file.baseURL != nil || nonEmpty(env["OPENAI_API_KEY"]) != nil
            || nonEmpty(env["OPENAI_BASE_URL"]) != nil {
            return .openai
        }
        if nonEmpty(env["ANTHROPIC_API_KEY"]) != nil { return .anthropic }
        return options.model != nil || file.model != nil ? .openai : nil
    }

    private static func resolveOpenAI(_ options: LaunchOptions) -> Result<ModelDescription?, ProviderSettingsError> {
        let env = options.environment
        let baseURL = options.baseURL ?? nonEmpty(env["OPENAI_BASE_URL"]) ?? openAIDefaultBaseURL
        guard isHTTP(baseURL) else {
            return .failure(.init("--base-url \"\(baseURL)\" must start with http:// or https://"))
        }
        let model = options.model ?? nonEmpty(env["MCPTERM_MODEL"])
            ?? (baseURL == openAIDefaultBaseURL ? openAIDefaultModel : nil)
        guard let model else {
            return .failure(.init("--model (or \"model\" in servers.json) is required with the base URL \(baseURL) "
                                  + "(which model does that server serve?)"))
        }
        return .success(ModelDescription(provider: .openai, model: model, baseURL: baseURL))
    }

    private static func resolveAnthropic(_ options: LaunchOptions,
                                         hasKey: Bool) -> Result<ModelDescription?, ProviderSettingsError> {
        let env = options.environment
        let baseURL = options.baseURL ?? nonEmpty(env["ANTHROPIC_BASE_URL"]) ?? AnthropicProvider.defaultBaseURL
        guard isHTTP(baseURL) else {
            return .failure(.init("--base-url \"\(baseURL)\" must start with http:// or https://"))
        }
        // A proxy or gateway may authenticate otherwise; Anthropic's own API never does.
        if baseURL == AnthropicProvider.defaultBaseURL && !hasKey {
            return .failure(.init("ANTHROPIC_API_KEY is not set (--provider anthropic needs it for \(baseURL); "
                                  + "or give \"apiKey\": \"${VAR}\" in servers.json)"))
        }
        let model = options.model ?? nonEmpty(env["MCPTERM_MODEL"]) ?? anthropicDefaultModel
        return .success(ModelDescription(provider: .anthropic, model: model, baseURL: baseURL))
    }

    private static func resolveOllama(_ options: LaunchOptions) -> Result<ModelDescription?, ProviderSettingsError> {
        let env = options.environment
        let baseURL = ollamaBaseURL(options.baseURL ?? nonEmpty(env["OLLAMA_HOST"]) ?? OllamaProvider.defaultBaseURL)
        guard isHTTP(baseURL) else {
            return .failure(.init("Ollama address \"\(baseURL)\" (--base-url or OLLAMA_HOST) must start with http:// or https://"))
        }
        guard let model = options.model ?? nonEmpty(env["MCPTERM_MODEL"]) else {
            return .failure(.init("--model is required with --provider ollama (e.g. --model qwen3; `ollama list` shows yours)"))
        }
        return .success(ModelDescription(provider: .ollama, model: model, baseURL: baseURL))
    }

    /// `OLLAMA_HOST` is often written as Ollama itself reads it: `127.0.0.1`, `0.0.0.0:11434` or
    /// `:8080`, without a scheme; such a value gets `http://`, a missing host 127.0.0.1 and a
    /// missing port 11434. A value with a scheme is taken as written.
    static func ollamaBaseURL(_ value: String) -> String {
        guard !value.contains("://") else { return value }
        var hostPort = value.hasSuffix("/") ? String(value.dropLast()) : value
        if hostPort.hasPrefix(":") { hostPort = "127.0.0.1" + hostPort }
        let afterBracket = hostPort.split(separator: "]", omittingEmptySubsequences: false).last ?? ""
        if !afterBracket.contains(":") { hostPort += ":\(ollamaDefaultPort)" }
        return "http://\(hostPort)"
    }

    /// The provider client for a resolved description, with `apiKey`. Its timeouts are the
    /// description's, else `idleTimeout` and `connectTimeout` (the flags, for a description that
    /// was not resolved from them, like a detected Ollama), else the provider's defaults.
    static func makeProvider(
        _ description: ModelDescription, apiKey: String?, idleTimeout: Double? = nil, connectTimeout: Double? = nil
    ) -> any ChatProvider {
        let idle = description.idleTimeout ?? idleTimeout ?? ProviderError.defaultIdleTimeout
        let connect = description.connectTimeout ?? connectTimeout ?? ProviderError.defaultConnectTimeout
        switch description.provider {
        case .anthropic:
            return AnthropicProvider(baseURL: description.baseURL, apiKey: apiKey, model: description.model,
                                     idleTimeout: idle, connectTimeout: connect)
        case .ollama:
            return OllamaProvider(baseURL: description.baseURL, model: description.model, apiKey: apiKey,
                                  idleTimeout: idle, connectTimeout: connect)
        case .openai:
            return OpenAICompatibleProvider(baseURL: description.baseURL, apiKey: apiKey, model: description.model,
                                            idleTimeout: idle, connectTimeout: connect)
        }
    }

    /// The provider for `description` with its key from servers.json or the environment.
    static func makeProvider(
        _ description: ModelDescription, models: ModelSettings = ModelSettings(), environment: [String: String],
        idleTimeout: Double? = nil, connectTimeout: Double? = nil
    ) -> any ChatProvider {
        makeProvider(description, apiKey: apiKey(for: description, models: models, environment: environment),
                     idleTimeout: idleTimeout, connectTimeout: connectTimeout)
    }

    private static func isHTTP(_ url: String) -> Bool {
        url.hasPrefix("http://") || url.hasPrefix("https://")
    }

    private static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }
}

/// A model setting that cannot work, with the flag or variable to change.
struct ProviderSettingsError: Error, Equatable, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
