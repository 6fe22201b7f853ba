import Foundation
import MCP

/// What discovery found for one MCP server: the resource to ask tokens for, its authorization
/// server (metadata validated against the issuer), and the scopes the server suggests.
struct DiscoveredAuthorization: Sendable, Equatable {
    /// The `resource` parameter (RFC 8707) of both the authorization and the token request.
    var resource: String
    var metadata: AuthorizationServerMetadata
    /// `scopes_supported` of the Protected Resource Metadata.
    var resourceScopes: [String]?
    /// The issuer as the validated metadata states it (compared with `iss`, RFC 9207).
    var issuer: String { metadata.issuer }
}

/// MCP 2025-11-25 basic/authorization#authorization-server-discovery: the Protected Resource
/// Metadata (RFC 9728) from the `resource_metadata` of the 401's `WWW-Authenticate`, else the
/// well-known paths (path-specific, then root); then the authorization server's metadata from
/// the RFC 8414 and OpenID Connect well-known URLs in the spec's path-aware order. The candidate
/// URLs and the resource matching come from the SDK's `DefaultOAuthMetadataDiscovery`; the
/// requests go over our libcurl client.
struct AuthorizationDiscovery: Sendable {
    let server: String
    /// The MCP endpoint (the entry's `url`).
    let endpoint: String
    let http: OAuthHTTP
    private let urls = DefaultOAuthMetadataDiscovery()

    init(server: String, endpoint: String, http: OAuthHTTP) {
        self.server = server
        self.endpoint = endpoint
        self.http = http
    }

    func discover(challenge: OAuthBearerChallenge?) async throws -> DiscoveredAuthorization {
        guard let endpointURL = URL(string: endpoint) else {
            throw OAuthError.discovery(server: server, reason: "the server URL is not a URL")
        }
        let canonical: URL
        do {
            canonical = try urls.canonicalResourceURI(from: endpointURL)
        } catch {
            throw OAuthError.discovery(server: server, reason: "OAuth needs an https:// server URL (or http:// on this machine)")
        }
        var notes: [String] = []
        let found = try await protectedResourceMetadata(endpoint: canonical, challenge: challenge, notes: &notes)
        var resource = canonical.absoluteString
        let issuer: String
        if let (metadata, _) = found {
            if let stated = metadata.resource, let statedURL = URL(string: stated) {
                // RFC 9728 §3.3: a document for another resource must not be used.
                guard urls.protectedResourceMatches(resource: statedURL, endpoint: canonical) else {
                    throw OAuthError.discovery(server: server, reason: "the Protected Resource Metadata is for \(stated), not \(canonical.absoluteString)")
                }
                resource = stated
            }
            guard let first = metadata.authorizationServers.first else {
                throw OAuthError.discovery(server: server, reason: "the Protected Resource Metadata lists no authorization_servers")
            }
            issuer = first
        } else {
            // No metadata document: the 2025-03-26 rule, the server's origin is its authorization server.
            guard let origin = try? urls.authorizationServerFallbackIssuer(from: canonical) else {
                throw OAuthError.discovery(server: server, reason: "no Protected Resource Metadata (" + notes.joined(separator: "; ") + ")")
            }
            issuer = origin.absoluteString
        }
        let metadata = try await authorizationServerMetadata(issuer: issuer, notes: &notes)
        return DiscoveredAuthorization(resource: resource, metadata: metadata, resourceScopes: found?.0.scopesSupported)
    }

    /// The first Protected Resource Metadata document found, with its URL; nil when none is there.
    private func protectedResourceMetadata(endpoint: URL, challenge: OAuthBearerChallenge?,
                                           notes: inout [String]) async throws -> (ProtectedResourceMetadata, String)? {
        var candidates: [String] = []
        if let stated = challenge?.parameters["resource_metadata"], !stated.isEmpty {
            guard Self.isSafeURL(stated) else {
                throw OAuthError.discovery(server: server, reason: "resource_metadata \(Self.shown(stated)) is not an https:// URL")
            }
            candidates.append(stated)
        }
        for url in urls.protectedResourceMetadataURLs(for: endpoint) where !candidates.contains(url.absoluteString) {
            candidates.append(url.absoluteString)
        }
        for candidate in candidates {
            guard let response = try await fetch(candidate, toResource: true, notes: &notes) else { continue }
            do {
                return (try JSONDecoder().decode(ProtectedResourceMetadata.self, from: response.body), candidate)
            } catch {
                notes.append("\(Self.shown(candidate)) is not Protected Resource Metadata")
            }
        }
        return nil
    }

    /// RFC 8414 §3 and OpenID Connect discovery, in the order of MCP's authorization server
    /// discovery; the first document whose `issuer` is the one looked up, with S256 PKCE.
    private func authorizationServerMetadata(issuer: String, notes: inout [String]) async throws -> AuthorizationServerMetadata {
        guard Self.isSafeURL(issuer), let issuerURL = URL(string: issuer) else {
            throw OAuthError.discovery(server: server, reason: "the authorization server \(Self.shown(issuer)) is not an https:// URL")
        }
        for candidate in urls.authorizationServerMetadataURLs(for: issuerURL) {
            guard let response = try await fetch(candidate.absoluteString, toResource: false, notes: &notes) else { continue }
            let metadata: AuthorizationServerMetadata
            do {
                metadata = try JSONDecoder().decode(AuthorizationServerMetadata.self, from: response.body)
            } catch {
                notes.append("\(Self.shown(candidate.absoluteString)) is not authorization server metadata")
                continue
            }
            // RFC 8414 §3.3: the issuer must be the one the URL was made from, or the document is not used.
            guard Self.sameIssuer(metadata.issuer, issuer) else {
                throw OAuthError.discovery(server: server, reason: "\(Self.shown(candidate.absoluteString)) says its issuer is "
                                           + "\(Self.shown(metadata.issuer)), not \(Self.shown(issuer)): refused")
            }
            for (name, url) in [("authorization_endpoint", metadata.authorizationEndpoint), ("token_endpoint", metadata.tokenEndpoint)]
            where !Self.isSafeURL(url) {
                throw OAuthError.discovery(server: server, reason: "\(name) \(Self.shown(url)) is not an https:// URL")
            }
            if let registration = metadata.registrationEndpoint, !Self.isSafeURL(registration) {
                throw OAuthError.discovery(server: server, reason: "registration_endpoint \(Self.shown(registration)) is not an https:// URL")
            }
            guard metadata.supportsS256 else {
                throw OAuthError.noPKCE(server: server, issuer: metadata.issuer, offered: metadata.codeChallengeMethodsSupported ?? [])
            }
            return metadata
        }
        throw OAuthError.discovery(server: server, reason: "no authorization server metadata for \(Self.shown(issuer)) ("
                                   + notes.suffix(3).joined(separator: "; ") + ")")
    }

    /// GETs a document; nil (with a note) when it is not there, the network error otherwise.
    private func fetch(_ url: String, toResource: Bool, notes: inout [String]) async throws -> OAuthHTTP.Response? {
        let response: OAuthHTTP.Response
        do {
            response = try await http.get(url, toResource: toResource)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw OAuthError.discovery(server: server, reason: "\(Self.shown(url)): \(error)")
        }
        guard response.status == 200 else {
            notes.append("\(Self.shown(url)) answered HTTP \(response.status)")
            return nil
        }
        return response
    }

    /// https, or http to this machine (a development server); never another scheme.
    static func isSafeURL(_ text: String) -> Bool {
        guard let parts = URLComponents(string: text), let scheme = parts.scheme?.lowercased(),
              let host = parts.host?.lowercased(), !host.isEmpty, parts.fragment == nil else { return false }
        if scheme == "https" { return true }
        return scheme == "http" && isLoopback(host)
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "127.0.0.1" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    /// Identical, but for one trailing slash (issuers are often listed with one and stated without).
    static func sameIssuer(_ a: String, _ b: String) -> Bool {
        func trimmed(_ s: String) -> Substring { s.hasSuffix("/") ? s.dropLast() : Substring(s) }
        return trimmed(a) == trimmed(b)
    }

    /// A URL for messages: without its query, cut at 200 characters.
    static func shown(_ url: String) -> String {
        String(HTTPTransportError.redacted(url).prefix(200))
    }
}
