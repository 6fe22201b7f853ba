import MCPHost

/// Reads servers.json again for `/reload`, found the same way as at start (the `--config` path,
/// else ./servers.json, else ~/.config/mcpterm/servers.json), so a file created after start counts.
/// A project file (./servers.json) is used only with the content approved for this run or
/// remembered as approved: anything else must be approved by a new run, before the TUI opens.
struct ConfigReloader: Sendable {
    let options: LaunchOptions
    /// The project file's content approved at start (SHA-256), nil when none was.
    var approvedProjectDigest: String? = nil
    /// Where approvals are remembered; by default the state directory's store.
    var store: ProjectTrustStore?

    init(options: LaunchOptions, approvedProjectDigest: String? = nil, store: ProjectTrustStore? = nil) {
        self.options = options
        self.approvedProjectDigest = approvedProjectDigest
        self.store = store ?? ProjectTrustStore.standard(environment: options.environment)
    }

    /// The servers and problems now in the file; a file that cannot be found, or a project file
    /// whose content was not approved, is one problem (and then nothing changes).
    func load() -> ServersFile {
        switch ConfigLocator.find(explicit: options.configPath, cwd: options.workingDirectory,
                                  environment: options.environment) {
        case .success(let located?):
            let display = options.configPath ?? Setup.displayName(located.path, cwd: options.workingDirectory)
            let read = ProjectConsent.read(located, displayName: display, environment: options.environment)
            guard located.origin == .project, let digest = read.digest, digest != approvedProjectDigest else { return read.file }
            if (try? store?.approvedDigest(for: located.path)) == digest { return read.file }
            let message = approvedProjectDigest == nil
                ? "is a project file that was not approved, so /reload starts nothing from it: restart mcpterm and answer y, or start it with --trust-project"
                : "changed since it was approved, so /reload starts nothing from it: restart mcpterm to approve what it runs now"
            return ServersFile(path: located.path, servers: [], problems: [
                ConfigProblem(file: display, line: 0, server: nil, message: message)])
        case .success(nil):
            return ServersFile(path: nil, servers: [], problems: [ConfigProblem(
                file: "servers.json", line: 0, server: nil,
                message: "no servers.json found (looked in ./servers.json and ~/.config/mcpterm/servers.json)")])
        case .failure(let problem):
            return ServersFile(path: nil, servers: [], problems: [problem])
        }
    }
}
