/// The model APIs mcpterm speaks: the value of `--provider`, the label in the status bar and
/// the session header.
public enum ProviderKind: String, CaseIterable, Equatable, Sendable {
    /// OpenAI's Chat Completions API and the many servers that copy it (vLLM, llama.cpp, LM Studio…).
    case openai
    case anthropic
    case ollama

    /// The kind a `--provider` value names, with the spellings people use for each
    /// ("openai-compatible", "claude"); nil for anything else.
    public init?(flag: String) {
        switch flag.lowercased() {
        case "openai", "openai-compatible": self = .openai
        case "anthropic", "claude": self = .anthropic
        case "ollama": self = .ollama
        default: return nil
        }
    }
}
