import Foundation
import MCP

/// A page a server asks the user to open (MCP 2025-11-25 URL mode elicitation), from an
/// `elicitation/create` with `mode: "url"` or from a -32042 error of a request that needs it
/// first. mcpterm never fetches it: it shows it, and opens it in the browser when the user says so.
public struct URLElicitation: Equatable, Sendable {
    public var server: String
    public var elicitationID: String
    public var url: String
    public var message: String

    public init(server: String, elicitationID: String, url: String, message: String) {
        self.server = server
        self.elicitationID = elicitationID
        self.url = url
        self.message = message
    }

    /// The host the page is on, lower-cased, for the user to check; nil for a URL without one.
    public var host: String? {
        URLComponents(string: url)?.host?.lowercased()
    }

    /// Only http and https pages are opened; anything else is shown and refused.
    public var isWebPage: Bool {
        guard let scheme = URLComponents(string: url)?.scheme?.lowercased(), host != nil else { return false }
        return scheme == "https" || scheme == "http"
    }

    /// The elicitations a -32042 error's `data` lists (each must be URL mode with an id).
    public static func required(server: String, data: Value?) -> [URLElicitation] {
        guard case .array(let items)? = data?.objectValue?["elicitations"] else { return [] }
        return items.compactMap { item in
            guard let fields = item.objectValue, fields["mode"]?.stringValue == "url",
                  let id = fields["elicitationId"]?.stringValue, let url = fields["url"]?.stringValue
            else { return nil }
            return URLElicitation(server: server, elicitationID: id, url: url,
                                  message: fields["message"]?.stringValue ?? "")
        }
    }
}
