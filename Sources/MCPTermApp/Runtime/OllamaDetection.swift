import LLM

/// With no model configured anywhere: an Ollama answering at `OLLAMA_HOST` (else
/// 127.0.0.1:11434) within 300 ms is used, with `MCPTERM_MODEL` or the first model it lists.
/// Asked after the first frame is drawn, so a missing Ollama never delays the start.
enum OllamaDetection {
    static let timeout = 0.3

    static func detect(environment: [String: String]) async -> Result<ModelDescription, ModelProblem> {
        let given = environment["OLLAMA_HOST"].flatMap { $0.isEmpty ? nil : $0 } ?? OllamaProvider.defaultBaseURL
        let baseURL = ProviderSettings.ollamaBaseURL(given)
        guard baseURL.hasPrefix("http://") || baseURL.hasPrefix("https://") else {
            return .failure(ModelProblem("OLLAMA_HOST \"\(given)\" is not an http(s) address"))
        }
        let probe = OllamaProvider(baseURL: baseURL, model: "", name: "ollama")
        let names: [String]
        do {
            names = try await probe.listModels(timeout: timeout)
        } catch {
            return .failure(ModelProblem("\(baseURL): \(error)"))
        }
        let wanted = environment["MCPTERM_MODEL"].flatMap { $0.isEmpty ? nil : $0 }
        guard let model = wanted ?? names.first else {
            return .failure(ModelProblem("Ollama at \(baseURL) has no models (`ollama pull qwen3` gets one)"))
        }
        return .success(ModelDescription(provider: .ollama, model: model, baseURL: baseURL))
    }
}
