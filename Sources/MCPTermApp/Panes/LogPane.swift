import Foundation
import MCPHost
import TUI

/// The side pane's log view: newest entries at the bottom, each tagged with its server and
/// source, coloured by level.
enum LogPane {
    static func role(_ level: HostLogEntry.Level) -> String {
        switch level {
        case .debug: return "log.debug"
        case .info, .notice: return "log.info"
        case .warning: return "log.warning"
        case .error: return "log.error"
        }
    }

    static func tag(_ entry: HostLogEntry) -> String {
        let who = entry.server ?? "host"
        switch entry.source {
        case .stderr: return "\(who) stderr"
        case .notification: return "\(who) \(entry.level.rawValue)"
        case .host: return who
        case .trace: return "\(who) trace"
        }
    }

    static func lines(_ log: [HostLogEntry], width: Int, theme: Theme, limit: Int, timeZone: TimeZone = .current) -> [StyledLine] {
        var out: [StyledLine] = []
        // Lay out only the newest entries that can show: each takes at least one row.
        for entry in log.suffix(limit) {
            out += StyledLine.wrapped(
                entry.message, width: width, style: theme.style(role(entry.level)),
                firstPrefix: (time(entry, timeZone) + "\(tag(entry)): ", theme.style("log.source")), indent: "  ")
        }
        return out
    }

    /// "17:20:01 " when the entry's time is known.
    static func time(_ entry: HostLogEntry, _ timeZone: TimeZone) -> String {
        entry.time.map { ServerHealthText.clockTime($0, timeZone: timeZone) + " " } ?? ""
    }

    static func draw(_ log: [HostLogEntry], theme: Theme, into buffer: inout CellBuffer, rect: Rect, timeZone: TimeZone = .current) {
        let inner = Box.draw(into: &buffer, rect: rect, title: "Log \(log.count)", style: theme.style("pane.border"),
                             titleStyle: theme.style("pane.title"))
        guard inner.width > 1, inner.height > 0 else { return }
        if log.isEmpty {
            buffer.put("Nothing logged yet.", x: inner.x + 1, y: inner.y, style: theme.style("pane.dim"), maxWidth: inner.width - 1)
            return
        }
        let rows = lines(log, width: inner.width - 1, theme: theme, limit: inner.height, timeZone: timeZone)
        for (row, line) in rows.suffix(inner.height).enumerated() {
            line.draw(into: &buffer, x: inner.x + 1, y: inner.y + row, width: inner.width - 1)
        }
    }
}
