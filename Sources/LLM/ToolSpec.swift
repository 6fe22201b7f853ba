import Foundation

/// A tool as a model sees it: a name, what it does, and a JSON Schema for its arguments.
public struct ToolSpec: Equatable, Sendable {
    public var name: String
    public var description: String
    /// A JSON Schema object, encoded as JSON.
    public var parametersJSON: Data

    public init(name: String, description: String, parametersJSON: Data) {
        self.name = name
        self.description = description
        self.parametersJSON = parametersJSON
    }
}
