import Foundation
@testable import HTTPStreaming
import TestSupport
import XCTest

final class HTTPClientTests: XCTestCase {
    private var server: FixtureServer!
    private var client: HTTPClient!

    override func setUpWithError() throws {
        server = try FixtureServer(script: "llm_stream_server.py")
        client = HTTPClient()
    }

    override func tearDown() {
        server?.stop()
        server = nil
        client = nil
    }

    func testBodyChunksArriveInOrder() async throws {
        let (head, body) = try await client.stream(HTTPRequest(url: "\(server.baseURL)/chunks?n=40"))
        XCTAssertEqual(head.status, 200)
        XCTAssertEqual(head.headers["content-type"], "text/plain")
        XCTAssertEqual(head.headers["x-fixture"], "last", "a repeated header keeps its last value")
        var received = Data()
        for try await chunk in body {
            XCTAssertFalse(chunk.isEmpty)
            received.append(chunk)
        }
        let expected = (0..<40).map { "chunk-\($0)\n" }.joined()
        XCTAssertEqual(String(decoding: received, as: UTF8.self), expected)
    }

    func testReaderThatFallsBehindPausesTransferAndStillGetsWholeBodyInOrder() async throws {
        // With a 16-byte read-ahead, libcurl is paused at its second delivery while nothing
        // reads; the server's whole body (about 60 KB) waits in socket buffers meanwhile.
        let tinyClient = HTTPClient(readAheadLimit: 16)
        let (_, body) = try await tinyClient.stream(HTTPRequest(url: "\(server.baseURL)/chunks?n=6000"))
        let (_, written) = try await client.send(HTTPRequest(url: "\(server.baseURL)/chunks-written"))
        XCTAssertEqual(String(decoding: written, as: UTF8.self), "written")
        var received = Data()
        for try await chunk in body {
            received.append(chunk)
        }
        XCTAssertEqual(String(decoding: received, as: UTF8.self), (0..<6000).map { "chunk-\($0)\n" }.joined())
    }

    func testStatus500SurfacesAsStatusErrorWithBody() async throws {
        let url = "\(server.baseURL)/status/500"
        do {
            _ = try await client.stream(HTTPRequest(url: url))
            XCTFail("expected HTTPError.status")
        } catch let error as HTTPError {
            XCTAssertEqual(error, .status(500, body: "failure 500 from fixture", url: url))
            XCTAssertTrue(error.description.contains(url))
        }
    }

    func testPostSendsMethodHeadersAndBody() async throws {
        var request = HTTPRequest(url: "\(server.baseURL)/echo", method: "POST",
                                  headers: [("Content-Type", "application/json"), ("X-Trace", "abc")],
                                  body: Data("{\"q\":\"你好\"}".utf8))
        request.totalTimeout = 30
        let (head, data) = try await client.send(request)
        XCTAssertEqual(head.status, 200)
        let echo = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual(echo["method"] as? String, "POST")
        XCTAssertEqual(echo["body"] as? String, "{\"q\":\"你好\"}")
        let headers = try XCTUnwrap(echo["headers"] as? [String: String])
        XCTAssertEqual(headers["x-trace"], "abc")
        XCTAssertEqual(headers["content-type"], "application/json")
        XCTAssertNil(headers["expect"], "no 100-continue round trip")
    }

    func testDeleteIsSentAsDelete() async throws {
        let (_, data) = try await client.send(HTTPRequest(url: "\(server.baseURL)/echo", method: "DELETE"))
        let echo = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual(echo["method"] as? String, "DELETE")
    }

    func testCancellingConsumingTaskEndsRequest() async throws {
        let (_, body) = try await client.stream(HTTPRequest(url: "\(server.baseURL)/hang"))
        let (firstChunk, firstChunkSignal) = AsyncStream<Void>.makeStream()
        let reader = Task { () -> Error? in
            do {
                for try await _ in body {
                    firstChunkSignal.yield()
                }
                return nil
            } catch {
                return error
            }
        }
        var signals = firstChunk.makeAsyncIterator()
        _ = await signals.next()
        reader.cancel()
        // The reader ends (cancelled, or quietly if cancelled between chunks) although the server never ends.
        let error = await reader.value
        if let error { XCTAssertEqual(error as? HTTPError, .cancelled) }
        // The server saw the connection go away.
        let (_, answer) = try await client.send(HTTPRequest(url: "\(server.baseURL)/hang-ended"))
        XCTAssertEqual(String(decoding: answer, as: UTF8.self), "gone")
    }

    /// Reads one chunk, then drops the body sequence without cancelling any task.
    private static func firstChunk(of response: (HTTPResponseHead, AsyncThrowingStream<Data, Error>)) async throws -> Data? {
        for try await chunk in response.1 { return chunk }
        return nil
    }

    func testDroppingTheBodySequenceEndsRequest() async throws {
        let first = try await Self.firstChunk(of: client.stream(HTTPRequest(url: "\(server.baseURL)/hang")))
        XCTAssertEqual(first.map { String(decoding: $0, as: UTF8.self) }?.hasPrefix("first"), true)
        let (_, answer) = try await client.send(HTTPRequest(url: "\(server.baseURL)/hang-ended"))
        XCTAssertEqual(String(decoding: answer, as: UTF8.self), "gone")
    }

    func testCancellingWhileAwaitingHeadThrowsCancelled() async throws {
        // /hang-ended answers only once a /hang client is gone, so its head does not come.
        let url = "\(server.baseURL)/hang-ended"
        let client = try XCTUnwrap(client)
        let task = Task { try await client.stream(HTTPRequest(url: url)) }
        task.cancel()
        do {
            _ = try await task.value
            XCTFail("expected cancellation")
        } catch {
            XCTAssertEqual(error as? HTTPError, .cancelled)
        }
    }

    func testConnectionRefusedGivesConnectFailedNamingURL() async throws {
        let url = "http://127.0.0.1:1/refused"
        do {
            _ = try await client.send(HTTPRequest(url: url))
            XCTFail("expected connectFailed")
        } catch let error as HTTPError {
            guard case .connectFailed(let failedURL, let reason) = error else {
                return XCTFail("expected connectFailed, got \(error)")
            }
            XCTAssertEqual(failedURL, url)
            XCTAssertFalse(reason.isEmpty)
            XCTAssertTrue(error.description.contains(url))
        }
    }

    func testNonHTTPURLIsInvalid() async throws {
        do {
            _ = try await client.send(HTTPRequest(url: "ftp://example.com/file"))
            XCTFail("expected invalidURL")
        } catch let error as HTTPError {
            XCTAssertEqual(error, .invalidURL("ftp://example.com/file"))
        }
    }

    func testHeaderValueWithLineBreakIsRejected() async throws {
        let url = "\(server.baseURL)/echo"
        do {
            _ = try await client.send(HTTPRequest(url: url, headers: [("X-Session", "a\r\nInjected: yes")]))
            XCTFail("expected a rejected header")
        } catch let error as HTTPError {
            XCTAssertEqual(error, .transfer(url: url, reason: "header X-Session contains a line break"))
        }
    }

    func testSilentServerHitsIdleTimeout() async throws {
        var request = HTTPRequest(url: "\(server.baseURL)/silent")
        request.idleTimeout = 0.2
        let (_, body) = try await client.stream(request)
        do {
            for try await _ in body {}
            XCTFail("expected an idle timeout")
        } catch let error as HTTPError {
            guard case .timedOut(let url, let what) = error else { return XCTFail("got \(error)") }
            XCTAssertEqual(url, request.url)
            XCTAssertTrue(what.contains("no data"), what)
        }
    }
}
