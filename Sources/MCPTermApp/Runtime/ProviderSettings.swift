import LLM

/// Which model to talk to, from flags first and the environment second.
public enum ProviderSettings {
    public static let supported = ["openai"]
    static let openAIDefaultBaseURL = "https://api.openai.com/v1"
    static let openAIDefaultModel = "gpt-4o-mini"

    /// The chosen model, or nil when the user configured none; an error names the flag to fix.
    public static func resolve(_ options: LaunchOptions) -> Result<ModelDescription?, ProviderSettingsError> {
        let env = options.environment
        let provider = options.provider?.lowercased()
            ?? ((options.model != nil || options.baseURL != nil || nonEmpty(env["OPENAI_API_KEY"]) != nil
                || nonEmpty(env["OPENAI_BASE_URL"]) != nil) ? "openai" : nil)
        guard let provider else { return .success(nil) }
        switch provider {
        case "openai", "openai-compatible":
            let baseURL = options.baseURL ?? nonEmpty(env["OPENAI_BASE_URL"]) ?? openAIDefaultBaseURL
            guard baseURL.hasPrefix("http://") || baseURL.hasPrefix("https://") else {
                return .failure(.init("--base-url \"\(baseURL)\" must start with http:// or https://"))
            }
            let model = options.model ?? nonEmpty(env["MCPTERM_MODEL"])
                ?? (baseURL == openAIDefaultBaseURL ? openAIDefaultModel : nil)
            guard let model else {
                return .failure(.init("--model is required with --base-url \(baseURL) (which model does that server serve?)"))
            }
            return .success(ModelDescription(provider: "openai", model: model, baseURL: baseURL))
        default:
            return .failure(.init("--provider \"\(provider)\" is not supported yet (supported: \(supported.joined(separator: ", ")))"))
        }
    }

    /// The provider client for a resolved description.
    public static func makeProvider(_ description: ModelDescription, environment: [String: String]) -> any ChatProvider {
        OpenAICompatibleProvider(baseURL: description.baseURL, apiKey: nonEmpty(environment["OPENAI_API_KEY"]), model: description.model)
    }

    private static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }
}

/// A model setting that cannot work, with the flag or variable to change.
public struct ProviderSettingsError: Error, Equatable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
