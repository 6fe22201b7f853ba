import ChatCore
import Foundation
import HTTPStreaming
import LLM
@testable import MCPTermApp
import TestSupport
import XCTest

/// Forwards a provider's stream and says when its first event came (the request is in flight).
private struct SignallingProvider: ChatProvider {
    func listModels() async throws -> [String] { throw ProviderError.notConfigured("a test provider lists no models") }
    let inner: any ChatProvider
    let started: AsyncStream<Void>.Continuation
    var name: String { inner.name }
    var model: String { inner.model }

    func stream(_ request: ChatRequest) -> AsyncThrowingStream<StreamEvent, Error> {
        let inner = self.inner
        let started = self.started
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    for try await event in inner.stream(request) {
                        started.yield()
                        continuation.yield(event)
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}

/// A sampling run against a real loopback OpenAI-compatible server: the streamed text, tool
/// calls and finish reason come back as one reply; a stopped run ends its HTTP request and
/// sends nothing back.
final class SamplingEffectsTests: XCTestCase {
    private var servers: [FixtureServer] = []

    override func tearDown() {
        servers.forEach { $0.stop() }
        super.tearDown()
    }

    private func provider(script: String) throws -> (any ChatProvider, FixtureServer) {
        let server = try FixtureServer(script: "llm_openai_server.py", arguments: [script])
        servers.append(server)
        let description = ModelDescription(provider: .openai, model: "m", baseURL: "\(server.baseURL)/v1")
        return (ProviderSettings.makeProvider(description, environment: [:]), server)
    }

    private func reply(_ provider: any ChatProvider) async -> [AppEvent] {
        let (events, continuation) = AsyncStream<AppEvent>.makeStream(bufferingPolicy: .unbounded)
        let task = SamplingEffects.start(requestID: 3, run: 2, request: ChatRequest(model: "m", messages: [.user("hi")]),
                                         provider: provider, events: continuation)
        await task.value
        continuation.finish()
        var out: [AppEvent] = []
        for await event in events { out.append(event) }
        return out
    }

    func testTheStreamIsCollectedIntoOneReply() async throws {
        let (text, _) = try provider(script: "text_cjk")
        guard case .samplingReply(3, 2, .success(let said))? = await reply(text).first else { return XCTFail() }
        XCTAssertEqual(said, SampledReply(text: "你好, world", finishReason: "stop"))

        let (tools, _) = try provider(script: "tool_calls")
        guard case .samplingReply(3, 2, .success(let asked))? = await reply(tools).first else { return XCTFail() }
        XCTAssertEqual(asked, SampledReply(toolCalls: [
            ToolCall(id: "call_a", name: "get_weather", arguments: #"{"city": "Paris"}"#),
            ToolCall(id: "call_b", name: "search_docs", arguments: #"{"q": "swift 6"}"#),
        ], finishReason: "tool_calls"))

        let (failing, _) = try provider(script: "stream_error")
        guard case .samplingReply(3, 2, .failure(let failure))? = await reply(failing).first else { return XCTFail() }
        XCTAssertTrue(failure.message.contains("model overloaded"), failure.message)
    }

    func testAStoppedRunEndsItsRequestAndSendsNothingBack() async throws {
        let (inner, server) = try provider(script: "hang")
        let (started, signal) = AsyncStream<Void>.makeStream()
        let provider = SignallingProvider(inner: inner, started: signal)
        let (events, continuation) = AsyncStream<AppEvent>.makeStream(bufferingPolicy: .unbounded)
        let task = SamplingEffects.start(requestID: 3, run: 1, request: ChatRequest(model: "m", messages: [.user("hi")]),
                                         provider: provider, events: continuation)
        var iterator = started.makeAsyncIterator()
        _ = await iterator.next()  // the model is writing
        task.cancel()
        await task.value
        continuation.finish()
        var sent: [AppEvent] = []
        for await event in events { sent.append(event) }
        XCTAssertTrue(sent.isEmpty, "a stopped run sends nothing: \(sent)")
        let (_, answer) = try await HTTPClient.shared.send(HTTPRequest(url: "\(server.baseURL)/hang-ended"))
        XCTAssertEqual(String(decoding: answer, as: UTF8.self), "gone", "the model's HTTP request ended")
    }
}
