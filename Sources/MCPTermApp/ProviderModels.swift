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
