import Foundation

/// RFC 9728 Protected Resource Metadata: which authorization servers protect an MCP server.
/// Our own decoding (the SDK's type is internal), of the fields the login uses.
struct ProtectedResourceMetadata: Decodable, Sendable, Equatable {
    var resource: String?
    var authorizationServers: [String]
    var scopesSupported: [String]?

    enum CodingKeys: String, CodingKey {
        case resource
        case authorizationServers = "authorization_servers"
        case scopesSupported = "scopes_supported"
    }

    init(resource: String?, authorizationServers: [String], scopesSupported: [String]?) {
        self.resource = resource
        self.authorizationServers = authorizationServers
        self.scopesSupported = scopesSupported
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        resource = try container.decodeIfPresent(String.self, forKey: .resource)
        authorizationServers = try container.decodeIfPresent([String].self, forKey: .authorizationServers) ?? []
        scopesSupported = try container.decodeIfPresent([String].self, forKey: .scopesSupported)
    }
}

/// RFC 8414 authorization server metadata (or OpenID Connect discovery, which shares the fields
/// the login uses), validated against the issuer it was looked up for.
struct AuthorizationServerMetadata: Codable, Sendable, Equatable {
    var issuer: String
    var authorizationEndpoint: String
    var tokenEndpoint: String
    var registrationEndpoint: String?
    var codeChallengeMethodsSupported: [String]?
    var tokenEndpointAuthMethodsSupported: [String]?
    var scopesSupported: [String]?
    var clientIDMetadataDocumentSupported: Bool?
    /// RFC 9207: the server puts `iss` in its authorization responses.
    var authorizationResponseIssParameterSupported: Bool?

    enum CodingKeys: String, CodingKey {
        case issuer
        case authorizationEndpoint = "authorization_endpoint"
        case tokenEndpoint = "token_endpoint"
        case registrationEndpoint = "registration_endpoint"
        case codeChallengeMethodsSupported = "code_challenge_methods_supported"
        case tokenEndpointAuthMethodsSupported = "token_endpoint_auth_methods_supported"
        case scopesSupported = "scopes_supported"
        case clientIDMetadataDocumentSupported = "client_id_metadata_document_supported"
        case authorizationResponseIssParameterSupported = "authorization_response_iss_parameter_supported"
    }

    /// True when S256 is among the PKCE methods (MCP: a server without it must be refused).
    var supportsS256: Bool {
        (codeChallengeMethodsSupported ?? []).contains { $0.caseInsensitiveCompare("S256") == .orderedSame }
    }
}

/// The token endpoint's answer (RFC 6749 §5.1).
struct TokenResponse: Decodable, Sendable {
    var accessToken: String
    var tokenType: String?
    var expiresIn: Double?
    var refreshToken: String?
    var scope: String?

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case tokenType = "token_type"
        case expiresIn = "expires_in"
        case refreshToken = "refresh_token"
        case scope
    }
}

/// An OAuth error body (RFC 6749 §5.2), for messages.
struct OAuthErrorBody: Decodable, Sendable {
    var error: String
    var errorDescription: String?

    enum CodingKeys: String, CodingKey {
        case error
        case errorDescription = "error_description"
    }

    /// "invalid_grant: the code expired", or the start of a body that is not an OAuth error.
    static func describe(status: Int, body: Data) -> String {
        if let parsed = try? JSONDecoder().decode(OAuthErrorBody.self, from: body) {
            let detail = parsed.errorDescription.map { ": \(String($0.prefix(200)))" } ?? ""
            return "HTTP \(status), \(parsed.error)\(detail)"
        }
        let text = String(decoding: body.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "HTTP \(status)" : "HTTP \(status): \(text)"
    }
}

/// The RFC 7591 registration answer.
struct ClientRegistrationResponse: Decodable, Sendable {
    var clientID: String
    var clientSecret: String?
    var tokenEndpointAuthMethod: String?

    enum CodingKeys: String, CodingKey {
        case clientID = "client_id"
        case clientSecret = "client_secret"
        case tokenEndpointAuthMethod = "token_endpoint_auth_method"
    }
}
