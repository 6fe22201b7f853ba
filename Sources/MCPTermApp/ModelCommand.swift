import ChatCore

/// `/model`: which model answers, and switching it in the running session (the conversation is
/// kept; the next request goes to the new model). `/model` alone lists the current model, the
/// `"models"` profiles of servers.json and the models the provider offers; `/model NAME` switches
/// to the profile NAME, else to the model NAME of the current provider.
enum ModelCommand {
    static func run(_ argument: String, _ state: inout AppState) -> [Effect] {
        let name = argument.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { return list(&state) }
        guard state.agent.phase == .idle else {
            state.agent.note("A reply is in progress: press Esc first, then /model \(name).")
            return []
        }
        if let choice = state.profiles.first(where: { $0.name == name }) {
            switch choice.model {
            case .success(let description): return use(description, because: "profile \(name)", &state)
            case .failure(let problem):
                state.agent.noteError("/model \(name): \(problem.message)")
                return []
            }
        }
        guard var description = state.model else {
            state.agent.noteError("/model \(name): no provider is configured, so there is no model \"\(name)\" to use. "
                                  + AppReducer.noModelHint)
            return []
        }
        description.model = name
        description.profile = state.model?.profile
        var effects = use(description, because: nil, &state)
        if let names = state.providerModels.names, !names.contains(name) {
            state.agent.note("\(description.provider.rawValue) does not list \"\(name)\"; if the name is wrong, "
                             + "the next reply will say so (/model lists the names it offers).")
        }
        if state.providerModels == .unknown {
            state.providerModels = .loading
            effects.append(.listModels)
        }
        return effects
    }

    private static func use(_ description: ModelDescription, because reason: String?, _ state: inout AppState) -> [Effect] {
        let providerChanged = state.model?.provider != description.provider || state.model?.baseURL != description.baseURL
        state.model = description
        state.agent.maxToolRounds = description.maxToolRounds ?? AgentLoop.defaultMaxToolRounds
        // Another provider offers other models.
        if providerChanged { state.providerModels = .unknown }
        let shown = "\(description.provider.rawValue)/\(description.model)"
        state.agent.note("Now talking to \(shown)" + (reason.map { " (\($0))" } ?? "")
                         + "; the conversation so far goes with it.")
        return [.useModel(description)]
    }

    private static func list(_ state: inout AppState) -> [Effect] {
        var lines: [String] = []
        if let model = state.model {
            lines.append("Model: \(model.provider.rawValue)/\(model.model)" + (model.profile.map { " (profile \($0))" } ?? ""))
        } else {
            lines.append("No model is configured. " + AppReducer.noModelHint)
        }
        if !state.profiles.isEmpty {
            let shown = state.profiles.map { choice -> String in
                switch choice.model {
                case .success(let model): return "\(choice.name) (\(model.provider.rawValue)/\(model.model))"
                case .failure(let problem): return "\(choice.name) (unusable: \(problem.message))"
                }
            }
            lines.append("Profiles: " + shown.joined(separator: ", "))
        }
        var effects: [Effect] = []
        switch state.providerModels {
        case .listed(let names): lines.append(offered(names, state))
        case .failed(let message): lines.append("The provider's models could not be listed: \(message)")
        case .loading:
            state.modelListWanted = true
            lines.append("Asking the provider for its models…")
        case .unknown:
            guard state.model != nil else { break }
            state.modelListWanted = true
            state.providerModels = .loading
            effects.append(.listModels)
            lines.append("Asking the provider for its models…")
        }
        if state.model != nil || !state.profiles.isEmpty { lines.append("/model NAME switches (a profile or a model name).") }
        for line in lines { state.agent.note(line) }
        return effects
    }

    /// "openai offers 12 models: a, b, …" (all of them: the user asked).
    static func offered(_ names: [String], _ state: AppState) -> String {
        let provider = state.model?.provider.rawValue ?? "the provider"
        guard !names.isEmpty else { return "\(provider) lists no models." }
        return "\(provider) offers \(names.count) model\(names.count == 1 ? "" : "s"): " + names.joined(separator: ", ")
    }
}
