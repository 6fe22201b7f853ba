import Foundation
import MCPHost
import TUI

/// The side pane: every server with its state, transport and protocol, and its tools.
enum ServersPane {
    static func stateRole(_ state: ServerState) -> String {
        switch state {
        case .ready: return "server.ready"
        case .connecting: return "server.connecting"
        case .failed: return "server.failed"
        case .needsLogin: return "server.connecting"
        case .disabled, .stopped: return "server.disabled"
        }
    }

    static func stateIcon(_ state: ServerState) -> String {
        switch state {
        case .ready: return "●"
        case .connecting: return "◌"
        case .failed: return "✗"
        case .needsLogin: return "◇"
        case .disabled, .stopped: return "○"
        }
    }

    static func lines(servers: [ServerStatus], tools: [QualifiedTool], width: Int, theme: Theme,
                      trace: TraceLog = TraceLog(), timeZone: TimeZone = .current, now: Date? = nil) -> [StyledLine] {
        var out: [StyledLine] = []
        if servers.isEmpty {
            out += StyledLine.wrapped("No servers configured. Add them to servers.json (see README).", width: width, style: theme.style("pane.text"))
        }
        for server in servers {
            let role = stateRole(server.state)
            out.append(StyledLine([
                ("\(stateIcon(server.state)) ", theme.style(role)),
                (server.name.sanitizedForTerminal(), theme.style("pane.emphasis")),
                (" \(ServerStatusText.state(server.state).split(separator: ":").first ?? "")", theme.style(role)),
            ]))
            // "2026-07-28 · http": the negotiated version and the transport in use.
            let detail = server.protocolSummary ?? server.kind.rawValue
            out.append(StyledLine("  \(detail)", theme.style("pane.dim")))
            // Its traffic: calls, error rate, latency percentiles, the last message's time.
            for part in MetricsText.paneParts(trace.metrics(server.name), timeZone: timeZone, now: now) {
                let errors = trace.metrics(server.name).errorRate > 0
                out += StyledLine.wrapped(part, width: width - 2, style: theme.style(errors && part.contains("errors") ? "log.warning" : "pane.dim"))
                    .map { StyledLine(spans: [Span("  ", style: theme.style("pane.dim"))] + $0.runs) }
            }
            for part in ServerHealthText.parts(server) {
                let warn = server.health.missedPings > 0 || server.health.retry != nil
                out.append(StyledLine("  \(part)", theme.style(warn ? "server.connecting" : "pane.dim")))
            }
            if !server.roots.isEmpty {
                // The directories this server may see.
                let home = FileManager.default.homeDirectoryForCurrentUser.path
                let shown = server.roots.map { $0.hasPrefix(home + "/") || $0 == home ? "~" + $0.dropFirst(home.count) : $0 }
                out += StyledLine.wrapped(shown.joined(separator: ", "), width: width - 2, style: theme.style("pane.dim"),
                                          firstPrefix: ("roots ", theme.style("pane.dim")), indent: "      ")
                    .prefix(2).map { StyledLine(spans: [Span("  ", style: theme.style("pane.dim"))] + $0.runs) }
            } else if server.state == .ready {
                out.append(StyledLine("  roots none", theme.style("pane.dim")))
            }
            if let instructions = server.instructions, server.state == .ready {
                // The first rows of what the model is told about this server.
                let rows = StyledLine.wrapped(instructions.replacingOccurrences(of: "\n", with: " "), width: width - 2,
                                              style: theme.style("pane.dim"), firstPrefix: ("ℹ ", theme.style("pane.dim")),
                                              indent: "  ")
                var shown = Array(rows.prefix(2))
                if rows.count > 2, let last = shown.last {
                    // More than two rows: the second ends in "…" (the model gets all of it).
                    let text = last.runs.map(\.text).joined()
                    shown[1] = StyledLine(text.truncated(toWidth: max(1, width - 3), ellipsis: "") + "…", theme.style("pane.dim"))
                }
                out += shown.map { StyledLine(spans: [Span("  ", style: theme.style("pane.dim"))] + $0.runs) }
            }
            if server.state == .disabled, let reason = server.notTrusted {
                out += StyledLine.wrapped(reason, width: width, style: theme.style("server.connecting"), indent: "  ").prefix(3)
            }
            if server.insecureTLS {
                out.append(StyledLine("  ! TLS NOT VERIFIED (\"insecure\": true)", theme.style("server.failed")))
            }
            if case .needsLogin(let reason) = server.state {
                out += StyledLine.wrapped(reason, width: width, style: theme.style("pane.dim"), indent: "  ").prefix(3)
                let hint = server.loginURL == nil
                    ? "\(KeyMap.label(of: .login, in: KeyMap.pane)) here (\(KeyMap.label(of: .focusPane)) first) or /login \(server.name)"
                    : "waiting for the browser; /login \(server.name) URL to paste the address it landed on"
                out += StyledLine.wrapped(hint, width: width, style: theme.style("server.connecting"), indent: "  ").prefix(3)
            }
            if case .failed(let reason) = server.state {
                out += StyledLine.wrapped(reason, width: width, style: theme.style("server.failed"), indent: "  ").prefix(4)
            }
            for tool in tools where tool.server == server.name {
                out.append(StyledLine("  · \(tool.tool.name.sanitizedForTerminal())", theme.style("pane.text")))
            }
        }
        return out
    }

    /// `scroll`: rows scrolled off the top (Up/Down in the focused pane); clamped so the last
    /// row can reach the bottom but no further.
    static func draw(servers: [ServerStatus], tools: [QualifiedTool], theme: Theme, into buffer: inout CellBuffer,
                            rect: Rect, scroll: Int = 0, trace: TraceLog = TraceLog(), timeZone: TimeZone = .current,
                     now: Date? = nil) {
        let ready = servers.filter { $0.state == .ready }.count
        let inner = Box.draw(into: &buffer, rect: rect, title: "Servers \(ready)/\(servers.filter { $0.state != .disabled }.count)",
                             style: theme.style("pane.border"), titleStyle: theme.style("pane.title"))
        let all = lines(servers: servers, tools: tools, width: inner.width - 1, theme: theme, trace: trace, timeZone: timeZone, now: now)
        let rows = Array(all.dropFirst(min(max(0, scroll), max(0, all.count - inner.height))))
        let overflow = rows.count > inner.height
        for (row, line) in rows.prefix(overflow ? inner.height - 1 : inner.height).enumerated() {
            line.draw(into: &buffer, x: inner.x + 1, y: inner.y + row, width: inner.width - 1)
        }
        if overflow, inner.height > 0 {
            buffer.put("… \(rows.count - inner.height + 1) more", x: inner.x + 1, y: inner.y + inner.height - 1,
                       style: theme.style("pane.dim"), maxWidth: inner.width - 1)
        }
    }
}
