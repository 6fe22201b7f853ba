import MCPHost

/// Shows the outcome of `/reload`: one transcript notice with what changed, each problem in the
/// transcript and the log pane.
enum ReloadNotice {
    static func show(_ report: ConfigReloadReport, _ state: inout AppState) {
        for problem in report.problems {
            let level: HostLogEntry.Level = problem.isWarning ? .warning : .error
            state.appendLog(HostLogEntry(server: problem.server, level: level, source: .host, message: problem.description))
            if problem.isWarning { state.agent.note(problem.description) } else { state.agent.noteError(problem.description) }
        }
        let file = report.path ?? "servers.json"
        guard report.applied else {
            state.agent.noteError("Reload: \(file) could not be used; the servers keep running as they were.")
            return
        }
        let line = "Reloaded \(file): \(report.diff.summary)"
        state.appendLog(HostLogEntry(server: nil, level: .info, source: .host, message: line))
        state.agent.note(line + (report.problems.contains { !$0.isWarning } ? " (a server whose entry has an error keeps its old settings)" : ""))
    }
}
