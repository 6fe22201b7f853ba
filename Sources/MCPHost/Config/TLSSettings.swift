import Foundation
import HTTPStreaming

/// The `"tls"` key of a remote entry: a private CA, a client certificate (mutual TLS), or, for
/// development only, no verification at all (shown in the Servers pane and logged at every
/// connect). The same value libcurl takes (`HTTPTLSOptions`); the WebSocket transport reads it too.
public typealias TLSSettings = HTTPTLSOptions

extension HTTPTLSOptions {
    /// What is wrong with the files, checked before anything connects: each must exist, be
    /// readable, and hold what its key says (PEM certificates; a PEM private key). Nil when fine.
    public func problem() -> String? {
        if let caFile, let problem = Self.check(caFile, key: "caFile", expects: .certificate) { return problem }
        if let certFile, let problem = Self.check(certFile, key: "certFile", expects: .certificate) { return problem }
        if let keyFile, let problem = Self.check(keyFile, key: "keyFile", expects: .privateKey) { return problem }
        if keyFile == nil, let certFile, Self.pemBlocks(inFile: certFile).contains(where: Self.isKeyBlock) == false {
            return "\"tls.keyFile\" is missing: \(certFile) holds no private key"
        }
        if keyFile != nil, certFile == nil {
            return "\"tls.keyFile\" needs \"tls.certFile\" (the certificate of that key)"
        }
        return nil
    }

    enum Expected { case certificate, privateKey }

    private static func check(_ path: String, key: String, expects: Expected) -> String? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return "\"tls.\(key)\": \(path) does not exist"
        }
        if isDirectory.boolValue { return "\"tls.\(key)\": \(path) is a directory, not a PEM file" }
        guard FileManager.default.isReadableFile(atPath: path), let data = FileManager.default.contents(atPath: path) else {
            return "\"tls.\(key)\": \(path) cannot be read"
        }
        let blocks = pemBlocks(in: String(decoding: data, as: UTF8.self))
        switch expects {
        case .certificate:
            guard blocks.contains("CERTIFICATE") else {
                return "\"tls.\(key)\": \(path) holds no PEM certificate (-----BEGIN CERTIFICATE-----)"
            }
        case .privateKey:
            guard blocks.contains(where: isKeyBlock) else {
                return blocks.contains("ENCRYPTED PRIVATE KEY")
                    ? "\"tls.\(key)\": \(path) is encrypted; mcpterm needs an unencrypted key (openssl pkey -in … -out …)"
                    : "\"tls.\(key)\": \(path) holds no PEM private key (-----BEGIN PRIVATE KEY-----)"
            }
        }
        return nil
    }

    private static func isKeyBlock(_ label: String) -> Bool {
        label == "PRIVATE KEY" || label == "RSA PRIVATE KEY" || label == "EC PRIVATE KEY"
    }

    /// The labels of the PEM blocks in `text` ("CERTIFICATE", "PRIVATE KEY").
    static func pemBlocks(in text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).compactMap { line in
            guard line.hasPrefix("-----BEGIN "), line.hasSuffix("-----") else { return nil }
            return String(line.dropFirst(11).dropLast(5))
        }
    }

    private static func pemBlocks(inFile path: String) -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return pemBlocks(in: String(decoding: data, as: UTF8.self))
    }
}
