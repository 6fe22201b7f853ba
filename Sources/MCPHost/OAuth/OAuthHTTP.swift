import Foundation
import HTTPStreaming

/// The few plain requests a login makes (metadata, registration, tokens) over the same libcurl
/// client as the MCP traffic: every status comes back with its body (at most 1 MiB), so the
/// caller can tell a missing document (404) from a refusal it must explain.
struct OAuthHTTP: Sendable {
    static let bodyLimit = 1 << 20

    let client: HTTPClient
    /// TLS for requests to the MCP server itself (its well-known documents).
    let resourceTLS: HTTPTLSOptions?
    /// TLS for requests to the authorization server: the private CA and the verification
    /// choice of the entry, but never its client certificate (meant for the MCP server only).
    var authorizationServerTLS: HTTPTLSOptions? {
        guard let tls = resourceTLS else { return nil }
        return HTTPTLSOptions(caFile: tls.caFile, insecure: tls.insecure)
    }

    struct Response: Sendable {
        var status: Int
        var headers: [String: String]
        var body: Data
    }

    func get(_ url: String, toResource: Bool) async throws -> Response {
        var request = HTTPRequest(url: url, method: "GET", headers: [("Accept", "application/json")])
        return try await send(&request, toResource: toResource)
    }

    /// An `application/x-www-form-urlencoded` POST; `basic` sends client credentials as HTTP Basic
    /// (RFC 6749 §2.3.1: both parts form-encoded first).
    func postForm(_ url: String, fields: [(String, String)], basic: (id: String, secret: String)? = nil) async throws -> Response {
        var request = HTTPRequest(url: url, method: "POST", headers: [
            ("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json"),
        ])
        if let basic {
            let pair = Self.formEncode(basic.id) + ":" + Self.formEncode(basic.secret)
            request.headers.append(("Authorization", "Basic " + Data(pair.utf8).base64EncodedString()))
        }
        request.body = Data(Self.form(fields).utf8)
        return try await send(&request, toResource: false)
    }

    func postJSON(_ url: String, body: Data) async throws -> Response {
        var request = HTTPRequest(url: url, method: "POST", headers: [
            ("Content-Type", "application/json"), ("Accept", "application/json"),
        ])
        request.body = body
        return try await send(&request, toResource: false)
    }

    private func send(_ request: inout HTTPRequest, toResource: Bool) async throws -> Response {
        request.passedStatuses = Set(400..<600)
        request.connectTimeout = 10
        request.totalTimeout = 30
        request.tls = toResource ? resourceTLS : authorizationServerTLS
        let (head, stream) = try await client.stream(request)
        var body = Data()
        for try await chunk in stream {
            body.append(chunk)
            if body.count > Self.bodyLimit {
                throw HTTPError.transfer(url: HTTPTransportError.redacted(request.url),
                                         reason: "the answer is larger than \(Self.bodyLimit) bytes")
            }
        }
        return Response(status: head.status, headers: head.headers, body: body)
    }

    /// `a=1&b=two%20words`: form encoding (RFC 6749 appendix B), keys in the order given.
    static func form(_ fields: [(String, String)]) -> String {
        fields.map { formEncode($0.0) + "=" + formEncode($0.1) }.joined(separator: "&")
    }

    static func formEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        // Only ASCII letters and digits stay as they are.
        return text.unicodeScalars.map { scalar -> String in
            if scalar.isASCII, allowed.contains(scalar) { return String(scalar) }
            return String(scalar).utf8.map { String(format: "%%%02X", $0) }.joined()
        }.joined()
    }
}
