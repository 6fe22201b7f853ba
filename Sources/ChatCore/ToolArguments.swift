import Foundation
import MCP
import MCPHost

/// The one way a tool call's arguments, as the model wrote them, become the object sent to the
/// server, shown in the approval box and the transcript, and rebuilt on `--resume`.
///
/// `JSONValueParser`, not `JSONDecoder`: `Value`'s `Decodable` turns every string shaped like
/// `data:…,…` into `.data`, which is sent back as a different string
/// (`"data:text/plain,hi"` became `"data:text/plain;base64,aGk="`): the server must get exactly
/// what the model wrote and the user approved.
public enum ToolArguments {
    /// Why the arguments cannot be sent.
    public enum Problem: Error, Equatable, CustomStringConvertible {
        case notJSON(String)
        case notAnObject

        public var description: String {
            switch self {
            case .notJSON(let reason): return "the arguments are not JSON (\(reason))"
            case .notAnObject: return "the arguments are not a JSON object"
            }
        }
    }

    /// The arguments object; empty text (some models send nothing for no arguments) is `{}`.
    public static func parse(_ text: String) -> Result<[String: Value], Problem> {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return .success([:]) }
        do {
            guard case .object(let object) = try JSONValueParser.parse(Data(trimmed.utf8)) else {
                return .failure(.notAnObject)
            }
            return .success(object)
        } catch {
            return .failure(.notJSON(error.description))
        }
    }
}
