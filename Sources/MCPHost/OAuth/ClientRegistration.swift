import Foundation

/// Gets a client id at an authorization server in the order MCP prefers
/// (2025-11-25 basic/authorization#client-registration): a client pre-registered in the entry,
/// a Client ID Metadata Document when the server supports them and the entry names one, else
/// Dynamic Client Registration (RFC 7591). A dynamic client registered earlier for the same
/// redirect URI is used again.
struct ClientRegistration: Sendable {
    let server: String
    let http: OAuthHTTP

    func obtain(settings: OAuthClientSettings?, metadata: AuthorizationServerMetadata,
                existing: ClientCredentials?, redirectURI: String, scope: String?) async throws -> ClientCredentials {
        if let id = settings?.clientID {
            let secret = settings?.clientSecret
            return ClientCredentials(id: id, secret: secret, authMethod: secret == nil ? "none" : Self.secretMethod(metadata),
                                     kind: .preRegistered, redirectURI: redirectURI)
        }
        if metadata.clientIDMetadataDocumentSupported == true, let document = settings?.clientMetadataURL {
            return ClientCredentials(id: document, secret: nil, authMethod: "none", kind: .metadataDocument,
                                     redirectURI: redirectURI)
        }
        if let existing, existing.kind == .dynamic, existing.redirectURI == redirectURI {
            return existing
        }
        guard let endpoint = metadata.registrationEndpoint else {
            var reason = "the authorization server \(metadata.issuer) offers no dynamic client registration"
            if metadata.clientIDMetadataDocumentSupported == true {
                reason += "; it takes a Client ID Metadata Document: set \"oauth\": {\"clientMetadataUrl\": …}"
            }
            throw OAuthError.registration(server: server, reason: reason + "; register a client there and set \"oauth\": {\"clientId\": …} in the entry")
        }
        return try await register(at: endpoint, redirectURI: redirectURI, scope: scope)
    }

    /// RFC 7591 §3.1, as a native public client (MCP: `application_type` must be given).
    private func register(at endpoint: String, redirectURI: String, scope: String?) async throws -> ClientCredentials {
        var document: [String: Any] = [
            "client_name": "mcpterm",
            "redirect_uris": [redirectURI],
            "grant_types": ["authorization_code", "refresh_token"],
            "response_types": ["code"],
            "token_endpoint_auth_method": "none",
            "application_type": "native",
        ]
        if let scope { document["scope"] = scope }
        let body = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])
        let response: OAuthHTTP.Response
        do {
            response = try await http.postJSON(endpoint, body: body)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw OAuthError.registration(server: server, reason: "registration at \(AuthorizationDiscovery.shown(endpoint)) failed: \(error)")
        }
        guard response.status == 200 || response.status == 201 else {
            throw OAuthError.registration(server: server, reason: "registration at \(AuthorizationDiscovery.shown(endpoint)) was refused: "
                                          + OAuthErrorBody.describe(status: response.status, body: response.body))
        }
        guard let registered = try? JSONDecoder().decode(ClientRegistrationResponse.self, from: response.body),
              !registered.clientID.isEmpty else {
            throw OAuthError.registration(server: server, reason: "the registration answer has no client_id")
        }
        let method = registered.tokenEndpointAuthMethod ?? (registered.clientSecret == nil ? "none" : "client_secret_basic")
        return ClientCredentials(id: registered.clientID, secret: registered.clientSecret, authMethod: method,
                                 kind: .dynamic, redirectURI: redirectURI)
    }

    /// How a pre-registered secret is sent: Basic unless the server offers only the form field.
    private static func secretMethod(_ metadata: AuthorizationServerMetadata) -> String {
        guard let methods = metadata.tokenEndpointAuthMethodsSupported, !methods.isEmpty else { return "client_secret_basic" }
        if methods.contains("client_secret_basic") { return "client_secret_basic" }
        if methods.contains("client_secret_post") { return "client_secret_post" }
        return "client_secret_basic"
    }
}
