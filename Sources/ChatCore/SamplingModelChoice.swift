/// Which model answers a server's sampling request (MCP 2025-11-25 client/sampling, "Model
/// hints"): the hints are tried in the server's order, each as a part of a model name; the
/// first one that the configured model, or a model the provider offers, matches wins. A hint
/// that matches no model, or a provider whose models are not known, leaves the configured model.
public struct SamplingModelChoice: Equatable, Sendable {
    public let model: String
    /// The hint `model` was chosen for; nil when the configured model answers by default.
    public let hint: String?

    public static func pick(hints: [String], current: String, available: [String]?) -> SamplingModelChoice {
        for hint in hints {
            let wanted = hint.lowercased()
            if current.lowercased().contains(wanted) { return SamplingModelChoice(model: current, hint: hint) }
            let matches = (available ?? []).filter { $0.lowercased().contains(wanted) }
            // The closest name: an exact one, else the shortest that contains the hint
            // ("gpt-4o" for "gpt-4o" rather than "gpt-4o-mini-2024-07-18").
            if let best = matches.min(by: { ($0.count, $0) < ($1.count, $1) }) {
                return SamplingModelChoice(model: best, hint: hint)
            }
        }
        return SamplingModelChoice(model: current, hint: nil)
    }
}
