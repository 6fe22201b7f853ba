/// How one request's TLS is set up, as libcurl takes it: a CA bundle to verify the server with
/// (instead of the system's), a client certificate and key (mutual TLS), or no verification.
public struct HTTPTLSOptions: Sendable, Equatable {
    /// PEM file of the certificates that may sign the server's (CURLOPT_CAINFO).
    public var caFile: String?
    /// PEM client certificate (CURLOPT_SSLCERT); its key in `keyFile`, or in the same file.
    public var certFile: String?
    /// PEM private key of the client certificate (CURLOPT_SSLKEY).
    public var keyFile: String?
    /// Skips the server's certificate and host name checks (CURLOPT_SSL_VERIFYPEER/VERIFYHOST 0).
    public var insecure: Bool

    public init(caFile: String? = nil, certFile: String? = nil, keyFile: String? = nil, insecure: Bool = false) {
        self.caFile = caFile
        self.certFile = certFile
        self.keyFile = keyFile
        self.insecure = insecure
    }
}
