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
        // Say for each broken entry what became of it: a running server keeps its old settings,
        // a new one is not started.
        let broken = Array(Set(report.problems.filter { !$0.isWarning }.compactMap(\.server))).sorted()
        let running = Set(state.servers.map(\.name))
        let kept = broken.filter { running.contains($0) }
        let skipped = broken.filter { !running.contains($0) }
        var fates: [String] = []
        if !kept.isEmpty { fates.append(kept.joined(separator: ", ") + (kept.count == 1 ? " keeps its" : " keep their") + " old settings") }
        if !skipped.isEmpty { fates.append(skipped.joined(separator: ", ") + " not started") }
        state.agent.note(line + (fates.isEmpty ? "" : " (\(fates.joined(separator: "; ")): see the error above)"))
    }
}
