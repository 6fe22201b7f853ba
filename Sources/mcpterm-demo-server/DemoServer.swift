import Foundation
import MCP
import MCPHost

/// The demo server: answers JSON-RPC lines from stdin with the demo tools, resource and prompt.
///
/// Payloads are the SDK's types (`Tool`, `CallTool.Result`, `Resource`, `Prompt`,
/// `Initialize.Result`…), but the dispatch is ours: the SDK's `Server` decodes each message
/// several times through `Value`'s `Decodable`, which compiles a regular expression for every
/// string, and hops between actors for every request (callgrind: ~290,000 instructions per `ping`,
/// ~1,860,000 per `tools/call echo`; see BENCHMARKS.md). Here a line is parsed once into a
/// `Value`, requests that do not wait are answered on the reader thread, and only `slow` runs in
/// its own task (so it can send progress and be cancelled).
final class DemoServer: Sendable {
    static let name = "mcpterm-demo-server"

    private let tools: DemoTools
    private let logThreshold = LogThreshold()
    private let inFlight = InFlightCalls()
    private let output: MessageWriter
    /// `initialize`'s result without its `protocolVersion`, built once.
    private let initializeResult: [String: Value]
    private let toolList: Value

    init(workingDirectory: String, output: MessageWriter) {
        tools = DemoTools(files: WorkspaceFileReader(directory: workingDirectory))
        self.output = output
        let result = Initialize.Result(
            protocolVersion: Version.latest,
            capabilities: .init(
                logging: .init(),
                prompts: .init(listChanged: false),
                resources: .init(subscribe: false, listChanged: false),
                tools: .init(listChanged: true)),
            serverInfo: .init(name: Self.name, version: "1.0.0", title: "mcpterm demo server"),
            instructions: "A demo server: clock, echo, read_file (relative paths only), add, slow (for progress and cancellation).")
        initializeResult = (try? PayloadJSON.value(result))?.objectValue ?? [:]
        toolList = (try? PayloadJSON.value(ListTools.Result(tools: DemoToolCatalog.all))) ?? [:]
    }

    /// Handles one line from the client: a request, a notification, a response, or a batch.
    func handle(line: Data) {
        let message: Value
        do {
            message = try JSONValueParser.parse(line)
        } catch {
            output.respond(id: .null, error: .parseError("\(error)"))
            return
        }
        if case .array(let batch) = message {
            // JSON-RPC batches (protocol 2025-03-26); each answer goes out on its own line.
            for item in batch { handle(message: item) }
        } else {
            handle(message: message)
        }
    }

    private func handle(message: Value) {
        guard case .object(let fields) = message else {
            output.respond(id: .null, error: .invalidRequest("a JSON-RPC message must be an object"))
            return
        }
        guard case .string(let method)? = fields["method"] else {
            return  // a response: this server sends no requests, so there is nothing to match
        }
        let params = fields["params"]
        guard let id = fields["id"], !id.isNull else {
            notification(method, params)
            return
        }
        do {
            if let result = try request(id: id, method: method, params: params) {
                output.respond(id: id, result: result)
            }
        } catch let error as MCPError {
            output.respond(id: id, error: error)
        } catch {
            output.respond(id: id, error: .internalError("\(error)"))
        }
    }

    private func notification(_ method: String, _ params: Value?) {
        if method == "notifications/cancelled", let requestID = params?.objectValue?["requestId"],
           let key = Self.key(requestID) {
            inFlight.cancel(key)
        }
        // notifications/initialized and anything else need no action.
    }

    /// The result of a request, or nil when it is answered later (a `slow` call).
    private func request(id: Value, method: String, params: Value?) throws -> Value? {
        switch method {
        case "ping":
            return .object([:])
        case "tools/call":
            return try callTool(id: id, params: params)
        case "initialize":
            let requested = params?.objectValue?["protocolVersion"]?.stringValue ?? ""
            // MCP 2025-11-25 basic/lifecycle#version-negotiation: the client's version when we
            // speak it, otherwise our latest.
            var result = initializeResult
            result["protocolVersion"] = .string(Version.supported.contains(requested) ? requested : Version.latest)
            return .object(result)
        case "tools/list":
            return toolList
        case "logging/setLevel":
            let parameters = try PayloadJSON.decode(SetLoggingLevel.Parameters.self, from: params)
            logThreshold.set(parameters.level)
            return .object([:])
        case "resources/list":
            return try PayloadJSON.value(ListResources.Result(resources: [DemoReadme.resource]))
        case "resources/templates/list":
            return try PayloadJSON.value(ListResourceTemplates.Result(templates: []))
        case "resources/read":
            return try PayloadJSON.value(DemoReadme.read(PayloadJSON.decode(ReadResource.Parameters.self, from: params)))
        case "prompts/list":
            return try PayloadJSON.value(ListPrompts.Result(prompts: [SummarizePrompt.prompt]))
        case "prompts/get":
            return try PayloadJSON.value(SummarizePrompt.get(PayloadJSON.decode(GetPrompt.Parameters.self, from: params)))
        default:
            throw MCPError.methodNotFound(method)
        }
    }

    private func callTool(id: Value, params: Value?) throws -> Value? {
        guard let fields = params?.objectValue, case .string(let name)? = fields["name"] else {
            throw MCPError.invalidParams("tools/call needs a string \"name\"")
        }
        let arguments: [String: Value]
        switch fields["arguments"] {
        case nil, .null?: arguments = [:]
        case .object(let object)?: arguments = object
        default: throw MCPError.invalidParams("tools/call \"arguments\" must be an object")
        }
        if logThreshold.allows(.info) {
            output.notify("notifications/message", [
                "level": "info", "logger": .string(Self.name),
                "data": ["event": "tools/call", "tool": .string(name)],
            ])
        }
        guard DemoTools.runsLong(name) else {
            return PayloadJSON.value(try tools.callNow(name, arguments: arguments))
        }
        guard let key = Self.key(id) else { throw MCPError.invalidRequest("unusable request id") }
        // MCP 2025-11-25 basic/utilities/progress: only when the request asked for it.
        let token = fields["_meta"]?.objectValue?["progressToken"]
        let reporter = token.map { progressReporter(token: $0) }
        let (tools, output, inFlight) = (self.tools, self.output, self.inFlight)
        inFlight.start(key) {
            do {
                let result = try await tools.call(name, arguments: arguments, progress: reporter)
                // A cancelled call gets no answer (basic/utilities/cancellation).
                if inFlight.finish(key) { output.respond(id: id, result: PayloadJSON.value(result)) }
            } catch is CancellationError {
                _ = inFlight.finish(key)
            } catch let error as MCPError {
                if inFlight.finish(key) { output.respond(id: id, error: error) }
            } catch {
                if inFlight.finish(key) { output.respond(id: id, error: .internalError("\(error)")) }
            }
        }
        return nil
    }

    private func progressReporter(token: Value) -> DemoTools.ProgressReporter {
        let output = self.output
        return { progress, total, message in
            output.notify("notifications/progress", [
                "progressToken": token, "progress": .double(progress), "total": .double(total),
                "message": .string(message),
            ])
        }
    }

    /// A request id as JSON text, so 7 and "7" stay different keys.
    private static func key(_ id: Value) -> String? {
        (try? JSONValueWriter.bytes(id)).map { String(decoding: $0, as: UTF8.self) }
    }
}
