import Foundation
import MCP

/// Wires the demo tools, resource and prompt into the SDK's `Server`.
enum DemoServer {
    static func make(workingDirectory: String) async -> Server {
        let tools = DemoTools(files: WorkspaceFileReader(directory: workingDirectory))
        let logThreshold = LogThreshold()
        let server = Server(
            name: "mcpterm-demo-server",
            version: "1.0.0",
            title: "mcpterm demo server",
            instructions: "A demo server: clock, echo, read_file (relative paths only), add, slow (for progress and cancellation).",
            capabilities: .init(
                logging: .init(),
                prompts: .init(listChanged: false),
                resources: .init(subscribe: false, listChanged: false),
                tools: .init(listChanged: true)
            )
        )

        await server.withMethodHandler(ListTools.self) { _ in
            ListTools.Result(tools: DemoToolCatalog.all)
        }
        await server.withMethodHandler(CallTool.self) { [weak server] params in
            guard let server else { throw MCPError.internalError("server is shutting down") }
            if await logThreshold.allows(.info) {
                let data: Value = ["event": "tools/call", "tool": .string(params.name)]
                try? await server.log(level: .info, logger: "mcpterm-demo-server", data: data)
            }
            // MCP 2025-11-25 basic/utilities/progress: only when the request asked for it.
            let reporter = params._meta?.progressToken.map { progressReporter(server: server, token: $0) }
            return try await tools.call(params.name, arguments: params.arguments ?? [:], progress: reporter)
        }
        await server.withMethodHandler(SetLoggingLevel.self) { params in
            await logThreshold.set(params.level)
            return Empty()
        }
        await server.withMethodHandler(ListResources.self) { _ in
            ListResources.Result(resources: [DemoReadme.resource])
        }
        await server.withMethodHandler(ListResourceTemplates.self) { _ in
            ListResourceTemplates.Result(templates: [])
        }
        await server.withMethodHandler(ReadResource.self) { params in
            try DemoReadme.read(params)
        }
        await server.withMethodHandler(ListPrompts.self) { _ in
            ListPrompts.Result(prompts: [SummarizePrompt.prompt])
        }
        await server.withMethodHandler(GetPrompt.self) { params in
            try SummarizePrompt.get(params)
        }
        return server
    }

    private static func progressReporter(server: Server, token: ProgressToken) -> DemoTools.ProgressReporter {
        { [weak server] progress, total, message in
            let params = ProgressNotification.Parameters(progressToken: token, progress: progress, total: total, message: message)
            try? await server?.notify(ProgressNotification.message(params))
        }
    }
}
