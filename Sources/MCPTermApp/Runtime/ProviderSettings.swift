import LLM

/// Which model to talk to, from flags first and the environment second.
enum ProviderSettings {
    static let supported = ProviderKind.allCases.map(\.rawValue)
    static let openAIDefaultBaseURL = "https://api.openai.com/v1"
    static let openAIDefaultModel = "gpt-4o-mini"
    static let anthropicDefaultModel = "claude-sonnet-4-5"
    /// Ollama's own default for `OLLAMA_HOST` without a port.
    static let ollamaDefaultPort = 11434

    /// The chosen model, or nil when the user configured none; an error names the flag to fix.
    static func resolve(_ options: LaunchOptions) -> Result<ModelDescription?, ProviderSettingsError> {
        let provider: ProviderKind
        if let flag = options.provider {
            guard let named = ProviderKind(flag: flag) else {
                return .failure(.init("--provider \"\(flag)\" is not supported yet (supported: \(supported.joined(separator: ", ")))"))
            }
            provider = named
        } else {
            guard let inferred = inferredProvider(options) else { return .success(nil) }
            provider = inferred
        }
        switch provider {
        case .openai: return resolveOpenAI(options)
        case .anthropic: return resolveAnthropic(options)
        case .ollama: return resolveOllama(options)
        }
    }

    /// Without `--provider`: OpenAI settings or a base URL (OpenAI-compatible servers are the
    /// common local case) mean openai, an Anthropic key means anthropic, a bare model openai.
    private static func inferredProvider(_ options: LaunchOptions) -> ProviderKind? {
        let env = options.environment
        if options.baseURL != nil || nonEmpty(env["OPENAI_API_KEY"]) != nil || nonEmpty(env["OPENAI_BASE_URL"]) != nil {
            return .openai
        }
        if nonEmpty(env["ANTHROPIC_API_KEY"]) != nil { return .anthropic }
        return options.model != nil ? .openai : nil
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
            return .failure(.init("--model is required with --base-url \(baseURL) (which model does that server serve?)"))
        }
        return .success(ModelDescription(provider: .openai, model: model, baseURL: baseURL))
    }

    private static func resolveAnthropic(_ options: LaunchOptions) -> Result<ModelDescription?, ProviderSettingsError> {
        let env = options.environment
        let baseURL = options.baseURL ?? nonEmpty(env["ANTHROPIC_BASE_URL"]) ?? AnthropicProvider.defaultBaseURL
        guard isHTTP(baseURL) else {
            return .failure(.init("--base-url \"\(baseURL)\" must start with http:// or https://"))
        }
        // A proxy or gateway may authenticate otherwise; Anthropic's own API never does.
        if baseURL == AnthropicProvider.defaultBaseURL && nonEmpty(env["ANTHROPIC_API_KEY"]) == nil {
            return .failure(.init("ANTHROPIC_API_KEY is not set (--provider anthropic needs it for \(baseURL))"))
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

    /// The provider client for a resolved description; `idleTimeout` is `--idle-timeout`.
    static func makeProvider(
        _ description: ModelDescription, environment: [String: String],
        idleTimeout: Double = ProviderError.defaultIdleTimeout
    ) -> any ChatProvider {
        switch description.provider {
        case .anthropic:
            return AnthropicProvider(baseURL: description.baseURL, apiKey: nonEmpty(environment["ANTHROPIC_API_KEY"]),
                                     model: description.model, idleTimeout: idleTimeout)
        case .ollama:
            return OllamaProvider(baseURL: description.baseURL, model: description.model,
                                  apiKey: nonEmpty(environment["OLLAMA_API_KEY"]), idleTimeout: idleTimeout)
        case .openai:
            return OpenAICompatibleProvider(baseURL: description.baseURL, apiKey: nonEmpty(environment["OPENAI_API_KEY"]),
                                            model: description.model, idleTimeout: idleTimeout)
        }
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
