import MCP

/// Tool calls that the server runs as tasks (see `ToolTaskDriver`).
extension MCPSession {
    /// The final result of the `tools/call` whose first answer was the task `handle`, polling with
    /// this session's requests and clock. The whole call, from `startedAt`, is bounded by
    /// `maxTimeout` (the request timeout when none is given).
    func resolveTask(_ handle: Value, flavor: ToolTaskDriver.Flavor, tool: String, timeout: Double?,
                     maxTimeout: Double?, startedAt: Double,
                     onProgress: (@Sendable (ToolProgress) -> Void)?) async throws -> Value {
        let clock = self.clock
        let allowance = maxTimeout ?? timeout ?? defaultTimeout
        let trace = onTrace
        let driver = ToolTaskDriver(
            server: serverName, tool: tool, flavor: flavor,
            request: { [weak self] method, params, wait in
                guard let self else { throw CancellationError() }
                return try await self.requestRaw(method: method, params: params, timeout: wait ?? timeout)
            },
            dispatch: onRequest,
            now: { clock.now },
            sleep: { deadline in try await clock.sleep(until: deadline) },
            report: { status in onProgress?(ToolProgress(task: status)) },
            cancelFailed: { reason in trace?("note", reason) },
            deadline: startedAt + allowance, allowance: allowance)
        return try await driver.resolve(handle)
    }
}
