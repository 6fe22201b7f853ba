import Foundation
import MCPHost

/// `mcpterm --check`: loads everything, connects every server, prints what it found, exits.
/// For troubleshooting without a terminal UI; exit status 1 when anything failed. Every line
/// goes through `PlainTextOutput`: most of it is text a server chose.
public enum CheckCommand {
    public static func run(_ options: LaunchOptions, deadline: Duration = .seconds(90)) async -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        let setup = Setup.load(options)
        if let refusal = setup.consentRefusal { PlainTextOutput.error(refusal) }
        var failed = !setup.errors.isEmpty
        PlainTextOutput.line("config: \(setup.servers.path ?? "none found")")
        for line in setup.errors { PlainTextOutput.line("error: \(line)") }
        for line in setup.notices { PlainTextOutput.line("note: \(line)") }
        if let model = setup.model { PlainTextOutput.line("model: \(model.provider.rawValue) \(model.model) at \(model.baseURL)") }

        let host = ServerHost(configs: setup.servers.servers, clientVersion: AppRuntime.version)
        let expected = setup.servers.servers.count
        /// Every server has reported and none is still connecting.
        @Sendable func settled(_ statuses: [ServerStatus]) -> Bool {
            statuses.count == expected && !statuses.contains { $0.state == .connecting }
        }
        let watcher = Task { () -> Void in
            for await event in host.events {
                if case .log(let entry) = event, entry.level == .error || entry.level == .warning {
                    PlainTextOutput.line("log: \(entry.server.map { "[\($0)] " } ?? "")\(entry.message)")
                }
                if settled(await host.statuses()) { return }
            }
        }
        await host.start()
        let timer = Task {
            try? await Task.sleep(for: deadline)
            watcher.cancel()
        }
        if settled(await host.statuses()) { watcher.cancel() }
        await watcher.value
        timer.cancel()

        let tools = await host.tools()
        for status in await host.statuses() {
            PlainTextOutput.line("server: \(ServerStatusText.line(status))")
            if case .failed = status.state { failed = true }
            if case .needsLogin = status.state {
                PlainTextOutput.line("  log in from mcpterm: /login \(status.name)")
                failed = true
            }
            if let reason = setup.servers.servers.first(where: { $0.name == status.name })?.notTrusted {
                PlainTextOutput.line("  not started: \(reason)")
                failed = true
            }
            if status.state == .connecting {
                PlainTextOutput.line("  still connecting after \(deadline)")
                failed = true
            }
            for tool in tools where tool.server == status.name {
                PlainTextOutput.line("  tool: \(tool.qualifiedName)")
            }
        }
        await host.shutdown()
        return failed ? 1 : 0
    }
}
