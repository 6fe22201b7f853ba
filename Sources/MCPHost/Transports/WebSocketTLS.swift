import NIOSSL

extension TLSSettings {
    /// The settings as swift-nio-ssl takes them, for `wss://`: the CA file as the only trust
    /// roots, the client certificate chain and key, or no verification. A file that cannot be
    /// loaded is named with what NIOSSL said about it.
    func nioConfiguration(server: String) throws -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let caFile {
            configuration.trustRoots = .certificates(try Self.load("caFile", caFile, server: server) {
                try NIOSSLCertificate.fromPEMFile(caFile)
            })
        }
        if let certFile {
            let chain = try Self.load("certFile", certFile, server: server) { try NIOSSLCertificate.fromPEMFile(certFile) }
            configuration.certificateChain = chain.map { .certificate($0) }
            let keyPath = keyFile ?? certFile
            configuration.privateKey = .privateKey(try Self.load(keyFile == nil ? "certFile" : "keyFile", keyPath, server: server) {
                try NIOSSLPrivateKey(file: keyPath, format: .pem)
            })
        }
        if insecure { configuration.certificateVerification = .none }
        return configuration
    }

    private static func load<T>(_ key: String, _ path: String, server: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw WebSocketTransportError.tlsSetup(server: server, reason: "\"tls.\(key)\": \(path) cannot be used: \(error)")
        }
    }
}
