import Foundation
import HTTPStreaming
import LLM
import XCTest

/// A model that accepts the request and then sends nothing must not hold the turn forever:
/// after the configured idle timeout the stream ends with an error naming the provider and
/// the limit. The fixture is a real loopback server; the 1 s limit is configuration, and the
/// tests assert the error, not how long it took.
final class IdleTimeoutTests: XCTestCase {
    private static let fixture = ProviderFixture(script: "llm_openai_server.py")

    override class func tearDown() {
        fixture.stop()
        super.tearDown()
    }

    private func provider(script: String) throws -> OpenAICompatibleProvider {
        OpenAICompatibleProvider(baseURL: "\(try Self.fixture.baseURL())/v1", apiKey: nil, model: "fixture-model",
                                 extraHeaders: [("X-Fixture-Script", script)], name: "fixture", idleTimeout: 1)
    }

    func testHeadersThenSilenceEndsTheStreamWithTheIdleTimeout() async throws {
        let silent = try provider(script: "silent")
        let (events, error) = await silent.collectUntilError()
        XCTAssertEqual(events, [])
        XCTAssertEqual(error as? ProviderError, .idleTimeout(provider: "fixture", seconds: 1))
        XCTAssertEqual("\(error.map { "\($0)" } ?? "")",
                       "fixture sent nothing for 1 s (the idle timeout): the reply was given up")
    }

    func testNoAnswerAtAllEndsTheStreamWithTheIdleTimeout() async throws {
        let mute = try provider(script: "mute")
        let (_, error) = await mute.collectUntilError()
        XCTAssertEqual(error as? ProviderError, .idleTimeout(provider: "fixture", seconds: 1))
    }

    func testTheDefaultIsTwoMinutes() {
        XCTAssertEqual(ProviderError.defaultIdleTimeout, 120)
        XCTAssertEqual(HTTPError.idleReason(seconds: 120), "no data for 120 s")
        XCTAssertEqual(HTTPError.idleReason(seconds: 0.5), "no data for 0.5 s")
    }
}
