/// The `"auth"` key of a remote entry: whether mcpterm logs in with OAuth.
public enum AuthMode: String, Sendable, Equatable, CaseIterable {
    /// OAuth when the server asks for it (HTTP 401 with `WWW-Authenticate`); the default.
    case auto
    /// The server needs OAuth: without a stored token it shows `needs login` at once, before
    /// anything is sent to it.
    case oauth
    /// Never OAuth: a 401 is an error like any other (for servers authenticated by `headers`).
    case none
}

/// The `"oauth"` key of a remote entry: a client registered with the authorization server
/// beforehand, and how the login listens for the browser's redirect.
/// MCP 2025-11-25 basic/authorization#client-registration: a pre-registered client comes first.
public struct OAuthClientSettings: Sendable, Equatable {
    /// A client registered by hand; nil lets mcpterm use a Client ID Metadata Document or
    /// Dynamic Client Registration.
    public var clientID: String?
    /// The pre-registered client's secret (a confidential client); never logged.
    public var clientSecret: String?
    /// Scopes to ask for instead of the ones the server suggests.
    public var scopes: [String]?
    /// Port of the loopback redirect listener (`http://127.0.0.1:PORT/callback`); nil picks a free one.
    /// A pre-registered client usually needs the port it was registered with.
    public var callbackPort: Int?
    /// The HTTPS URL of a Client ID Metadata Document that describes mcpterm (its `client_id`),
    /// used with authorization servers that support such documents.
    public var clientMetadataURL: String?

    public init(clientID: String? = nil, clientSecret: String? = nil, scopes: [String]? = nil,
                callbackPort: Int? = nil, clientMetadataURL: String? = nil) {
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.scopes = scopes
        self.callbackPort = callbackPort
        self.clientMetadataURL = clientMetadataURL
    }
}
