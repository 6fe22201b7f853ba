import Foundation
import HTTPStreaming
import TestSupport
import XCTest

/// A loopback LLM API fixture (`Tests/Fixtures/llm_*_server.py`) shared by one test class:
/// started on first use, stopped in the class's `tearDown`. A failed start fails each test
/// that asks for its URL, with the reason.
final class ProviderFixture: @unchecked Sendable {
    // Unchecked: both are set once in init; the server is stopped once, from class tearDown.
    private let server: FixtureServer?
    private let startError: Error?

    init(script: String) {
        do {
            server = try FixtureServer(script: script)
            startError = nil
        } catch {
            server = nil
            startError = error
        }
    }

    func baseURL() throws -> String {
        if let startError { throw startError }
        return try XCTUnwrap(server).baseURL
    }

    /// The last request the fixture received: `headers` (names lower-cased) and `body` (its JSON).
    func lastRequest() async throws -> [String: Any] {
        let (_, data) = try await HTTPClient.shared.send(HTTPRequest(url: "\(try baseURL())/last-request"))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// The last GET of the model list: `path` and `headers` (names lower-cased).
    func lastGet() async throws -> [String: Any] {
        let (_, data) = try await HTTPClient.shared.send(HTTPRequest(url: "\(try baseURL())/last-get"))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Whether the client of the "hang" script went away; the fixture waits up to 10 s for it,
    /// streaming to the client all along.
    func hangingClientIsGone() async throws -> Bool {
        let (_, answer) = try await HTTPClient.shared.send(HTTPRequest(url: "\(try baseURL())/hang-ended"))
        return String(decoding: answer, as: UTF8.self) == "gone"
    }

    func stop() {
        server?.stop()
    }
}
