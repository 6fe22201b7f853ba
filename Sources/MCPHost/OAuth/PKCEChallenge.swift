import Crypto
import Foundation
import MCP

/// One login's PKCE pair (RFC 7636, method S256). The verifier comes from the SDK
/// (`PKCE.makeVerifier`); the challenge is computed here with swift-crypto, because the SDK's
/// `PKCE.makeChallenge` needs CryptoKit, which Linux does not have.
struct PKCEChallenge: Sendable {
    let verifier: String
    let challenge: String

    init(verifier: String = PKCE.makeVerifier()) {
        self.verifier = verifier
        challenge = Self.base64URL(Data(SHA256.hash(data: Data(verifier.utf8))))
    }

    /// Base64url without padding (RFC 7636 appendix A).
    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// A random value for `state` (128 bits, base64url).
    static func randomState() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return base64URL(Data(bytes))
    }
}
