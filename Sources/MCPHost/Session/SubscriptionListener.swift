import MCP

/// `subscriptions/listen` (MCP 2026-07-28, SEP-2575): the stateless era has no standing stream
/// for change notifications, so the client opens one request whose response is that stream.
/// Its frames (`notifications/tools/list_changed`, …, tagged with the listen request's id in
/// `_meta`) arrive like any other notification and reach the same `onNotification` as in the
/// handshake era, so the host follows `list_changed` the same way in both.
extension MCPSession {
    static let listenMethod = "subscriptions/listen"
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
        Task { await self.runListen(filter: filter) }
        return true
    }

    private func runListen(filter: [String: Value]) async {
        let reason: String
        do {
            _ = try await exchange(method: Self.listenMethod, params: .object(["notifications": .object(filter)]),
                                   timeout: .infinity)
            reason = "the server ended the stream"
        } catch SessionError.closed {
            return  // the session is over; nothing to report
        } catch {
            reason = String(describing: error)
        }
        onTrace?("note", "subscriptions/listen ended (\(reason)); list changes are no longer followed")
    }
}
