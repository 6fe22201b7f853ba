import Foundation
import XCTest

/// A Python fixture server from `Tests/Fixtures/` that prints its port on its first stdout line.
/// Stopped with SIGKILL: a child of a thread with blocked signals may ignore SIGTERM.
public final class FixtureServer {
    public let process = Process()
    public let port: Int
    public var baseURL: String { "http://127.0.0.1:\(port)" }


    /// The package root: Tests/TestSupport/FixtureServer.swift is three levels down.
    public static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    public init(script: String, arguments: [String] = []) throws {
        let root = Self.packageRoot
        let venvPython = root.appendingPathComponent(".venv/bin/python")
        let python = FileManager.default.isExecutableFile(atPath: venvPython.path) ? venvPython.path : "/usr/bin/python3"
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [root.appendingPathComponent("Tests/Fixtures/\(script)").path] + arguments
        let stdout = Pipe()
        process.standardOutput = stdout
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let more = stdout.fileHandleForReading.availableData
            if more.isEmpty { break }
            line.append(more)
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let port = Int(text) else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw NSError(domain: "FixtureServer", code: 1,
                          userInfo: [NSLocalizedDescriptionKey: "\(script) printed \"\(text)\" instead of a port"])
        }
        self.port = port
    }

    public func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
    }
}
