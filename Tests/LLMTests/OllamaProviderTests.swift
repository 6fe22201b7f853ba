import Foundation
import LLM
import XCTest

/// Streams against `Tests/Fixtures/llm_ollama_server.py`, which answers the script named in the
/// `X-Fixture-Script` header with Ollama's NDJSON chunks and records each request.
final class OllamaProviderTests: XCTestCase {
    private static let fixture = ProviderFixture(script: "llm_ollama_server.py")

    override class func tearDown() {
        fixture.stop()
        super.tearDown()
    }

    private func provider(script: String, apiKey: String? = nil) throws -> OllamaProvider {
        OllamaProvider(baseURL: try Self.fixture.baseURL(), model: "fixture-model", apiKey: apiKey,
                       extraHeaders: [("X-Fixture-Script", script)], name: "fixture")
    }

    func testTextChunksWithCJKSplitAcrossWritesIgnoringThinking() async throws {
        let events = try await provider(script: "text_cjk").collect()
        XCTAssertEqual(events, [.text("你好"), .text(", world"), .finish(reason: "stop"), .usage(prompt: 26, completion: 4)])
    }

    func testToolCallsInLinesSplitAcrossWritesBecomeCallsWithJSONArguments() async throws {
        let events = try await provider(script: "tool_calls").collect()
        XCTAssertEqual(events, [
            .text("Checking."),
            .toolCall(ToolCall(id: "call_x1", name: "get_weather",
                               arguments: #"{"city":"東京","days":3,"metric":true,"where":{"lat":35.5}}"#)),
            .toolCall(ToolCall(id: "call_1", name: "list_files", arguments: "{}")),
            .finish(reason: "tool_calls"),
            .usage(prompt: 80, completion: 31),
        ])
    }

    func testLengthDoneReasonPassesThrough() async throws {
        let events = try await provider(script: "length").collect()
        XCTAssertEqual(events, [.text("cut"), .finish(reason: "length"), .usage(prompt: 5, completion: 1)])
    }

    func testModelNotFoundNamesProviderStatusAndMessage() async throws {
        do {
            _ = try await provider(script: "not_found").collect(ChatRequest(model: "nope", messages: [.user("hi")]))
            XCTFail("expected an API error")
        } catch let error as ProviderError {
            XCTAssertEqual(error.description, #"fixture error (HTTP 404): model "nope" not found, try pulling it first"#)
        }
    }

    func testRejectedKeyIsNotEchoedInTheError() async throws {
        do {
            _ = try await provider(script: "unauthorized", apiKey: "ollama-secret-key").collect()
            XCTFail("expected an API error")
        } catch let error as ProviderError {
            XCTAssertEqual(error, .api(status: 401, message: "unauthorized: Bearer [API key]", provider: "fixture"))
        }
    }

    func testErrorLineInsideStreamBecomesAPIErrorAfterEarlierText() async throws {
        let (events, error) = try await provider(script: "stream_error").collectUntilError()
        XCTAssertEqual(error as? ProviderError,
                       .api(status: 200, message: "an error was encountered while running the model: unexpected EOF", provider: "fixture"))
        XCTAssertEqual(events, [.text("partial")])
    }

    func testStreamCutBeforeDoneIsBadStreamAfterTheLastUnterminatedLine() async throws {
        let (events, error) = try await provider(script: "truncated").collectUntilError()
        XCTAssertEqual(events, [.text("cut"), .text(" off")])
        XCTAssertBadStream(error, naming: "fixture")
    }

    func testRequestBodyHasToolsOptionsAndToolResultsNamingTheirTool() async throws {
        let schema = Data(#"{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"#.utf8)
        let request = ChatRequest(
            model: "",
            messages: [
                .system("You are terse."),
                .user("Weather in Paris?"),
                .assistant("", toolCalls: [ToolCall(id: "call_0", name: "get_weather", arguments: #"{"city":"Paris"}"#)]),
                .tool(id: "call_0", content: "18°C"),
                .assistant("18°C."),
                .user("And Rome?"),
                .assistant("", toolCalls: [ToolCall(id: "call_0", name: "get_forecast", arguments: #"{"city":"Rome"}"#)]),
                .tool(id: "call_0", content: "20°C"),
            ],
            tools: [ToolSpec(name: "get_weather", description: "Current weather", parametersJSON: schema)],
            temperature: 0.25, maxTokens: 100)
        _ = try await provider(script: "text_cjk").collect(request)

        let recorded = try await Self.fixture.lastRequest()
        let expected = try JSONSerialization.jsonObject(with: Data(#"""
        {
          "model": "fixture-model",
          "stream": true,
          "options": {"temperature": 0.25, "num_predict": 100},
          "messages": [
            {"role": "system", "content": "You are terse."},
            {"role": "user", "content": "Weather in Paris?"},
            {"role": "assistant", "content": "", "tool_calls": [{"function": {"name": "get_weather", "arguments": {"city": "Paris"}}}]},
            {"role": "tool", "content": "18°C", "tool_name": "get_weather"},
            {"role": "assistant", "content": "18°C."},
            {"role": "user", "content": "And Rome?"},
            {"role": "assistant", "content": "", "tool_calls": [{"function": {"name": "get_forecast", "arguments": {"city": "Rome"}}}]},
            {"role": "tool", "content": "20°C", "tool_name": "get_forecast"}
          ],
          "tools": [{"type": "function", "function": {"name": "get_weather", "description": "Current weather",
            "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}]
        }
        """#.utf8))
        XCTAssertEqual(recorded["body"] as? NSDictionary, expected as? NSDictionary)
        let headers = try XCTUnwrap(recorded["headers"] as? [String: String])
        XCTAssertEqual(headers["content-type"], "application/json")
        XCTAssertNil(headers["authorization"], "a local Ollama needs no key")
    }

    func testWithoutToolsOrOptionsNeitherIsSent() async throws {
        _ = try await provider(script: "text_cjk").collect(ChatRequest(model: "other-model", messages: [.user("hi")]))
        let recorded = try await Self.fixture.lastRequest()
        let body = try XCTUnwrap(recorded["body"] as? [String: Any])
        XCTAssertNil(body["tools"])
        XCTAssertNil(body["options"])
        XCTAssertEqual(body["model"] as? String, "other-model", "the request's model overrides the provider's")
    }

    func testBaseURLEndingInAPIIsNotDoubled() {
        XCTAssertEqual(OllamaProvider(baseURL: "http://gpu-box:11434/api/", model: "m").chatURL, "http://gpu-box:11434/api/chat")
        XCTAssertEqual(OllamaProvider(model: "m").chatURL, "http://127.0.0.1:11434/api/chat")
    }

    func testDroppingTheStreamCancelsTheHTTPRequest() async throws {
        let first = try await provider(script: "hang").firstEvent()
        XCTAssertEqual(first, .text("thinking"))
        let gone = try await Self.fixture.hangingClientIsGone()
        XCTAssertTrue(gone, "the server would stream chunks forever to a live client")
    }

    func testListsThePulledModels() async throws {
        let names = try await provider(script: "text_cjk").listModels()
        XCTAssertEqual(names, ["llama3.2:latest", "qwen2.5:7b"])
        let get = try await Self.fixture.lastGet()
        XCTAssertEqual(get["path"] as? String, "/api/tags")
    }
}
