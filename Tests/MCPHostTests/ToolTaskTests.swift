import Foundation
import MCP
@testable import MCPHost
import Synchronization
import TestSupport
import XCTest

/// Tool calls that servers run as tasks, against real servers in both flavours: the 2026-07-28
/// tasks extension (a Python SDK 2.x server with a tasks extension, `mcp_tasks_server.py`) and
/// the 2025-11-25 experimental tasks (`mcp_tasks_legacy.py`, which the SDK does not serve).
final class ToolTaskTests: XCTestCase {
    private struct Running {
        let host: ServerHost
        let events: Recorder<HostEvent>
        let pump: Task<Void, Never>
        let server: String

        func call(_ tool: String, _ arguments: [String: Value] = [:],
                  progress: Recorder<ToolProgress>? = nil) async throws -> String {
            let tools = await host.tools()
            let target = try XCTUnwrap(tools.first { $0.qualifiedName == "\(server)__\(tool)" }).target
            let result = try await host.callTool(target, arguments: arguments) { progress?.append($0) }
            guard case .text(let text, _, _)? = result.content.first else { return "" }
            return text
        }

        func stop() async {
            await host.shutdown()
            await pump.value
        }
    }

    private func start(_ name: String, script: String) async throws -> Running {
        let config = ServerConfig(name: name, command: FixtureServers.python,
                                  args: [FixtureServers.packageRoot + "/Tests/Fixtures/" + script])
        let host = ServerHost(configs: [config], clientVersion: "0.0.1-test")
        let events = Recorder<HostEvent>()
        let pump = Task { for await event in host.events { events.append(event) } }
        await host.start()
        let settled = await events.first { event in
            guard case .serverStatus(let status) = event else { return false }
            if case .failed = status.state { return true }
            return status.state == .ready
        }
        if case .serverStatus(let status) = settled, case .failed(let reason) = status.state {
            XCTFail("\(name) failed: \(reason)")
        }
        return Running(host: host, events: events, pump: pump, server: name)
    }

    /// Answers the next form the server asks for with `content`.
    private func answerNextForm(_ running: Running, _ content: [String: Value]) async throws -> PendingServerRequest {
        let event = await running.events.first { event in
            if case .serverRequest = event { return true }
            return false
        }
        guard case .serverRequest(let request) = event else { throw CancellationError() }
        try await running.host.respond(to: request.id, with: .elicitation(content: content))
        return request
    }

    /// Calls `cancelled` until the server has heard a `tasks/cancel` (it is sent after the
    /// cancelled call returned); each try is one round trip, not a sleep.
    private func cancelledTaskIDs(_ running: Running) async throws -> [String] {
        for _ in 0..<200 {
            let ids = try JSONSerialization.jsonObject(with: Data(try await running.call("cancelled").utf8)) as? [String]
            if let ids, !ids.isEmpty { return ids }
        }
        return []
    }

    func testTheTasksExtensionPollsReportsStatusAnswersInputAndFails() async throws {
        let running = try await start("tasks", script: "mcp_tasks_server.py")
        let statuses = await running.host.statuses()
        XCTAssertEqual(statuses.first?.protocolVersion, "2026-07-28")

        // A task polled to completion; every status reaches the card's listener.
        let progress = Recorder<ToolProgress>()
        let report = try await running.call("report", ["steps": 2], progress: progress)
        XCTAssertEqual(report, "report ready")
        let seen = progress.all.compactMap { $0.task.map { "\($0.status): \($0.message ?? "")" } }
        XCTAssertEqual(seen, ["working: queued", "working: step 1 of 2", "working: step 2 of 2", "completed: done"])
        XCTAssertEqual(Set(progress.all.compactMap { $0.task?.taskID }).count, 1, "one task throughout")

        // input_required: the embedded elicitation opens like any form; tasks/update carries the answer.
        let deploy = Task { try await running.call("deploy") }
        let form = try await answerNextForm(running, ["confirm": true])
        guard case .elicitation(.form(let request)) = form.kind else { return XCTFail("got \(form.kind)") }
        XCTAssertEqual(request.message, "Deploy to production?")
        let deployed = try await deploy.value
        XCTAssertEqual(deployed, #"deployed: {"action": "accept", "content": {"confirm": true}}"#)

        // A failed task is the call's JSON-RPC error.
        do {
            _ = try await running.call("doomed")
            XCTFail("a failed task must fail the call")
        } catch let error as SessionError {
            XCTAssertEqual(error, .rpc(server: "tasks", method: "tools/call", code: -32603, message: "the build broke"))
        }

        // An unknown resultType is an error, never a result.
        do {
            _ = try await running.call("mystery")
            XCTFail("resultType \"mystery\" must not be taken as a result")
        } catch let error as SessionError {
            guard case .malformed(_, let detail) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(detail.contains("mystery"), detail)
        }

        // Cancelling the call (Esc) cancels the task on the server.
        let started = Recorder<ToolProgress>()
        let forever = Task { try await running.call("forever", progress: started) }
        let first = await started.first { $0.task != nil }
        forever.cancel()
        do {
            _ = try await forever.value
            XCTFail("a cancelled call must not return a result")
        } catch is CancellationError {}
        let ids = try await cancelledTaskIDs(running)
        XCTAssertEqual(ids, [first.task?.taskID].compactMap { $0 })
        await running.stop()
    }

    func testExperimentalTasksOf2025_11_25CallRequiredToolsAsTasks() async throws {
        let running = try await start("legacy", script: "mcp_tasks_legacy.py")
        let statuses = await running.host.statuses()
        XCTAssertEqual(statuses.first?.protocolVersion, "2025-11-25")

        // taskSupport "required": called with `task` (the server refuses it otherwise), polled,
        // and the result fetched with tasks/result.
        let progress = Recorder<ToolProgress>()
        let report = try await running.call("report", progress: progress)
        XCTAssertEqual(report, "report ready")
        let seen = progress.all.compactMap { $0.task.map { "\($0.status): \($0.message ?? "")" } }
        XCTAssertEqual(seen, ["working: ", "working: step 1 of 2", "working: step 2 of 2", "completed: done"])

        // "optional" tools are called as ordinary requests.
        let plain = try await running.call("plain")
        XCTAssertEqual(plain, "plain ok (task: no)")

        // input_required: tasks/result is called, and the server's elicitation arrives meanwhile.
        let deploy = Task { try await running.call("deploy") }
        _ = try await answerNextForm(running, ["confirm": false])
        let deployed = try await deploy.value
        XCTAssertEqual(deployed, #"deployed: {"action": "accept", "content": {"confirm": false}}"#)

        // A failed task: tasks/result answers the underlying JSON-RPC error.
        do {
            _ = try await running.call("doomed")
            XCTFail("a failed task must fail the call")
        } catch let error as SessionError {
            XCTAssertEqual(error, .rpc(server: "legacy", method: "tasks/result", code: -32000, message: "disk full"))
        }

        // The server declared tasks.cancel: a cancelled call sends tasks/cancel.
        let started = Recorder<ToolProgress>()
        let forever = Task { try await running.call("forever", progress: started) }
        let first = await started.first { $0.task != nil }
        forever.cancel()
        _ = try? await forever.value
        let ids = try await cancelledTaskIDs(running)
        XCTAssertEqual(ids, [first.task?.taskID].compactMap { $0 })
        await running.stop()
    }
}

/// The driver on its own, with scripted answers and a clock moved by hand.
final class ToolTaskDriverTests: XCTestCase {
    private final class Script: Sendable {
        let sent = Mutex<[(String, Value)]>([])
        let answers: Mutex<[Value]>
        let time = Mutex<Double>(0)
        let sleeps = Mutex<[Double]>([])
        let dispatched = Mutex<[String]>([])
        init(_ answers: [Value]) { self.answers = Mutex(answers) }
    }

    private func driver(_ script: Script, flavor: ToolTaskDriver.Flavor = .tasksExtension,
                        allowance: Double = 600) -> ToolTaskDriver {
        ToolTaskDriver(
            server: "s", tool: "t", flavor: flavor,
            request: { method, params, _ in
                script.sent.withLock { $0.append((method, params)) }
                if method == "tasks/cancel" || method == "tasks/update" { return .object([:]) }
                return script.answers.withLock { $0.isEmpty ? .object([:]) : $0.removeFirst() }
            },
            dispatch: { method, _ in
                script.dispatched.withLock { $0.append(method) }
                return ["action": "accept", "content": ["ok": true]]
            },
            now: { script.time.withLock { $0 } },
            sleep: { until in
                script.sleeps.withLock { $0.append(until) }
                script.time.withLock { $0 = until }
            },
            report: { _ in }, cancelFailed: { reason in XCTFail(reason) },
            deadline: allowance, allowance: allowance)
    }

    private static func task(_ status: String, poll: Int? = 2000, extra: [String: Value] = [:]) -> Value {
        var fields: [String: Value] = ["taskId": "T1", "status": .string(status), "resultType": "complete"]
        if let poll { fields["pollIntervalMs"] = .int(poll) }
        for (key, value) in extra { fields[key] = value }
        return .object(fields)
    }

    func testPollsAtTheServersIntervalWithinBounds() async throws {
        let script = Script([Self.task("working", poll: 5), Self.task("working", poll: 999_999),
                             Self.task("completed", extra: ["result": ["content": []]])])
        let result = try await driver(script).resolve(Self.task("working"))
        XCTAssertEqual(result, ["content": []])
        // 2 s as asked; 5 ms raised to the 50 ms floor; 1000 s lowered to the 30 s ceiling.
        XCTAssertEqual(script.sleeps.withLock { $0 }, [2, 2.05, 32.05])
        XCTAssertEqual(script.sent.withLock { $0.map(\.0) }, ["tasks/get", "tasks/get", "tasks/get"])
    }

    func testInputRequestsAreAnsweredOnceEvenWhenPollsRepeatThem() async throws {
        let asking = Self.task("input_required", extra: ["inputRequests": [
            "k1": ["method": "elicitation/create", "params": ["message": "ok?"]]]])
        let script = Script([asking, asking, Self.task("completed", extra: ["result": ["content": []]])])
        _ = try await driver(script).resolve(Self.task("working"))
        XCTAssertEqual(script.dispatched.withLock { $0 }, ["elicitation/create"], "k1 is asked once")
        let updates = script.sent.withLock { $0.filter { $0.0 == "tasks/update" }.map(\.1) }
        XCTAssertEqual(updates, [["taskId": "T1", "inputResponses": ["k1": ["action": "accept", "content": ["ok": true]]]]])
    }

    func testMaxTimeoutEndsAWorkingTaskAndCancelsIt() async throws {
        let script = Script(Array(repeating: Self.task("working", poll: 4000), count: 10))
        do {
            _ = try await driver(script, allowance: 10).resolve(Self.task("working", poll: 4000))
            XCTFail("the task outlived its allowance")
        } catch let error as SessionError {
            XCTAssertEqual(error, .exceededMaxTime(server: "s", method: "tools/call", seconds: 10))
        }
        XCTAssertEqual(script.sleeps.withLock { $0 }, [4, 8, 10], "the last wait ends at the deadline")
        // tasks/cancel is sent on its own task once the call has ended.
        for _ in 0..<10_000 where !script.sent.withLock({ $0.contains { $0.0 == "tasks/cancel" } }) {
            await Task.yield()
        }
        XCTAssertEqual(script.sent.withLock { $0.last?.0 }, "tasks/cancel")
        XCTAssertEqual(script.sent.withLock { $0.last?.1 }, ["taskId": "T1"])
    }

    func testMalformedTasksAndUnknownStatusesAreErrors() async throws {
        for (first, expected) in [(Value.object(["status": "working"]), "without \"taskId\""),
                                  (Self.task("paused"), "unknown status \"paused\""),
                                  (Self.task("completed"), "without a \"result\" object"),
                                  (Self.task("failed"), "without a JSON-RPC \"error\"")] {
            do {
                _ = try await driver(Script([])).resolve(first)
                XCTFail("\(first) must be refused")
            } catch SessionError.malformed(_, let detail) {
                XCTAssertTrue(detail.contains(expected), detail)
            }
        }
    }

    func testExperimentalHandlesAreFoundOnlyInTheirOwnShape() throws {
        let experimental = ToolTaskDriver.Flavor.experimental(canCancel: false)
        XCTAssertNotNil(try ToolTaskDriver.handle(in: ["task": ["taskId": "a"]], flavor: experimental, server: "s"))
        XCTAssertNil(try ToolTaskDriver.handle(in: ["content": [], "task": "x"], flavor: experimental, server: "s"),
                     "a normal result that happens to carry a task field is a result")
        XCTAssertNil(try ToolTaskDriver.handle(in: ["task": ["taskId": "a"]], flavor: .tasksExtension, server: "s"))
        XCTAssertNotNil(try ToolTaskDriver.handle(in: ["resultType": "task"], flavor: .tasksExtension, server: "s"))
    }

    func testTaskRequestsOverHTTPAreRoutedByTaskID() throws {
        let envelope = RequestEnvelope(protocolVersion: "2026-07-28", clientName: "t", clientVersion: "1",
                                       capabilities: .object([:]))
        for method in ["tasks/get", "tasks/update", "tasks/cancel"] {
            let message: Value = ["jsonrpc": "2.0", "id": 7, "method": .string(method),
                                  "params": envelope.stamp(["taskId": "786512e2"])]
            let headers = ModernRequestHeaders.headers(for: try JSONCoding.encode(message))
            XCTAssertTrue(headers.contains { $0 == ("Mcp-Name", "786512e2") }, "\(method): \(headers)")
            XCTAssertTrue(headers.contains { $0 == ("Mcp-Method", method) })
        }
    }

    func testStatelessRequestsDeclareTheTasksExtension() {
        let declared = MCPSession.withStatelessExtensions(["sampling": [:]])
        XCTAssertEqual(declared, ["sampling": [:], "extensions": ["io.modelcontextprotocol/tasks": [:]]])
    }
}
