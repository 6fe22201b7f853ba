import Foundation

/// Where a host keeps OAuth tokens and what time it is for them (tests pass a temporary
/// directory and a clock they move).
public struct AuthorizationEnvironment: Sendable {
    /// The directory of the token files; nil keeps tokens in memory only (no state directory).
    public var storeDirectory: String?
    public var now: @Sendable () -> Date

    public init(storeDirectory: String?, now: @escaping @Sendable () -> Date = { Date() }) {
        self.storeDirectory = storeDirectory
        self.now = now
    }

    /// `$XDG_STATE_HOME/mcpterm/oauth` (else `~/.local/state/mcpterm/oauth`) and the system clock.
    public static var system: AuthorizationEnvironment {
        AuthorizationEnvironment(storeDirectory: OAuthCredentialStore.standard(
            environment: ProcessInfo.processInfo.environment)?.directory)
    }

    var store: OAuthCredentialStore? { storeDirectory.map(OAuthCredentialStore.init(directory:)) }
}
