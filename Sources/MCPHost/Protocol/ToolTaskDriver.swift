import MCP

/// Drives a `tools/call` that the server turned into a task to its final result, in either
/// flavour of tasks:
/// - the 2026-07-28 extension `io.modelcontextprotocol/tasks` (SEP-2663): the call answers
///   `resultType: "task"`; poll `tasks/get` until a terminal status (the result or error is
///   inlined), answer `inputRequests` with `tasks/update`, cancel with `tasks/cancel`;
/// - the 2025-11-25 experimental tasks (basic/utilities/tasks): the call carried `task` and
///   answers `{task: …}`; poll `tasks/get`, then `tasks/result`, which blocks until the end
///   while the server sends its elicitations the usual way; cancel with `tasks/cancel` when the
///   server declared `tasks.cancel`.
/// Each status seen goes to `report` (the tool card shows it like progress). The whole call is
/// bounded by `deadline` (the server's `maxTimeout`); a call cancelled by the user, or out of
/// time, tells the server with `tasks/cancel`. Pure apart from its closures, so tests drive it.
struct ToolTaskDriver: Sendable {
    enum Flavor: Sendable, Equatable {
        /// The 2026-07-28 tasks extension.
        case tasksExtension
        /// 2025-11-25 experimental tasks; `canCancel` when the server declared `tasks.cancel`.
        case experimental(canCancel: Bool)
    }

    static let extensionID = "io.modelcontextprotocol/tasks"
    /// When the server suggests no interval; and the bounds put on what it suggests.
    static let defaultPollInterval = 1.0
    static let minPollInterval = 0.05
    static let maxPollInterval = 30.0

    let server: String
    let tool: String
    let flavor: Flavor
    /// Sends one `tasks/*` request (`timeout` nil: the server's usual one).
    let request: @Sendable (_ method: String, _ params: Value, _ timeout: Double?) async throws -> Value
    /// Answers one embedded input request, as a server-to-client request would be answered.
    let dispatch: @Sendable (_ method: String, _ params: Value?) async throws -> Value
    let now: @Sendable () -> Double
    let sleep: @Sendable (_ until: Double) async throws -> Void
    let report: @Sendable (ToolTaskStatus) -> Void
    /// A `tasks/cancel` that could not be sent or was refused (it runs after the call has ended).
    let cancelFailed: @Sendable (_ reason: String) -> Void
    /// When the whole call must end (on `now`'s clock), and the allowance it came from.
    let deadline: Double
    let allowance: Double

    /// The task a first answer hands back, or nil when the answer is an ordinary result.
    /// Throws when the answer claims to be a task in a shape that cannot be used.
    static func handle(in result: Value, flavor: Flavor, server: String) throws -> Value? {
        let fields = result.objectValue ?? [:]
        switch flavor {
        case .tasksExtension:
            guard fields["resultType"]?.stringValue == "task" else { return nil }
            return result
        case .experimental:
            guard let task = fields["task"], fields["content"] == nil else { return nil }
            guard task.objectValue != nil else {
                throw SessionError.malformed(server: server, detail: "tools/call \"task\" must be an object")
            }
            return task
        }
    }

    /// The final `tools/call` result for the task `handle` (from `handle(in:)`).
    func resolve(_ handle: Value) async throws -> Value {
        var task = try parse(handle)
        let taskID = task.id
        var answered = Set<String>()
        do {
            while true {
                report(task.status)
                switch task.status.status {
                case "completed":
                    if case .experimental = flavor { return try await finalResult(taskID) }
                    guard let result = task.fields["result"], result.objectValue != nil else {
                        throw malformed("task \(taskID) completed without a \"result\" object")
                    }
                    return result
                case "failed":
                    if case .experimental = flavor { return try await finalResult(taskID) }
                    throw failure(task.fields["error"], taskID: taskID)
                case "cancelled":
                    throw SessionError.taskCancelled(server: server, tool: tool, message: task.status.message)
                case "input_required":
                    if case .experimental = flavor {
                        // 2025-11-25: tasks/result blocks while the server sends its requests.
                        return try await finalResult(taskID)
                    }
                    let requests = try inputRequests(task.fields["inputRequests"], taskID: taskID)
                        .filter { !answered.contains($0.key) }
                    if !requests.isEmpty {
                        let responses = try await InputRequiredDriver.answerAll(
                            requests, server: server, method: CallTool.name, dispatch: dispatch)
                        _ = try await request("tasks/update", .object([
                            "taskId": .string(taskID), "inputResponses": .object(responses)]), nil)
                        answered.formUnion(responses.keys)
                        // Ask again at once: the answers usually move the task on.
                        task = try parse(try await request("tasks/get", .object(["taskId": .string(taskID)]), nil))
                        continue
                    }
                case "working":
                    break
                default:
                    throw malformed("task \(taskID) has the unknown status \"\(task.status.status)\"")
                }
                guard now() < deadline else {
                    throw SessionError.exceededMaxTime(server: server, method: CallTool.name, seconds: allowance)
                }
                try await sleep(min(deadline, now() + task.pollInterval))
                guard now() < deadline else {
                    throw SessionError.exceededMaxTime(server: server, method: CallTool.name, seconds: allowance)
                }
                task = try parse(try await request("tasks/get", .object(["taskId": .string(taskID)]), nil))
                guard task.id == taskID else {
                    throw malformed("tasks/get for \(taskID) answered about task \(task.id)")
                }
            }
        } catch let error as SessionError {
            if case .exceededMaxTime = error { cancelRemote(taskID) }
            throw error
        } catch is CancellationError {
            cancelRemote(taskID)
            throw CancellationError()
        }
    }

    /// 2025-11-25 `tasks/result`: what the call would have returned, or its JSON-RPC error.
    /// It blocks until the task ends, so it may take the rest of the allowance.
    private func finalResult(_ taskID: String) async throws -> Value {
        let remaining = max(1, deadline - now())
        return try await request("tasks/result", .object(["taskId": .string(taskID)]), remaining)
    }

    /// Tells the server the task is no longer wanted. The caller has already been answered (or
    /// cancelled), so this runs on its own; a failure is reported, not thrown.
    private func cancelRemote(_ taskID: String) {
        if case .experimental(let canCancel) = flavor, !canCancel { return }
        let request = self.request
        let cancelFailed = self.cancelFailed
        Task {
            do {
                _ = try await request("tasks/cancel", .object(["taskId": .string(taskID)]), nil)
            } catch {
                cancelFailed("could not cancel task \(taskID): \(error)")
            }
        }
    }

    private struct ParsedTask {
        let id: String
        let status: ToolTaskStatus
        let pollInterval: Double
        let fields: [String: Value]
    }

    private func parse(_ value: Value) throws -> ParsedTask {
        guard let fields = value.objectValue else { throw malformed("a task must be an object") }
        guard let id = fields["taskId"]?.stringValue, !id.isEmpty else { throw malformed("a task without \"taskId\"") }
        guard let status = fields["status"]?.stringValue else { throw malformed("task \(id) has no \"status\"") }
        let key = flavor == .tasksExtension ? "pollIntervalMs" : "pollInterval"
        var interval = Self.defaultPollInterval
        switch fields[key] {
        case .int(let ms)?: interval = Double(ms) / 1000
        case .double(let ms)? where ms.isFinite: interval = ms / 1000
        default: break
        }
        interval = min(Self.maxPollInterval, max(Self.minPollInterval, interval))
        let message = fields["statusMessage"]?.stringValue
        return ParsedTask(id: id, status: ToolTaskStatus(taskID: id, status: status, message: message),
                          pollInterval: interval, fields: fields)
    }

    private func inputRequests(_ value: Value?, taskID: String) throws -> [String: Value] {
        switch value {
        case nil, .null?: return [:]
        case .object(let requests)?: return requests
        case let other?: throw malformed("task \(taskID): \"inputRequests\" must be an object, not \(other)")
        }
    }

    /// A failed task's JSON-RPC error, as the call's error.
    private func failure(_ error: Value?, taskID: String) -> SessionError {
        let fields = error?.objectValue ?? [:]
        let code: Int
        switch fields["code"] {
        case .int(let n)?: code = n
        case .double(let d)? where d == d.rounded() && abs(d) < 1e15: code = Int(d)
        default: return malformed("task \(taskID) failed without a JSON-RPC \"error\"")
        }
        let message = fields["message"]?.stringValue ?? "task \(taskID) failed"
        return .rpc(server: server, method: CallTool.name, code: code, message: message)
    }

    private func malformed(_ detail: String) -> SessionError {
        .malformed(server: server, detail: "tool \"\(tool)\": " + detail)
    }
}
