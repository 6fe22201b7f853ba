import ChatCore
import Foundation
import LLM
import MCPHost
@testable import MCPTermApp
import TestSupport
import XCTest

/// The app's side of the model idle timeout: the limit given on the command line reaches the
/// provider, and a model that answers the head and then nothing ends the turn with an error
/// that names the provider, the limit and the flag. Real loopback server; the 1 s limit is
/// configuration, the test asserts the outcome, not the time.
final class IdleTimeoutAppTests: XCTestCase {
    private var model: FixtureServer?

    override func tearDown() {
        model?.stop()
        super.tearDown()
    }

    func testASilentModelEndsTheTurnWithAnErrorNamingProviderAndLimit() async throws {
        let model = try FixtureServer(script: "llm_openai_server.py", arguments: ["silent"])
        self.model = model
        let description = ModelDescription(provider: .openai, model: "m", baseURL: "\(model.baseURL)/v1")
        let provider = ProviderSettings.makeProvider(description, environment: [:], idleTimeout: 1)
        let host = ServerHost(configs: [], clientVersion: "test")
        let (events, continuation) = AsyncStream<AppEvent>.makeStream()
        let runner = EffectRunner(events: continuation, host: host, provider: provider)

        var state = AppState(agent: AgentLoop(), model: description, width: 100, height: 30)
        for c in "hi" { _ = AppReducer.reduce(&state, .key(.char(c))) }
        for effect in AppReducer.reduce(&state, .key(.enter)) { runner.run(effect) }
        XCTAssertEqual(state.agent.phase, .streaming)
        for await event in events {
            runner.finished(event)
            for effect in AppReducer.reduce(&state, event) { runner.run(effect) }
            if state.agent.phase == .idle { break }
        }
        XCTAssertEqual(state.agent.transcript.last, .error(
            "openai-compatible sent nothing for 1 s (the idle timeout): the reply was given up (--idle-timeout SECONDS changes the limit)"))
        runner.cancelAll()
        await host.shutdown()
    }
}
