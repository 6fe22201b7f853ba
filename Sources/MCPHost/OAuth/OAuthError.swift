/// Why logging in to a server, or using its tokens, did not work. Every message names the server
/// and what to do; none carries a token, a code or a secret.
public enum OAuthError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server wants a login (401, `"auth": "oauth"` without tokens, a refresh token the
    /// authorization server refused, more scope for a call). `reason` says which.
    case loginRequired(server: String, reason: String)
    /// Discovery found no usable authorization server (metadata missing, invalid, or unsafe).
    case discovery(server: String, reason: String)
    /// The authorization server does not offer PKCE with S256: MCP forbids going on.
    case noPKCE(server: String, issuer: String, offered: [String])
    /// No way to get a client id: nothing pre-registered, no metadata document support, no
    /// registration endpoint (or registration was refused).
    case registration(server: String, reason: String)
    /// The redirect back from the browser was refused (state, issuer, error from the server).
    case authorizationResponse(server: String, reason: String)
    /// The token endpoint refused or failed.
    case tokenRequest(server: String, reason: String)
    /// No login is waiting for a redirect (a pasted URL with no `/login` before it).
    case noLoginInProgress(server: String)
    /// The loopback listener for the redirect could not start.
    case listener(server: String, reason: String)
    /// The token store could not be read or written.
    case store(path: String, reason: String)
    /// A 403 still asks for a scope that logins asked for and were granted: asking again would loop.
    case scopeNotGranted(server: String, scope: String, logins: Int)
    /// OAuth does not apply to this server (stdio, ws, or `"auth": "none"`).
    case notApplicable(server: String, reason: String)

    public var description: String {
        switch self {
        case .loginRequired(let server, let reason):
            return "server \"\(server)\" needs login: \(reason) (/login \(server))"
        case .discovery(let server, let reason):
            return "server \"\(server)\": OAuth discovery failed: \(reason)"
        case .noPKCE(let server, let issuer, let offered):
            let list = offered.isEmpty ? "none" : offered.joined(separator: ", ")
            return "server \"\(server)\": the authorization server \(issuer) does not support PKCE with S256 "
                + "(code_challenge_methods_supported: \(list)); MCP requires it, so mcpterm will not log in there"
        case .registration(let server, let reason):
            return "server \"\(server)\": no OAuth client: \(reason)"
        case .authorizationResponse(let server, let reason):
            return "server \"\(server)\": login refused: \(reason)"
        case .tokenRequest(let server, let reason):
            return "server \"\(server)\": the token request failed: \(reason)"
        case .noLoginInProgress(let server):
            return "server \"\(server)\": no login is waiting for a redirect; start one with /login \(server)"
        case .listener(let server, let reason):
            return "server \"\(server)\": cannot listen for the login redirect: \(reason)"
        case .store(let path, let reason):
            return "the token store \(path): \(reason)"
        case .scopeNotGranted(let server, let scope, let logins):
            return "server \"\(server)\" still refuses the call for scope \"\(scope)\" after \(logins) logins that asked "
                + "for it; mcpterm does not ask again (check the account's permissions at the service)"
        case .notApplicable(let server, let reason):
            return "server \"\(server)\": \(reason)"
        }
    }

    /// The reason of a `loginRequired`, for the Servers pane.
    public var loginReason: String? {
        if case .loginRequired(_, let reason) = self { return reason }
        return nil
    }
}
