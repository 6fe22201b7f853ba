import Foundation
import LLM
import XCTest

/// Streams against `Tests/Fixtures/llm_anthropic_server.py`, which answers the script named in
/// the `X-Fixture-Script` header with real Messages-API server-sent events and records each request.
final class AnthropicProviderTests: XCTestCase {
    private static let fixture = ProviderFixture(script: "llm_anthropic_server.py")

    override class func tearDown() {
        fixture.stop()
        super.tearDown()
    }

    private func provider(script: String, apiKey: String? = "sk-ant-test-key") throws -> AnthropicProvider {
        AnthropicProvider(baseURL: try Self.fixture.baseURL(), apiKey: apiKey, model: "fixture-model",
                          extraHeaders: [("X-Fixture-Script", script)], name: "fixture")
    }

    func testTextDeltasWithCJKSplitAcrossWritesIgnoringThinkingPingAndUnknownEvents() async throws {
        let events = try await provider(script: "text_cjk").collect()
        // Cached prompt tokens count as prompt tokens: 20 + 5 read + 0 created.
        XCTAssertEqual(events, [.text("你好"), .text(", world"), .finish(reason: "stop"), .usage(prompt: 25, completion: 7)])
    }

    func testToolUseBlocksAreAssembledFromPartialJSONSplitAcrossChunks() async throws {
        let events = try await provider(script: "tool_use").collect()
        XCTAssertEqual(events, [
            .text("Let me check."),
            .toolCall(ToolCall(id: "toolu_a", name: "get_weather", arguments: #"{"city": "東京", "units": "metric"}"#)),
            .toolCall(ToolCall(id: "toolu_b", name: "list_files", arguments: "{}")),
            .finish(reason: "tool_calls"),
            .usage(prompt: 25, completion: 42),
        ])
    }

    func testMaxTokensStopReasonBecomesLength() async throws {
        let events = try await provider(script: "max_tokens").collect()
        XCTAssertEqual(events, [.text("cut"), .finish(reason: "length"), .usage(prompt: 25, completion: 3)])
    }

    func testUnauthorizedNamesProviderStatusAndTypeWithoutTheKey() async throws {
        do {
            _ = try await provider(script: "unauthorized").collect()
            XCTFail("expected an API error")
        } catch let error as ProviderError {
            XCTAssertEqual(error, .api(status: 401, message: "authentication_error: invalid x-api-key [API key]", provider: "fixture"))
            XCTAssertEqual(error.description, "fixture error (HTTP 401): authentication_error: invalid x-api-key [API key]")
            XCTAssertFalse(error.description.contains("sk-ant-test-key"))
        }
    }

    func testErrorEventInsideStreamBecomesAPIErrorAfterEarlierText() async throws {
        let (events, error) = try await provider(script: "stream_error").collectUntilError()
        XCTAssertEqual(error as? ProviderError, .api(status: 200, message: "overloaded_error: Overloaded", provider: "fixture"))
        XCTAssertEqual(events, [.text("partial")])
    }

    func testStreamCutBeforeStopReasonIsBadStream() async throws {
        let (_, error) = try await provider(script: "truncated").collectUntilError()
        XCTAssertBadStream(error, naming: "fixture")
    }

    func testRequestBodyHasTopLevelSystemToolsAndToolResultRoundTrip() async throws {
        let schema = Data(#"{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"#.utf8)
        let request = ChatRequest(
            model: "",
            messages: [
                .system("You are terse."),
                .user("Weather in Paris and Rome?"),
                .assistant("Checking both.", toolCalls: [
                    ToolCall(id: "toolu_1", name: "get_weather", arguments: #"{"city":"Paris"}"#),
                    ToolCall(id: "toolu_2", name: "get_weather", arguments: #"{"city":"Rome"}"#),
                ]),
                .tool(id: "toolu_1", content: "18°C"),
                .tool(id: "toolu_2", content: "Error: timed out"),
                .assistant("Paris is 18°C; Rome timed out."),
                .user("Thanks"),
            ],
            tools: [ToolSpec(name: "get_weather", description: "Current weather", parametersJSON: schema)],
            temperature: 0.25)
        _ = try await provider(script: "text_cjk").collect(request)

        let recorded = try await Self.fixture.lastRequest()
        let expected = try JSONSerialization.jsonObject(with: Data(#"""
        {
          "model": "fixture-model",
          "max_tokens": 8192,
          "stream": true,
          "temperature": 0.25,
          "system": "You are terse.",
          "messages": [
            {"role": "user", "content": [{"type": "text", "text": "Weather in Paris and Rome?"}]},
            {"role": "assistant", "content": [
              {"type": "text", "text": "Checking both."},
              {"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {"city": "Paris"}},
              {"type": "tool_use", "id": "toolu_2", "name": "get_weather", "input": {"city": "Rome"}}]},
            {"role": "user", "content": [
              {"type": "tool_result", "tool_use_id": "toolu_1", "content": "18°C"},
              {"type": "tool_result", "tool_use_id": "toolu_2", "content": "Error: timed out"}]},
            {"role": "assistant", "content": [{"type": "text", "text": "Paris is 18°C; Rome timed out."}]},
            {"role": "user", "content": [{"type": "text", "text": "Thanks"}]}
          ],
          "tools": [{"name": "get_weather", "description": "Current weather",
                     "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}]
        }
        """#.utf8))
        XCTAssertEqual(recorded["body"] as? NSDictionary, expected as? NSDictionary)
        let headers = try XCTUnwrap(recorded["headers"] as? [String: String])
        XCTAssertEqual(headers["x-api-key"], "sk-ant-test-key")
        XCTAssertEqual(headers["anthropic-version"], "2023-06-01")
        XCTAssertEqual(headers["content-type"], "application/json")
        XCTAssertNil(headers["authorization"], "Anthropic authenticates with x-api-key, not a bearer token")
    }

    func testToolOnlyTurnAndMalformedArgumentsStillMakeAValidHistory() async throws {
        let request = ChatRequest(model: "claude-other", messages: [
            .user("list"),
            .assistant("", toolCalls: [ToolCall(id: "toolu_9", name: "list_files", arguments: "{not json")]),
            .tool(id: "toolu_9", content: "Error: arguments are not valid JSON"),
        ], maxTokens: 100)
        _ = try await provider(script: "text_cjk", apiKey: nil).collect(request)
        let recorded = try await Self.fixture.lastRequest()
        let body = try XCTUnwrap(recorded["body"] as? [String: Any])
        XCTAssertEqual(body["model"] as? String, "claude-other", "the request's model overrides the provider's")
        XCTAssertEqual(body["max_tokens"] as? Int, 100)
        XCTAssertNil(body["system"])
        XCTAssertNil(body["tools"])
        let messages = try XCTUnwrap(body["messages"] as? [[String: Any]])
        let assistant = try XCTUnwrap(messages[1]["content"] as? [[String: Any]])
        XCTAssertEqual(assistant.count, 1, "no empty text block")
        XCTAssertEqual(assistant[0]["type"] as? String, "tool_use")
        XCTAssertEqual(assistant[0]["input"] as? NSDictionary, [:] as NSDictionary)
        let headers = try XCTUnwrap(recorded["headers"] as? [String: String])
        XCTAssertNil(headers["x-api-key"])
    }

    func testBaseURLEndingInV1IsNotDoubled() {
        XCTAssertEqual(AnthropicProvider(baseURL: "https://proxy.example/v1/", apiKey: nil, model: "m").messagesURL,
                       "https://proxy.example/v1/messages")
        XCTAssertEqual(AnthropicProvider(apiKey: nil, model: "m").messagesURL, "https://api.anthropic.com/v1/messages")
    }

    func testDroppingTheStreamCancelsTheHTTPRequest() async throws {
        let first = try await provider(script: "hang").firstEvent()
        XCTAssertEqual(first, .text("thinking"))
        let gone = try await Self.fixture.hangingClientIsGone()
        XCTAssertTrue(gone, "the server would send pings forever to a live client")
    }

    func testListsTheModelsWithTheKeyAndVersionHeaders() async throws {
        let names = try await provider(script: "text_cjk").listModels()
        XCTAssertEqual(names, ["claude-sonnet-4-5", "claude-haiku-4-5"])
        let get = try await Self.fixture.lastGet()
        XCTAssertEqual(get["path"] as? String, "/v1/models?limit=1000")
        let headers = get["headers"] as? [String: String]
        XCTAssertEqual(headers?["x-api-key"], "sk-ant-test-key")
        XCTAssertEqual(headers?["anthropic-version"], AnthropicProvider.apiVersion)
    }
}
