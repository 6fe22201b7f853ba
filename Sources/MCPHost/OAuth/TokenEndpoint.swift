import Foundation

/// The token requests (OAuth 2.1 §4.1.3 and §4.3): the code for tokens, with the PKCE verifier,
/// and a refresh. Both carry `resource` (RFC 8707), as MCP requires.
struct TokenEndpoint: Sendable {
    let server: String
    let http: OAuthHTTP
    let now: @Sendable () -> Date

    /// Why a refresh did not work: the grant is gone (log in again) or the request failed (try later).
    enum RefreshFailure: Error {
        case refused(String)
        case failed(String)
    }

    func exchange(code: String, verifier: String, redirectURI: String, resource: String,
                  client: ClientCredentials, endpoint: String) async throws -> TokenSet {
        let fields = [
            ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectURI),
            ("code_verifier", verifier), ("resource", resource),
        ]
        let response: OAuthHTTP.Response
        do {
            response = try await post(endpoint, fields: fields, client: client)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw OAuthError.tokenRequest(server: server, reason: "\(error)")
        }
        guard response.status == 200 else {
            throw OAuthError.tokenRequest(server: server, reason: OAuthErrorBody.describe(status: response.status, body: response.body))
        }
        return try tokens(from: response.body, previous: nil)
    }

    func refresh(_ current: TokenSet, resource: String, client: ClientCredentials, endpoint: String) async throws(RefreshFailure) -> TokenSet {
        guard let refreshToken = current.refreshToken else { throw .refused("no refresh token") }
        var fields = [("grant_type", "refresh_token"), ("refresh_token", refreshToken), ("resource", resource)]
        if let scope = current.scope { fields.append(("scope", scope)) }
        let response: OAuthHTTP.Response
        do {
            response = try await post(endpoint, fields: fields, client: client)
        } catch {
            throw .failed("\(error)")
        }
        guard response.status == 200 else {
            let reason = OAuthErrorBody.describe(status: response.status, body: response.body)
            // 400/401 with an OAuth error: the grant or the client is no longer good.
            if (400..<500).contains(response.status) { throw .refused(reason) }
            throw .failed(reason)
        }
        do {
            return try tokens(from: response.body, previous: current)
        } catch {
            throw .failed("\(error)")
        }
    }

    private func post(_ endpoint: String, fields: [(String, String)], client: ClientCredentials) async throws -> OAuthHTTP.Response {
        var fields = fields
        switch client.authMethod {
        case "client_secret_basic" where client.secret != nil:
            return try await http.postForm(endpoint, fields: fields, basic: (client.id, client.secret ?? ""))
        case "client_secret_post" where client.secret != nil:
            fields += [("client_id", client.id), ("client_secret", client.secret ?? "")]
        default:
            fields.append(("client_id", client.id))
        }
        return try await http.postForm(endpoint, fields: fields)
    }

    /// The tokens of a 200 answer; a refresh that brings no new refresh token keeps the old one
    /// (OAuth 2.1 §4.3.3), and one that states no scope keeps the scope asked for.
    private func tokens(from body: Data, previous: TokenSet?) throws -> TokenSet {
        guard let parsed = try? JSONDecoder().decode(TokenResponse.self, from: body), !parsed.accessToken.isEmpty else {
            throw OAuthError.tokenRequest(server: server, reason: "the answer has no access_token")
        }
        if let type = parsed.tokenType, type.caseInsensitiveCompare("Bearer") != .orderedSame {
            throw OAuthError.tokenRequest(server: server, reason: "token_type is \"\(type.prefix(40))\", not Bearer")
        }
        let expiresAt = parsed.expiresIn.flatMap { $0 > 0 && $0 < 1e9 ? now().addingTimeInterval($0) : nil }
        return TokenSet(accessToken: parsed.accessToken, refreshToken: parsed.refreshToken ?? previous?.refreshToken,
                        expiresAt: expiresAt, scope: parsed.scope ?? previous?.scope)
    }
}
