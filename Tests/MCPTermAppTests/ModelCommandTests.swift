import ChatCore
import LLM
import MCPHost
@testable import MCPTermApp
import TestSupport
import XCTest

/// `/model` in the running session, and the local Ollama found when nothing is configured.
final class ModelCommandTests: XCTestCase {
    private static let local = ModelDescription(provider: .ollama, model: "qwen3", baseURL: "http://127.0.0.1:11434",
                                                profile: "local", maxTokens: 500)

    private func start() -> LoopHarness {
        LoopHarness(width: 100, height: 30, configure: { state in
            state.profiles = [ProfileChoice(name: "local", model: .success(Self.local)),
                              ProfileChoice(name: "broken", model: .failure(ModelProblem("ANTHROPIC_API_KEY is not set")))]
        })
    }

    private func lastRequest(_ app: LoopHarness) -> ChatRequest? {
        app.effects.reversed().lazy.compactMap { effect -> ChatRequest? in
            if case .streamChat(_, let request) = effect { return request }
            return nil
        }.first
    }

    func testListThenSwitchByNameAndByProfileKeepingTheConversation() throws {
        let app = start()
        app.type("/model")
        app.key(.enter)
        XCTAssertEqual(app.effects.filter { $0 == .listModels }.count, 1)
        XCTAssertTrue(app.screen.contains(" • Model: openai/m"), app.screenText)
        XCTAssertTrue(app.screen.contains(" • Profiles: local (ollama/qwen3), broken (unusable: ANTHROPIC_API_KEY is not set)"),
                      app.screenText)
        app.step(.modelsListed(.success(["gpt-4o", "m"])))
        XCTAssertTrue(app.screen.contains(" • openai offers 2 models: gpt-4o, m"), app.screenText)

        app.type("/model gpt-4o")
        app.key(.enter)
        let switched = ModelDescription(provider: .openai, model: "gpt-4o", baseURL: "http://127.0.0.1:1/v1")
        XCTAssertEqual(app.effects.last, .useModel(switched))
        XCTAssertTrue(app.screen.last?.contains("openai/gpt-4o") ?? false, "the status bar: \(app.screen.last ?? "")")

        app.type("こんにちは")
        app.key(.enter)
        XCTAssertEqual(lastRequest(app)?.model, "gpt-4o")
        let first = app.effects.reversed().lazy.compactMap { effect -> Int? in
            if case .streamChat(let turn, _) = effect { return turn }
            return nil
        }.first ?? 0
        app.step(.stream(turn: first, .text("やあ")))
        app.type("/model local")
        app.key(.enter)
        XCTAssertTrue(app.screenText.contains("A reply is in progress: press Esc first, then /model local."), app.screenText)
        app.step(.streamEnded(turn: first, error: nil))

        app.type("/model local")
        app.key(.enter)
        XCTAssertEqual(app.effects.last, .useModel(Self.local))
        XCTAssertTrue(app.screenText.contains("Now talking to ollama/qwen3 (profile local)"), app.screenText)
        XCTAssertTrue(app.screen.contains(" Assistant · gpt-4o"), "an earlier reply keeps its model: \(app.screenText)")
        app.type("続けて")
        app.key(.enter)
        let request = try XCTUnwrap(lastRequest(app))
        XCTAssertEqual(request.model, "qwen3")
        XCTAssertEqual(request.maxTokens, 500, "the profile's maxTokens goes with each request")
        XCTAssertEqual(request.messages.filter { $0.role != .system }.map(\.content), ["こんにちは", "やあ", "続けて"],
                       "the conversation goes with the new model")

        let turn = app.effects.reversed().lazy.compactMap { effect -> Int? in
            if case .streamChat(let turn, _) = effect { return turn }
            return nil
        }.first
        app.step(.streamEnded(turn: try XCTUnwrap(turn), error: nil))
        app.type("/model broken")
        app.key(.enter)
        XCTAssertTrue(app.screenText.contains("/model broken: ANTHROPIC_API_KEY"), app.screenText)
    }

    func testAnOllamaFoundAtStartIsUsedOnlyWhenNothingElseIs() {
        let app = LoopHarness(model: nil, width: 100, height: 30)
        let found = ModelDescription(provider: .ollama, model: "llama3.2:latest", baseURL: "http://127.0.0.1:11434")
        app.step(.modelDetected(.success(found)))
        XCTAssertEqual(app.loop.state.model, found)
        XCTAssertEqual(app.effects.last, .useModel(found))
        XCTAssertTrue(app.screenText.contains("found Ollama at http://127.0.0.1:11434: talking to llama3.2:latest"),
                      app.screenText)

        let none = LoopHarness(model: nil, width: 100, height: 30)
        none.step(.modelDetected(.failure(ModelProblem("connection refused"))))
        XCTAssertNil(none.loop.state.model)
        XCTAssertTrue(none.screenText.contains("No model configured"), none.screenText)
        XCTAssertTrue(none.loop.state.log.contains { $0.message == "no local Ollama: connection refused" })
    }

    func testOllamaDetectionAsksTheServerAndTakesTheFirstModelOrTheNamedOne() async throws {
        let fixture = try FixtureServer(script: "llm_ollama_server.py")
        defer { fixture.stop() }
        let found = try await OllamaDetection.detect(environment: ["OLLAMA_HOST": fixture.baseURL]).get()
        XCTAssertEqual(found, ModelDescription(provider: .ollama, model: "llama3.2:latest", baseURL: fixture.baseURL))
        let named = try await OllamaDetection.detect(environment: ["OLLAMA_HOST": fixture.baseURL,
                                                                   "MCPTERM_MODEL": "qwen2.5:7b"]).get()
        XCTAssertEqual(named.model, "qwen2.5:7b")
        // Nobody listening: a failure, quickly (the probe gives up after 300 ms at most).
        let port = fixture.port
        fixture.stop()
        guard case .failure(let problem) = await OllamaDetection.detect(environment: ["OLLAMA_HOST": "127.0.0.1:\(port)"])
        else { return XCTFail("a closed port must not be taken for Ollama") }
        XCTAssertTrue(problem.message.hasPrefix("http://127.0.0.1:\(port):"), problem.message)
    }
}
