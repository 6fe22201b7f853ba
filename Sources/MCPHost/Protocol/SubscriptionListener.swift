import MCP

/// `subscriptions/listen` (MCP 2026-07-28, SEP-2575): the stateless era has no standing stream
/// for change notifications, so the client opens one request whose response is that stream.
/// Its frames (`notifications/tools/list_changed`, …, tagged with the listen request's id in
/// `_meta`) arrive like any other notification and reach the same `onNotification` as in the
/// handshake era, so the host follows `list_changed` the same way in both.
extension MCPSession {
    static let listenMethod = "subscriptions/listen"
    /// The first frame of a listen stream: the server now delivers what the filter asks for.
    static let listenAcknowledgedMethod = "notifications/subscriptions/acknowledged"
    /// Server capability → the filter key that asks for its `list_changed`.
    static let listenFilterKeys = [("tools", "toolsListChanged"), ("prompts", "promptsListChanged"),
                                   ("resources", "resourcesListChanged")]

    /// Opens the change stream for every list the server says can change (`listChanged: true` in
    /// `capabilities`). Returns at once; false when there is nothing to listen for or the session
    /// is not in the stateless era. The stream lasts as long as the session (no timeout); if it
    /// ends earlier, `onTrace("note", …)` says why (there is no replay, so no silent re-listen).
    @discardableResult
    public func listenForChanges(capabilities: Value) -> Bool {
        guard envelope != nil else { return false }
        var filter: [String: Value] = [:]
        for (capability, key) in Self.listenFilterKeys
        where capabilities.objectValue?[capability]?.objectValue?["listChanged"] == .bool(true) {
            filter[key] = .bool(true)
        }
        guard !filter.isEmpty else { return false }
        listenFilter = filter
        restartListen()
        return true
    }

    /// Asks for `notifications/resources/updated` about `uri`. The stateless era has no
    /// `resources/subscribe`: the URI joins the listen filter (`resourceSubscriptions`) and the
    /// stream is opened again with it (the old one is cancelled). False in the handshake era.
    /// Returns once the server acknowledged the new stream (or the stream ended), so an update
    /// made right after this returns is delivered.
    public func listenForResourceUpdates(_ uri: String) async -> Bool {
        guard envelope != nil else { return false }
        var uris = listenFilter["resourceSubscriptions"]?.arrayValue ?? []
        guard !uris.contains(.string(uri)) else { return true }
        uris.append(.string(uri))
        listenFilter["resourceSubscriptions"] = .array(uris)
        restartListen()
        await withCheckedContinuation { listenAckWaiters.append($0) }
        return true
    }

    private func restartListen() {
        listenTask?.cancel()
        let filter = listenFilter
        listenTask = Task { await self.runListen(filter: filter) }
    }

    func listenAcknowledged() {
        let waiters = listenAckWaiters
        listenAckWaiters = []
        for waiter in waiters { waiter.resume() }
    }

    private func runListen(filter: [String: Value]) async {
        let reason: String
        do {
            _ = try await exchange(method: Self.listenMethod, params: .object(["notifications": .object(filter)]),
                                   timeout: .infinity)
            reason = "the server ended the stream"
        } catch SessionError.closed {
            listenAcknowledged()
            return  // the session is over; nothing to report
        } catch is CancellationError {
            return  // replaced by a stream with a wider filter
        } catch {
            reason = String(describing: error)
        }
        listenAcknowledged()  // nobody waits for an ack that cannot come
        onTrace?("note", "subscriptions/listen ended (\(reason)); list changes are no longer followed")
    }
}
