import MCPHost
import TUI

/// A resource template chosen in the `@` picker, its variables being filled in one after the
/// other with the server's suggestions (`completion/complete`); the last one puts the reference
/// to the resource it names into the input.
struct TemplateFill: Equatable, Sendable {
    var template: ServerResourceTemplate
    /// The template's variables in order (`URITemplate.variables`).
    var variables: [String]
    /// The values taken so far.
    var values: [String: String] = [:]
    /// The variable being filled.
    var index = 0
    var editor = InputEditor()
    /// The server's suggestions for `askedFor`, the value they answer.
    var suggestions: [String] = []
    var askedFor: String?
    /// The highlighted suggestion, if the user moved to one.
    var selected: Int?
    /// Where the `@` word starts in the input: the reference replaces it.
    var replacingFrom: Int
    /// Why Enter did not take the value.
    var problem: String?

    var variable: String { variables[index] }

    /// The value Enter takes: the highlighted suggestion, else what is typed.
    var chosenValue: String {
        if let selected, suggestions.indices.contains(selected) { return suggestions[selected] }
        return editor.text
    }

    /// At most this many suggestions are kept (a server may send up to 100).
    static let suggestionLimit = 50
}
