import MCPHost

/// The log tab's trace view (Alt-T): which records show (filters, `/` search), the selected one,
/// and the one opened whole with its scroll. The records themselves are `AppState.trace`.
struct TraceViewState: Equatable, Sendable {
    /// The log tab shows the trace instead of the log.
    var shown = false
    /// Only this server's records (s cycles), or all.
    var server: String?
    /// Only this method (m cycles through the methods seen), or all.
    var method: String?
    /// Only errors: JSON-RPC error responses and tool results marked `isError` (e).
    var errorsOnly = false
    /// `/`: records whose server, method or message contain this (any case).
    var search = ""
    /// Typing goes to `search` until Enter or Esc.
    var searching = false
    /// The selected record by its `seq`; nil follows the newest.
    var selected: Int?
    /// The record opened whole (Enter), by `seq`, and its rows scrolled past.
    var open: Int?
    var openScroll = 0

    /// The records that pass the filters, oldest first.
    func visible(_ trace: TraceLog) -> [TraceRecord] {
        let needle = search.lowercased()
        return trace.records(server: server).filter { record in
            if let method, record.method != method { return false }
            if errorsOnly, !record.isError { return false }
            if !needle.isEmpty {
                return record.server.lowercased().contains(needle) || (record.method ?? "").lowercased().contains(needle)
                    || record.message.lowercased().contains(needle)
            }
            return true
        }
    }

    /// The index of the selected record in `records` (the newest when none is chosen or it left).
    func selectedIndex(in records: [TraceRecord]) -> Int? {
        guard !records.isEmpty else { return nil }
        if let selected, let index = records.firstIndex(where: { $0.seq == selected }) { return index }
        return records.count - 1
    }

    /// What the filters are, for the pane's first row ("all servers · tools/call · errors · /echo").
    var summary: String {
        var parts = [server ?? "all servers", method ?? "all methods"]
        if errorsOnly { parts.append("errors") }
        if searching || !search.isEmpty { parts.append("/" + search + (searching ? "▏" : "")) }
        return parts.joined(separator: " · ")
    }
}
