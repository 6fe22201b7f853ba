import Foundation
import HTTPStreaming
import MCP

/// One remote server's OAuth (MCP 2025-11-25 and 2026-07-28 basic/authorization): the bearer
/// token its requests carry, refreshed before it expires and when the server answers 401; what
/// a 401 or a 403 `insufficient_scope` means; and the login itself, from discovery to the token
/// request. The transport asks it for a header and tells it about challenges; the connection
/// starts and ends logins. Tokens live in the `OAuthCredentialStore`, never in a log.
actor ServerAuthorization {
    /// A token this close to its expiry is refreshed before it is sent.
    static let refreshMargin: TimeInterval = 60
    /// Logins in a row that may be asked for more scope before mcpterm stops suggesting another.
    static let maxStepUps = 2

    nonisolated let server: String
    private let endpoint: String
    private let mode: AuthMode
    private let settings: OAuthClientSettings?
    private let store: OAuthCredentialStore?
    private let http: OAuthHTTP
    private let now: @Sendable () -> Date
    /// Told when the server asks for a login while requests run (the connection then shows
    /// `needs login`); set by the connection.
    private var onLoginRequired: @Sendable (String) -> Void = { _ in }
    /// A line for the log (a token that could not be refreshed or stored), never with a secret.
    private var onNotice: @Sendable (String) -> Void = { _ in }

    private var credentials: ServerCredentials?
    private var loaded = false
    /// The last `WWW-Authenticate` challenge: where discovery starts, which scope to ask for.
    private var challenge: OAuthBearerChallenge?
    /// Scope a 403 asked for, joined with what was granted: the next login asks for all of it.
    private var stepUpScope: String?
    /// Logins asked for by a 403, per challenged scope (bounded by `maxStepUps`).
    private var stepUps: [String: Int] = [:]
    /// The challenged scope the next login answers.
    private var stepUpChallenge: String?
    private var refreshTask: Task<Bool, Never>?
    private var pending: PendingLogin?
    private var listener: LoopbackRedirectListener?
    /// Why a login is needed now; nil while the tokens work, or none are needed.
    private(set) var loginReason: String?
    /// Why the stored tokens could not be read (a damaged file): said when a login is needed.
    private var storeProblem: String?
    /// Why the last refresh failed when the authorization server could not be asked.
    private(set) var refreshProblem: String?

    init(server: String, endpoint: String, mode: AuthMode, settings: OAuthClientSettings?,
         environment: AuthorizationEnvironment, tls: HTTPTLSOptions?, client: HTTPClient = .shared) {
        self.server = server
        self.endpoint = endpoint
        self.mode = mode
        self.settings = settings
        self.store = environment.store
        self.now = environment.now
        self.http = OAuthHTTP(client: client, resourceTLS: tls)
    }

    func setReporters(loginRequired: @escaping @Sendable (String) -> Void, notice: @escaping @Sendable (String) -> Void) {
        onLoginRequired = loginRequired
        onNotice = notice
    }

    /// The server is ready: whatever needed a login before does not any more.
    func connected() {
        loginReason = nil
    }

    // MARK: - Tokens on requests

    /// Why the server cannot be connected to before a login: `"auth": "oauth"` and no token.
    func reasonToLogInFirst() -> String? {
        guard mode == .oauth, currentTokens() == nil else { return nil }
        let reason = storeProblem ?? "the entry says \"auth\": \"oauth\" and there is no token yet"
        loginReason = reason
        return reason
    }

    /// `Authorization: Bearer …` for the next request, refreshed first when it is about to expire;
    /// nil without a token.
    func authorizationHeader() async -> String? {
        guard var tokens = currentTokens() else { return nil }
        if let expiry = tokens.expiresAt, expiry.timeIntervalSince(now()) < Self.refreshMargin, tokens.refreshToken != nil {
            _ = await refreshShared()
            guard let fresh = currentTokens() else { return nil }
            tokens = fresh
        }
        return "Bearer " + tokens.accessToken
    }

    /// The server answered 401 to a request that carried `sentHeader`. True: send it again with
    /// the header asked anew (another request refreshed the token meanwhile, or this one did).
    /// Otherwise throws `OAuthError.loginRequired`.
    func unauthorized(headers: [String: String], sentHeader: String?) async throws -> Bool {
        if let parsed = DefaultOAuthWWWAuthenticateParser().parseBearer(from: headers) { challenge = parsed }
        if let current = currentTokens(), "Bearer " + current.accessToken != sentHeader { return true }
        let reason: String
        if let tokens = currentTokens() {
            if tokens.refreshToken != nil {
                if await refreshShared() { return true }
                reason = loginReason ?? "the token was refused and " + (refreshProblem ?? "could not be refreshed")
            } else {
                reason = "the token expired or was revoked"
                forgetTokens()
            }
        } else {
            reason = storeProblem ?? "the server answered 401 (it requires an OAuth login)"
        }
        loginReason = reason
        onLoginRequired(reason)
        throw OAuthError.loginRequired(server: server, reason: reason)
    }

    /// The server answered 403. With `insufficient_scope` (MCP basic/authorization#scope-challenge-handling)
    /// the next login asks for the granted scopes plus the challenged ones, and this throws
    /// `loginRequired` saying so (at most `maxStepUps` logins in a row); otherwise it returns and
    /// the 403 is an error like any other.
    func forbidden(headers: [String: String]) throws {
        guard let parsed = DefaultOAuthWWWAuthenticateParser().parseBearer(from: headers),
              parsed.error == "insufficient_scope" else { return }
        challenge = parsed
        let selector = DefaultOAuthScopeSelector()
        let granted = selector.parseScopeString(currentTokens()?.scope ?? "")
        let asked = selector.parseScopeString(parsed.scope ?? "")
        let wanted = selector.serialize(granted.union(asked))
        let key = selector.serialize(asked) ?? ""
        guard stepUps[key, default: 0] < Self.maxStepUps else {
            throw OAuthError.scopeNotGranted(server: server, scope: parsed.scope ?? "", logins: Self.maxStepUps)
        }
        stepUpScope = wanted
        stepUpChallenge = key
        throw OAuthError.loginRequired(server: server, reason: "the call needs scope \"\(parsed.scope ?? "")\"; "
                                       + "log in again to grant it")
    }

    private func currentTokens() -> TokenSet? {
        loadIfNeeded()
        return credentials?.active?.tokens
    }

    private func loadIfNeeded() {
        guard !loaded else { return }
        loaded = true
        do {
            // Tokens issued for another URL (the entry changed) are for another resource.
            if let stored = try store?.load(server: server), stored.resource == endpoint { credentials = stored }
        } catch {
            storeProblem = "\(error)"
        }
    }

    /// One refresh at a time; concurrent requests wait for it. True when the tokens are new.
    private func refreshShared() async -> Bool {
        if let running = refreshTask { return await running.value }
        let task = Task { await self.refresh() }
        refreshTask = task
        let refreshed = await task.value
        refreshTask = nil
        return refreshed
    }

    private func refresh() async -> Bool {
        guard let issuer = credentials?.current, let record = credentials?.issuers[issuer],
              let tokens = record.tokens, let client = record.client, let resource = credentials?.resource else { return false }
        let endpoint = TokenEndpoint(server: server, http: http, now: now)
        do {
            let fresh = try await endpoint.refresh(tokens, resource: resource, client: client, endpoint: record.tokenEndpoint)
            // Still the same login (no /logout or new login meanwhile)?
            guard credentials?.issuers[issuer]?.tokens == tokens else { return currentTokens() != nil }
            credentials?.issuers[issuer]?.tokens = fresh
            refreshProblem = nil
            persist()
            onNotice("refreshed the OAuth token")
            return true
        } catch {
            switch error {
            case .refused(let reason):
                loginReason = "the authorization server refused the refresh token (\(reason))"
                forgetTokens()
                return false
            case .failed(let reason):
                // The network or the server failed: keep the tokens, a later request tries again.
                refreshProblem = "the token could not be refreshed (\(reason))"
                onNotice("the OAuth token could not be refreshed: \(reason); it is tried again on the next request")
                return false
            }
        }
    }

    private func forgetTokens() {
        guard let issuer = credentials?.current else { return }
        credentials?.issuers[issuer]?.tokens = nil
        persist()
    }

    private func persist() {
        guard let store, let credentials else { return }
        do {
            try store.save(credentials)
        } catch {
            onNotice("\(error): the tokens are kept for this run only")
        }
    }

    // MARK: - Logging in

    /// Starts a login: discovery, a client id, the loopback listener and the authorization URL
    /// (with PKCE S256, `state` and `resource`). A login already waiting is replaced.
    func beginLogin() async throws -> String {
        guard mode != .none else {
            throw OAuthError.notApplicable(server: server, reason: "the entry says \"auth\": \"none\"")
        }
        await cancelLogin()
        loadIfNeeded()
        let discovery = AuthorizationDiscovery(server: server, endpoint: endpoint, http: http)
        let discovered = try await discovery.discover(challenge: challenge)
        let issuer = discovered.issuer
        let record = credentials?.issuers[issuer]
        if let clientID = settings?.clientID, let other = credentials?.issuers.first(where: {
            $0.key != issuer && $0.value.client?.kind == .preRegistered && $0.value.client?.id == clientID
        }) {
            // MCP basic/authorization#authorization-server-binding: say so rather than try it elsewhere.
            throw OAuthError.registration(server: server, reason: "the pre-registered client \"\(clientID)\" was used with \(other.key), "
                                          + "but the server now names \(issuer) as its authorization server; register a client there "
                                          + "and update \"oauth\" in the entry")
        }
        let scope = chooseScope(discovered)
        let listener = try await startListener(reusing: record?.client)
        do {
            let client = try await ClientRegistration(server: server, http: http).obtain(
                settings: settings, metadata: discovered.metadata, existing: record?.client,
                redirectURI: listener.redirectURI, scope: scope)
            let pkce = PKCEChallenge()
            let state = PKCEChallenge.randomState()
            guard let authorizationEndpoint = URL(string: discovered.metadata.authorizationEndpoint),
                  let resource = URL(string: discovered.resource), let redirect = URL(string: listener.redirectURI) else {
                throw OAuthError.discovery(server: server, reason: "the authorization endpoint is not a URL")
            }
            let selector = DefaultOAuthScopeSelector()
            let url = try OAuthAuthorizationCodeFlow().buildURL(
                authorizationEndpoint: authorizationEndpoint, resource: resource, redirectURI: redirect,
                clientID: client.id, codeChallenge: pkce.challenge,
                scopes: scope.map { selector.parseScopeString($0) }, state: state, scopeSerializer: selector)
            // Only a web page is ever opened: never a file, a script or another scheme.
            guard AuthorizationDiscovery.isSafeURL(url.absoluteString) else {
                throw OAuthError.discovery(server: server, reason: "the authorization URL is not an https:// URL")
            }
            pending = PendingLogin(discovered: discovered, client: client, pkce: pkce, state: state,
                                   redirectURI: listener.redirectURI, scope: scope, authorizationURL: url.absoluteString)
            self.listener = listener
            return url.absoluteString
        } catch {
            await listener.close()
            throw error
        }
    }

    /// The next redirect the loopback listener received for the login in progress; nil when
    /// there is none (no login, or it was cancelled or replaced).
    func nextRedirect() async -> String? {
        guard let listener else { return nil }
        return await listener.next()
    }

    /// Ends the login in progress with the redirect URL (from the listener, or pasted by the
    /// user): checks it, exchanges the code, stores the tokens. Returns the issuer.
    func completeLogin(redirect: String) async throws -> String {
        guard let login = pending else { throw OAuthError.noLoginInProgress(server: server) }
        pending = nil
        await closeListener()
        let code = try AuthorizationResponse.code(from: redirect, for: login, server: server)
        let tokenEndpoint = TokenEndpoint(server: server, http: http, now: now)
        var tokens = try await tokenEndpoint.exchange(
            code: code, verifier: login.pkce.verifier, redirectURI: login.redirectURI,
            resource: login.discovered.resource, client: login.client, endpoint: login.discovered.metadata.tokenEndpoint)
        if tokens.scope == nil { tokens.scope = login.scope }
        let issuer = login.discovered.issuer
        var next = credentials ?? ServerCredentials(server: server, resource: endpoint)
        next.resource = endpoint
        next.current = issuer
        next.issuers[issuer] = IssuerCredentials(tokenEndpoint: login.discovered.metadata.tokenEndpoint,
                                                 client: login.client, tokens: tokens)
        credentials = next
        loaded = true
        loginReason = nil
        if let key = stepUpChallenge {
            stepUps[key, default: 0] += 1
            stepUpChallenge = nil
            stepUpScope = nil
        }
        guard let store else { return issuer }
        try store.save(next)
        return issuer
    }

    /// Stops waiting for a redirect (the listener closes).
    func cancelLogin() async {
        pending = nil
        await closeListener()
    }

    /// `/logout`: forgets every token and client of this server (the file too), and any login waiting.
    func logout() async throws {
        await cancelLogin()
        credentials = nil
        loaded = true
        challenge = nil
        stepUpScope = nil
        stepUpChallenge = nil
        stepUps = [:]
        storeProblem = nil
        loginReason = "logged out"
        try store?.remove(server: server)
    }

    /// The scope to ask for (MCP basic/authorization#scope-selection-strategy): the entry's
    /// `oauth.scopes`, else a step-up's union, else the challenge's, else the resource's
    /// `scopes_supported`; joined with the scopes granted so far; plus `offline_access` when the authorization server offers it (to be
    /// given a refresh token).
    private func chooseScope(_ discovered: DiscoveredAuthorization) -> String? {
        let selector = DefaultOAuthScopeSelector()
        var scopes: Set<String>?
        if let configured = settings?.scopes, !configured.isEmpty {
            scopes = Set(configured)
        } else if let stepUpScope {
            scopes = selector.parseScopeString(stepUpScope)
        } else {
            scopes = selector.selectScopes(challengeScope: challenge?.scope, scopesSupported: discovered.resourceScopes)
        }
        // Re-authorizing keeps what was granted (MCP: the union with the previous scope set).
        if let granted = currentTokens()?.scope, !granted.isEmpty {
            scopes = (scopes ?? []).union(selector.parseScopeString(granted))
        }
        guard var chosen = scopes, !chosen.isEmpty else { return nil }
        if discovered.metadata.scopesSupported?.contains("offline_access") == true { chosen.insert("offline_access") }
        return selector.serialize(chosen)
    }

    /// The entry's `callbackPort`, else the port a dynamic client was registered with (so it
    /// needs no new registration), else any free one.
    private func startListener(reusing client: ClientCredentials?) async throws -> LoopbackRedirectListener {
        if let port = settings?.callbackPort {
            return try await LoopbackRedirectListener.start(port: port, server: server)
        }
        if let uri = client?.redirectURI, client?.kind == .dynamic, let port = URLComponents(string: uri)?.port,
           let listener = try? await LoopbackRedirectListener.start(port: port, server: server) {
            return listener
        }
        return try await LoopbackRedirectListener.start(port: nil, server: server)
    }

    private func closeListener() async {
        let open = listener
        listener = nil
        await open?.close()
    }
}
