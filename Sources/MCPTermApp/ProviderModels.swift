/// What the app knows of the models the configured provider offers (`ChatProvider.listModels`):
/// asked for once, when something first needs the list (a sampling request with model hints).
enum ProviderModels: Equatable, Sendable {
    case unknown
    case loading
    case listed([String])
    case failed(String)

    /// The names, once listed.
    var names: [String]? {
        if case .listed(let names) = self { return names }
        return nil
    }
}

/// Why a model question (list the provider's models, look for Ollama) has no answer.
public struct ModelProblem: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A `"models"` profile of servers.json as `/model` offers it: what it resolves to, or why it cannot.
struct ProfileChoice: Equatable, Sendable {
    var name: String
    var model: Result<ModelDescription, ModelProblem>
}
