import Crypto
import Foundation

/// What mcpterm keeps of one server's logins, per authorization server (issuer): the client it
/// registered there, the tokens it was given, and the token endpoint to refresh them at.
/// MCP 2025-11-25 basic/authorization#authorization-server-binding: nothing issued by one
/// issuer is used with another.
struct ServerCredentials: Codable, Sendable, Equatable {
    var version = 1
    /// The entry's name and `url` when the tokens were issued: a changed `url` (another
    /// resource) makes them unusable.
    var server: String
    var resource: String
    /// The issuer whose tokens are in use.
    var current: String?
    var issuers: [String: IssuerCredentials] = [:]

    var active: IssuerCredentials? {
        current.flatMap { issuers[$0] }
    }
}

struct IssuerCredentials: Codable, Sendable, Equatable {
    var tokenEndpoint: String
    var client: ClientCredentials?
    var tokens: TokenSet?
}

/// A client id at one authorization server, and how it was obtained.
struct ClientCredentials: Codable, Sendable, Equatable {
    enum Kind: String, Codable, Sendable {
        case preRegistered, metadataDocument, dynamic
    }

    var id: String
    var secret: String?
    /// `none`, `client_secret_basic` or `client_secret_post`.
    var authMethod: String
    var kind: Kind
    /// The redirect URI it was registered with (dynamic registration), so a later login can
    /// listen on the same port and need no new registration.
    var redirectURI: String?
}

/// An access token and what came with it.
struct TokenSet: Codable, Sendable, Equatable {
    var accessToken: String
    var refreshToken: String?
    var expiresAt: Date?
    /// The scopes granted (or asked for, when the server did not say).
    var scope: String?
}

/// The token store: one JSON file per server under `$XDG_STATE_HOME/mcpterm/oauth/`, mode 0600,
/// replaced whole. Tokens are secrets: nothing here is ever logged.
struct OAuthCredentialStore: Sendable {
    /// The directory, e.g. `~/.local/state/mcpterm/oauth`.
    let directory: String

    /// The store in the state directory (`StateDirectory`); nil without one.
    static func standard(environment: [String: String]) -> OAuthCredentialStore? {
        StateDirectory.path(environment: environment).map { OAuthCredentialStore(directory: $0 + "/oauth") }
    }

    /// The file of `server`: its name where that is a safe file name, else a safe part and a hash.
    func path(for server: String) -> String {
        let safe = server.unicodeScalars.map { scalar -> String in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_.".unicodeScalars.contains(scalar))
                ? String(scalar) : "_"
        }.joined()
        var name = String(safe.prefix(64))
        if name != server || name.hasPrefix(".") {
            let digest = SHA256.hash(data: Data(server.utf8)).prefix(6).map { String(format: "%02x", $0) }.joined()
            name += "-" + digest
        }
        return directory + "/" + name + ".json"
    }

    /// The stored credentials of `server`; nil when there are none. A damaged file is an error.
    func load(server: String) throws(OAuthError) -> ServerCredentials? {
        let file = path(for: server)
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch let error as CocoaError where error.code == .fileReadNoSuchFile {
            return nil
        } catch {
            throw .store(path: file, reason: (error as NSError).localizedDescription)
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        guard let credentials = try? decoder.decode(ServerCredentials.self, from: data), credentials.version == 1 else {
            throw .store(path: file, reason: "not the JSON mcpterm writes (delete it, or /logout \(server))")
        }
        return credentials
    }

    func save(_ credentials: ServerCredentials) throws(OAuthError) {
        let file = path(for: credentials.server)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        do {
            let data = try encoder.encode(credentials)
            try PrivateFile.write(data + Data("\n".utf8), to: file)
        } catch let failure as PrivateFileFailure {
            throw .store(path: file, reason: "cannot write: \(failure.reason)")
        } catch {
            throw .store(path: file, reason: "cannot encode: \(error)")
        }
    }

    func remove(server: String) throws(OAuthError) {
        let file = path(for: server)
        do {
            try PrivateFile.remove(file)
        } catch {
            throw .store(path: file, reason: "cannot remove: \(error.reason)")
        }
    }
}
