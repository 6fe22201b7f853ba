import MCPHost

/// The servers' events (`ServerHost.events`) as the loop's `AppEvent`s, each with what the host
/// holds now (statuses, tools, resources). One task for the run, for the TUI and `mcpterm -p` alike.
enum HostEventForwarding {
    /// Forwards until the host shuts down (its `events` finish) or the task is cancelled.
    static func start(host: ServerHost, into continuation: AsyncStream<AppEvent>.Continuation) -> Task<Void, Never> {
        Task {
            for await event in host.events {
                switch event {
                case .serverStatus, .serversChanged:
                    continuation.yield(.serversChanged(await host.statuses()))
                    // A server that comes or goes brings or takes its resources and prompts.
                    continuation.yield(.catalogChanged(resources: await host.resources(), prompts: await host.prompts()))
                    continuation.yield(.resourceTemplatesChanged(await host.resourceTemplates()))
                case .toolsChanged:
                    continuation.yield(.serversChanged(await host.statuses()))
                    continuation.yield(.toolsChanged(await host.tools()))
                case .log(let entry):
                    continuation.yield(.hostLog(entry))
                case .catalogChanged:
                    continuation.yield(.catalogChanged(resources: await host.resources(), prompts: await host.prompts()))
                    continuation.yield(.resourceTemplatesChanged(await host.resourceTemplates()))
                case .resourceUpdated(let server, let uri):
                    continuation.yield(.resourceUpdated(server: server, uri: uri))
                case .serverRequest(let request):
                    continuation.yield(.serverRequest(request))
                case .serverRequestEnded(let id):
                    continuation.yield(.serverRequestEnded(id: id))
                case .elicitationComplete(let server, let id):
                    continuation.yield(.elicitationComplete(server: server, elicitationID: id))
                case .loginStarted(let server, let url):
                    continuation.yield(.loginStarted(server: server, url: url))
                case .loginFinished(let server, let error):
                    continuation.yield(.loginFinished(server: server, error: error))
                }
            }
        }
    }
}
