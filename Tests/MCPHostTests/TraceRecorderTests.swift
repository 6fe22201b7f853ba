import Foundation
@testable import MCPHost
import Synchronization
import XCTest

/// Wall-clock time a test sets by hand, so every latency is exact.
private final class ScriptedWallClock: Sendable {
    private let time = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
    var now: Date { time.withLock { $0 } }
    func advance(ms: Double) { time.withLock { $0 = $0.addingTimeInterval(ms / 1000) } }
}

final class TraceRecorderTests: XCTestCase {
    private func recorder(_ clock: ScriptedWallClock, capacities: [String: Int] = [:]) -> TraceRecorder {
        TraceRecorder(capacities: capacities, now: { clock.now })
    }

    func testResponsePairsWithItsRequestByIDAndCarriesLatencyMethodAndErrorCode() {
        let clock = ScriptedWallClock()
        let trace = recorder(clock)
        trace.sessionStarted(server: "git")
        trace.record(server: "git", direction: "send", json: #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"log"}}"#)
        trace.record(server: "git", direction: "send", json: #"{"jsonrpc":"2.0","id":2,"method":"ping"}"#)
        clock.advance(ms: 12.5)
        trace.record(server: "git", direction: "recv", json: #"{"jsonrpc":"2.0","id":2,"error":{"code":-32601,"message":"no"}}"#)
        clock.advance(ms: 30)
        trace.record(server: "git", direction: "recv", json: #"{"jsonrpc":"2.0","id":1,"result":{"content":[]}}"#)
        trace.record(server: "git", direction: "recv", json: #"{"jsonrpc":"2.0","method":"notifications/message","params":{}}"#)
        trace.record(server: "git", direction: "skip", json: "not json")

        let records = trace.log.records(server: "git")
        XCTAssertEqual(records.map(\.kind), [.request, .request, .response, .response, .notification])
        XCTAssertEqual(records.map(\.direction), [.out, .out, .in, .in, .in])
        XCTAssertEqual(records.map(\.id), ["1", "2", "2", "1", nil])
        XCTAssertEqual(records.map(\.method), ["tools/call", "ping", "ping", "tools/call", "notifications/message"])
        XCTAssertEqual(records[2].errorCode, -32601)
        XCTAssertEqual(records[2].latencyMs ?? 0, 12.5, accuracy: 0.001)
        XCTAssertEqual(records[3].latencyMs ?? 0, 42.5, accuracy: 0.001)
        XCTAssertNil(records[3].errorCode)
        XCTAssertNil(records[0].latencyMs, "a request has no latency")
        XCTAssertEqual(records.map(\.seq), [1, 2, 3, 4, 5])
        XCTAssertEqual(records[1].bytes, #"{"jsonrpc":"2.0","id":2,"method":"ping"}"#.utf8.count)
    }

    func testServerRequestPairsWithTheHostsAnswerGoingOut() {
        let clock = ScriptedWallClock()
        let trace = recorder(clock)
        trace.record(server: "s", direction: "send", json: #"{"jsonrpc":"2.0","id":1,"method":"tools/call"}"#)
        trace.record(server: "s", direction: "recv", json: #"{"jsonrpc":"2.0","id":1,"method":"sampling/createMessage"}"#)
        clock.advance(ms: 800)
        trace.record(server: "s", direction: "send", json: #"{"jsonrpc":"2.0","id":1,"result":{"role":"assistant"}}"#)
        clock.advance(ms: 5)
        trace.record(server: "s", direction: "recv", json: #"{"jsonrpc":"2.0","id":1,"result":{"isError":true}}"#)

        let records = trace.log.records(server: "s")
        XCTAssertEqual(records.map(\.kind), [.request, .serverRequest, .response, .response])
        XCTAssertEqual(records[2].method, "sampling/createMessage", "the same id going the other way is another request")
        XCTAssertEqual(records[2].latencyMs ?? 0, 800, accuracy: 0.001)
        XCTAssertEqual(records[3].method, "tools/call")
        XCTAssertEqual(records[3].latencyMs ?? 0, 805, accuracy: 0.001)
        XCTAssertTrue(records[3].toolError)
        let metrics = trace.log.metrics("s")
        XCTAssertEqual(metrics.calls, 1, "only the host's requests are calls")
        XCTAssertEqual(metrics.errors, 1, "a tool result marked isError counts as an error")
        XCTAssertEqual(metrics.errorRate, 1)
    }

    func testAnOlderServersAnswerToTheEraProbeIsNotAnError() {
        let clock = ScriptedWallClock()
        let trace = recorder(clock)
        trace.record(server: "old", direction: "send", json: #"{"jsonrpc":"2.0","id":1,"method":"server/discover"}"#)
        trace.record(server: "old", direction: "recv",
                     json: #"{"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"Method not found"}}"#)
        trace.record(server: "old", direction: "send", json: #"{"jsonrpc":"2.0","id":2,"method":"initialize"}"#)
        trace.record(server: "old", direction: "recv", json: #"{"jsonrpc":"2.0","id":2,"result":{}}"#)
        trace.record(server: "old", direction: "send", json: #"{"jsonrpc":"2.0","id":3,"method":"tools/list"}"#)
        trace.record(server: "old", direction: "recv",
                     json: #"{"jsonrpc":"2.0","id":3,"error":{"code":-32603,"message":"boom"}}"#)
        let metrics = trace.log.metrics("old")
        XCTAssertEqual(metrics.calls, 3)
        XCTAssertEqual(metrics.responses, 3)
        XCTAssertEqual(metrics.errors, 1, "the probe's -32601 says which era; the tools/list error is one")
        XCTAssertEqual(trace.log.records(server: "old")[1].errorCode, -32601, "the trace itself still shows the code")
    }

    func testRingKeepsTheNewestRecordsAndCountsTheDropped() {
        let clock = ScriptedWallClock()
        let trace = recorder(clock, capacities: ["chatty": 10])
        for n in 1...25 {
            trace.record(server: "chatty", direction: "recv", json: #"{"jsonrpc":"2.0","method":"notifications/progress","params":{"n":\#(n)}}"#)
            trace.record(server: "quiet", direction: "recv", json: #"{"jsonrpc":"2.0","method":"x"}"#)
        }
        let log = trace.log
        XCTAssertEqual(log.records(server: "chatty").count, 10)
        XCTAssertEqual(log.dropped(server: "chatty"), 15)
        XCTAssertTrue(log.records(server: "chatty").first?.message.contains("\"n\":16") ?? false, "oldest kept is the 16th")
        XCTAssertEqual(log.records(server: "quiet").count, 25, "the default ring is larger")
        XCTAssertEqual(log.metrics("chatty").messages, 25, "metrics count everything, dropped or not")
        let all = log.records()
        XCTAssertEqual(all.map(\.seq), all.map(\.seq).sorted(), "all servers interleave in order")
    }

    func testNewSessionForgetsWaitingRequestsAndCountsAReconnect() {
        let clock = ScriptedWallClock()
        let trace = recorder(clock)
        trace.sessionStarted(server: "s")
        trace.record(server: "s", direction: "send", json: #"{"jsonrpc":"2.0","id":1,"method":"tools/call"}"#)
        trace.sessionStarted(server: "s")
        trace.record(server: "s", direction: "recv", json: #"{"jsonrpc":"2.0","id":1,"result":{}}"#)
        XCTAssertNil(trace.log.records(server: "s").last?.latencyMs, "ids start over in a new session")
        XCTAssertEqual(trace.log.metrics("s").reconnects, 1)
    }

    func testMetricsPercentilesFromScriptedLatencies() {
        let clock = ScriptedWallClock()
        let trace = recorder(clock)
        // 100 tool calls taking 1…100 ms, and 100 pings taking 2 ms each.
        for n in 1...100 {
            trace.record(server: "s", direction: "send", json: #"{"jsonrpc":"2.0","id":\#(n),"method":"tools/call"}"#)
            clock.advance(ms: Double(n))
            let answer = n % 10 == 0 ? #""error":{"code":-32000,"message":"x"}"# : #""result":{}"#
            trace.record(server: "s", direction: "recv", json: #"{"jsonrpc":"2.0","id":\#(n),\#(answer)}"#)
        }
        for n in 101...200 {
            trace.record(server: "s", direction: "send", json: #"{"jsonrpc":"2.0","id":\#(n),"method":"ping"}"#)
            clock.advance(ms: 2)
            trace.record(server: "s", direction: "recv", json: #"{"jsonrpc":"2.0","id":\#(n),"result":{}}"#)
        }
        let metrics = trace.log.metrics("s")
        XCTAssertEqual(metrics.calls, 200)
        XCTAssertEqual(metrics.toolCalls, 100)
        XCTAssertEqual(metrics.errors, 10)
        XCTAssertEqual(metrics.errorRate, 0.05, accuracy: 1e-9)
        // Two significant digits: within 1 % of the exact value.
        XCTAssertEqual(metrics.toolLatency.percentile(50) ?? 0, 50, accuracy: 0.5)
        XCTAssertEqual(metrics.toolLatency.percentile(95) ?? 0, 95, accuracy: 1)
        XCTAssertEqual(metrics.toolLatency.percentile(99) ?? 0, 99, accuracy: 1)
        XCTAssertEqual(metrics.allLatency.percentile(50) ?? 0, 2, accuracy: 0.02)
        XCTAssertEqual(metrics.allLatency.percentile(95) ?? 0, 90, accuracy: 1)
        XCTAssertEqual(metrics.allLatency.count, 200)
        XCTAssertEqual(metrics.lastMessageAt, clock.now)
        XCTAssertGreaterThan(metrics.bytesIn, 0)
        XCTAssertGreaterThan(metrics.bytesOut, 0)
        // Doubling buckets from 1 ms: <1, 1–2, 2–4, 4–8 … 64–128.
        let buckets = metrics.toolLatency.doublingBuckets()
        XCTAssertEqual(buckets.reduce(0, +), 100)
        XCTAssertEqual(buckets.count, 8)
        XCTAssertEqual(buckets[0], 0)
        // Bounded: the same memory after 200 latencies as before any (no samples are kept).
        XCTAssertEqual(metrics.allLatency.footprintBytes, LatencyHistogram().footprintBytes)
        XCTAssertLessThan(metrics.allLatency.footprintBytes, 20_000)
    }

    func testFileLineIsOneJSONObjectWithTheMessageSplicedIn() throws {
        let record = TraceRecord(
            seq: 3, time: Date(timeIntervalSince1970: 1_800_000_000.25), server: "a\"b", direction: .in, kind: .response,
            method: "tools/call", id: "\"x\\\"y\"", bytes: 40, latencyMs: 12.3456, errorCode: -32602,
            message: "{\"jsonrpc\":\"2.0\",\n \"id\":\"x\\\"y\",\"error\":{\"code\":-32602,\"message\":\"東京\"}}")
        let line = TraceFileWriter.line(record, includeBodies: true)
        XCTAssertTrue(line.hasSuffix("}\n"))
        XCTAssertEqual(line.filter { $0 == "\n" }.count, 1, "one line per record")
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        XCTAssertEqual(object["ts"] as? String, "2027-01-15T08:00:00.250Z")
        XCTAssertEqual(object["server"] as? String, "a\"b")
        XCTAssertEqual(object["dir"] as? String, "in")
        XCTAssertEqual(object["id"] as? String, "x\"y")
        XCTAssertEqual(object["latencyMs"] as? Double ?? 0, 12.346, accuracy: 0.0001)
        XCTAssertEqual(object["errorCode"] as? Int, -32602)
        XCTAssertEqual(((object["message"] as? [String: Any])?["error"] as? [String: Any])?["message"] as? String, "東京")
        let bare = TraceFileWriter.line(record, includeBodies: false)
        let without = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(bare.utf8)) as? [String: Any])
        XCTAssertNil(without["message"])
        XCTAssertEqual(without["bytes"] as? Int, 40)
    }
}
