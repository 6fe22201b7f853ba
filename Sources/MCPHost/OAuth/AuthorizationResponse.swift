import Foundation
import MCP

/// One login between the authorization URL and the redirect back: what the redirect is checked
/// against (state, issuer, redirect URI) and what the code is exchanged with (PKCE verifier).
struct PendingLogin: Sendable {
    var discovered: DiscoveredAuthorization
    var client: ClientCredentials
    var pkce: PKCEChallenge
    var state: String
    var redirectURI: String
    var scope: String?
    /// The URL the user opens.
    var authorizationURL: String
}

/// Checks the redirect that ends a login and takes its code out (MCP basic/authorization
/// "Authorization Response Validation"): the issuer first (RFC 9207), then an error answer,
/// then redirect URI, state and code with the SDK's `OAuthAuthorizationCodeFlow.extractCode`.
enum AuthorizationResponse {
    static func code(from redirect: String, for login: PendingLogin, server: String) throws(OAuthError) -> String {
        guard let url = URL(string: redirect.trimmingCharacters(in: .whitespacesAndNewlines)),
              let parts = URLComponents(url: url, resolvingAgainstBaseURL: false) else {
            throw .authorizationResponse(server: server, reason: "that is not a URL")
        }
        let items = parts.queryItems ?? []
        func value(_ name: String) -> String? { items.first { $0.name == name }?.value }
        // RFC 9207 §2.4, as MCP's table says: a present iss must be the recorded issuer (no
        // normalisation at all); an absent one is refused when the server said it sends it.
        let issuer = login.discovered.issuer
        if let iss = value("iss") {
            guard iss == issuer else {
                // On a mismatch nothing else of the answer may be acted on or shown.
                throw .authorizationResponse(server: server, reason: "the answer came from issuer \"\(iss.prefix(200))\", "
                                             + "not \(issuer) (a mix-up attack, or a misconfigured server)")
            }
        } else if login.discovered.metadata.authorizationResponseIssParameterSupported == true {
            throw .authorizationResponse(server: server, reason: "the answer has no iss, although \(issuer) says it sends one")
        }
        if let error = value("error") {
            let detail = value("error_description").map { ": " + String($0.prefix(200)) } ?? ""
            throw .authorizationResponse(server: server, reason: "the authorization server answered \(error.prefix(80))\(detail)")
        }
        guard let expected = URL(string: login.redirectURI) else {
            throw .authorizationResponse(server: server, reason: "bad redirect URI")
        }
        do {
            return try OAuthAuthorizationCodeFlow().extractCode(from: url, expectedRedirectURI: expected,
                                                               expectedState: login.state)
        } catch let error as OAuthAuthorizationError {
            throw .authorizationResponse(server: server, reason: describe(error))
        } catch {
            throw .authorizationResponse(server: server, reason: "\(error)")
        }
    }

    /// The SDK's reasons in our words, without the expected state.
    private static func describe(_ error: OAuthAuthorizationError) -> String {
        switch error {
        case .authorizationResponseRedirectMismatch:
            return "the address is not mcpterm's redirect for this login"
        case .authorizationResponseMissingState:
            return "the answer has no state"
        case .authorizationResponseStateMismatch:
            return "the state does not match this login (an old or forged answer)"
        case .authorizationResponseMissingCode:
            return "the answer has no code"
        default:
            return error.errorDescription ?? "\(error)"
        }
    }
}
