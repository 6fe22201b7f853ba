import Foundation
import HTTPStreaming
import LLM
import XCTest

/// Streams against `Tests/Fixtures/llm_openai_server.py`, which answers the script named in the
/// `X-Fixture-Script` header with real OpenAI-format SSE and records each request.
final class OpenAICompatibleProviderTests: XCTestCase {
    private static let fixture = ProviderFixture(script: "llm_openai_server.py")

    override class func tearDown() {
        fixture.stop()
        super.tearDown()
    }

    private func provider(script: String, apiKey: String? = "sk-test") throws -> OpenAICompatibleProvider {
        OpenAICompatibleProvider(baseURL: "\(try Self.fixture.baseURL())/v1/", apiKey: apiKey, model: "fixture-model",
                                 extraHeaders: [("X-Fixture-Script", script)], name: "fixture")
    }

    func testTextDeltasWithCJKCharacterSplitAcrossWritesGiveExactText() async throws {
        let events = try await provider(script: "text_cjk").collect()
        // The role-only first delta and DeepSeek's reasoning_content produce no text.
        XCTAssertEqual(events, [.text("你好"), .text(", world"), .finish(reason: "stop"), .usage(prompt: 12, completion: 3)])
        let text = events.compactMap { if case .text(let t) = $0 { t } else { nil } }.joined()
        XCTAssertEqual(text, "你好, world")
    }

    func testInterleavedToolCallFragmentsAreAssembledByIndex() async throws {
        let events = try await provider(script: "tool_calls").collect()
        XCTAssertEqual(events, [
            .toolCall(ToolCall(id: "call_a", name: "get_weather", arguments: "{\"city\": \"Paris\"}")),
            .toolCall(ToolCall(id: "call_b", name: "search_docs", arguments: "{\"q\": \"swift 6\"}")),
            .finish(reason: "tool_calls"),
        ])
    }

    func testUnauthorizedBecomesAPIErrorWithServerMessageAndTheKeyHidden() async throws {
        do {
            _ = try await provider(script: "unauthorized").collect()
            XCTFail("expected an API error")
        } catch let error as ProviderError {
            XCTAssertEqual(error, .api(
                status: 401,
                message: "Incorrect API key provided: [API key]. You can find your API key at https://example.invalid.",
                provider: "fixture"))
            XCTAssertTrue(error.description.contains("fixture error (HTTP 401)"), error.description)
        }
    }

    func testErrorObjectInsideStreamBecomesAPIErrorAfterEarlierText() async throws {
        let (events, error) = try await provider(script: "stream_error").collectUntilError()
        XCTAssertEqual(error as? ProviderError, .api(status: 200, message: "model overloaded", provider: "fixture"))
        XCTAssertEqual(events, [.text("partial")])
    }

    func testStreamCutBeforeFinishIsBadStream() async throws {
        let (_, error) = try await provider(script: "truncated").collectUntilError()
        XCTAssertBadStream(error, naming: "fixture")
    }

    func testRequestBodyCarriesMessagesToolsAndOptions() async throws {
        let schema = Data(#"{"type":"object","properties":{"city":{"type":"string"}},"required":["city"],"additionalProperties":false}"#.utf8)
        let request = ChatRequest(
            model: "",
            messages: [
                .system("You are terse."),
                .user("Weather in Paris?"),
                .assistant("", toolCalls: [ToolCall(id: "call_1", name: "get_weather", arguments: #"{"city":"Paris"}"#)]),
                .tool(id: "call_1", content: "18°C"),
            ],
            tools: [ToolSpec(name: "get_weather", description: "Current weather", parametersJSON: schema)],
            temperature: 0.25, maxTokens: 100)
        _ = try await provider(script: "text_cjk").collect(request)

        let recorded = try await Self.fixture.lastRequest()
        let expected = try JSONSerialization.jsonObject(with: Data(#"""
        {
          "model": "fixture-model",
          "messages": [
            {"role": "system", "content": "You are terse."},
            {"role": "user", "content": "Weather in Paris?"},
            {"role": "assistant", "content": null, "tool_calls": [
              {"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": "{\"city\":\"Paris\"}"}}]},
            {"role": "tool", "tool_call_id": "call_1", "content": "18°C"}
          ],
          "tools": [{"type": "function", "function": {"name": "get_weather", "description": "Current weather",
            "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"],
                           "additionalProperties": false}}}],
          "stream": true,
          "stream_options": {"include_usage": true},
          "temperature": 0.25,
          "max_tokens": 100
        }
        """#.utf8))
        XCTAssertEqual(recorded["body"] as? NSDictionary, expected as? NSDictionary)
        let headers = try XCTUnwrap(recorded["headers"] as? [String: String])
        XCTAssertEqual(headers["authorization"], "Bearer sk-test")
        XCTAssertEqual(headers["content-type"], "application/json")
    }

    func testWithoutKeyOrToolsNeitherAuthorizationNorToolsAreSent() async throws {
        _ = try await provider(script: "text_cjk", apiKey: nil).collect(
            ChatRequest(model: "other-model", messages: [.user("hi")]))
        let recorded = try await Self.fixture.lastRequest()
        let headers = try XCTUnwrap(recorded["headers"] as? [String: String])
        XCTAssertNil(headers["authorization"])
        let body = try XCTUnwrap(recorded["body"] as? [String: Any])
        XCTAssertNil(body["tools"])
        XCTAssertEqual(body["model"] as? String, "other-model", "the request's model overrides the provider's")
    }

    func testDroppingTheStreamCancelsTheHTTPRequest() async throws {
        let first = try await provider(script: "hang").firstEvent()
        XCTAssertEqual(first, .text("thinking"))
        let gone = try await Self.fixture.hangingClientIsGone()
        XCTAssertTrue(gone, "the server would stream keep-alives forever to a live client")
    }

    func testCancellingTheConsumingTaskCancelsTheHTTPRequest() async throws {
        let stream = try provider(script: "hang").stream(ChatRequest(model: "", messages: [.user("hi")]))
        let (firstEvent, firstEventSignal) = AsyncStream<Void>.makeStream()
        let consumer = Task {
            var count = 0
            for try await _ in stream {
                count += 1
                firstEventSignal.yield()
            }
            return count
        }
        var signals = firstEvent.makeAsyncIterator()
        _ = await signals.next()
        consumer.cancel()
        let gone = try await Self.fixture.hangingClientIsGone()
        XCTAssertTrue(gone)
        _ = try? await consumer.value
    }

    func testConnectionRefusedIsHTTPErrorNamingURL() async throws {
        let provider = OpenAICompatibleProvider(baseURL: "http://127.0.0.1:1/v1", apiKey: nil, model: "m", name: "local")
        do {
            _ = try await provider.collect()
            XCTFail("expected a connection error")
        } catch let error as ProviderError {
            guard case .http(.connectFailed(let url, _)) = error else { return XCTFail("got \(error)") }
            XCTAssertEqual(url, "http://127.0.0.1:1/v1/chat/completions")
        }
    }

    func testListsTheModelsWithTheKeyAndNamesARejectedKey() async throws {
        let names = try await provider(script: "text_cjk", apiKey: "sk-list-key").listModels()
        XCTAssertEqual(names, ["gpt-4o", "fixture-model"])
        let get = try await Self.fixture.lastGet()
        XCTAssertEqual(get["path"] as? String, "/v1/models")
        XCTAssertEqual((get["headers"] as? [String: String])?["authorization"], "Bearer sk-list-key")
        do {
            _ = try await provider(script: "unauthorized", apiKey: "sk-list-key").listModels()
            XCTFail("a 401 must fail the list")
        } catch let error as ProviderError {
            XCTAssertEqual(error, .api(status: 401, message: "invalid key", provider: "fixture"))
        }
    }

    func testBusyAnswersAreRetryableWithTheirRetryAfter() async throws {
        do {
            _ = try await provider(script: "rate_limited").collect()
            XCTFail("a 429 must fail the stream")
        } catch let error as ProviderError {
            XCTAssertEqual(error, .unavailable(status: 429, message: "Rate limit reached for gpt-4o", provider: "fixture",
                                               retryAfter: 2))
            XCTAssertTrue(error.isRetryable)
            XCTAssertEqual(error.status, 429)
            XCTAssertEqual(error.description, "fixture error (HTTP 429): Rate limit reached for gpt-4o")
        }
        do {
            _ = try await provider(script: "overloaded").collect()
            XCTFail("a 503 must fail the stream")
        } catch let error as ProviderError {
            XCTAssertEqual(error, .unavailable(status: 503, message: "The server is overloaded", provider: "fixture",
                                               retryAfter: nil))
        }
        do {
            _ = try await provider(script: "unauthorized").collect()
            XCTFail("a 401 must fail the stream")
        } catch let error as ProviderError {
            XCTAssertFalse(error.isRetryable, "a refused key does not heal by asking again")
            XCTAssertEqual(error.status, 401)
        }
    }

    func testRetryAfterIsReadAsSecondsOrADate() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)  // Tue, 14 Nov 2023 22:13:20 GMT
        XCTAssertEqual(HTTPError.retryAfterSeconds("7", now: now), 7)
        XCTAssertEqual(HTTPError.retryAfterSeconds("Tue, 14 Nov 2023 22:13:50 GMT", now: now), 30)
        XCTAssertEqual(HTTPError.retryAfterSeconds("Tue, 14 Nov 2023 22:00:00 GMT", now: now), 0, "a date past is now")
        XCTAssertNil(HTTPError.retryAfterSeconds("soon", now: now))
        XCTAssertNil(HTTPError.retryAfterSeconds(nil, now: now))
    }

    func testAnHTMLErrorPageIsNamedNotQuoted() async throws {
        do {
            _ = try await provider(script: "html_error").collect()
            XCTFail("a 404 must fail the stream")
        } catch let error as ProviderError {
            guard case .api(404, let message, "fixture") = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.hasSuffix("/v1/chat/completions (an HTML page, not an API answer)"), message)
            XCTAssertFalse(message.contains("<"), message)
        }
    }
}
