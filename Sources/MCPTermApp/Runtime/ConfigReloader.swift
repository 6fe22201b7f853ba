import MCPHost

/// Reads servers.json again for `/reload`, found the same way as at start (the `--config` path,
/// else ./servers.json, else ~/.config/mcpterm/servers.json), so a file created after start counts.
struct ConfigReloader: Sendable {
    let options: LaunchOptions

    /// The servers and problems now in the file; a file that cannot be found is one problem.
    func load() -> ServersFile {
        switch ConfigLocator.locate(explicit: options.configPath, cwd: options.workingDirectory,
                                    environment: options.environment) {
        case .success(let path?):
            let display = options.configPath ?? Setup.displayName(path, cwd: options.workingDirectory)
            return ServersFileLoader.load(path: path, displayName: display, environment: options.environment)
        case .success(nil):
            return ServersFile(path: nil, servers: [], problems: [ConfigProblem(
                file: "servers.json", line: 0, server: nil,
                message: "no servers.json found (looked in ./servers.json and ~/.config/mcpterm/servers.json)")])
        case .failure(let problem):
            return ServersFile(path: nil, servers: [], problems: [problem])
        }
    }
}
