import Foundation

/// One HTTP request as `HTTPClient` sends it: method, URL, headers, optional body and timeouts.
public struct HTTPRequest: Sendable {
    public var url: String
    /// `GET`, `POST`, `DELETE` (any other verb is sent as a custom request).
    public var method: String
    /// Sent in order; a name may repeat.
    public var headers: [(String, String)]
    public var body: Data?
    /// Seconds to establish the connection (TCP and TLS).
    public var connectTimeout: Double = 10
    /// Seconds without receiving a byte after which the request fails; `nil` waits forever
    /// (a server-sent event stream may legitimately be quiet for minutes).
    public var idleTimeout: Double?
    /// Seconds for the whole request, body included; `nil` for no limit.
    public var totalTimeout: Double?
    /// Error statuses whose head is returned like a success, with the body streamed, instead of
    /// being thrown as `HTTPError.status`: a caller that needs the headers of, say, a 401
    /// (`WWW-Authenticate`) names it here.
    public var passedStatuses: Set<Int> = []
    /// TLS settings of this request (a private CA, a client certificate, or no verification).
    public var tls: HTTPTLSOptions?

    public init(url: String, method: String = "GET", headers: [(String, String)] = [], body: Data? = nil) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
    }
}
