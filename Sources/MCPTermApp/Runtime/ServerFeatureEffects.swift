import Foundation
import MCP
import MCPHost

/// Runs the effects about servers' resources and requests against the host; results and
/// failures come back as events.
enum ServerFeatureEffects {
    static func run(_ effect: Effect, host: ServerHost, events: AsyncStream<AppEvent>.Continuation) {
        switch effect {
        case .respond(let id, let answer):
            Task {
                do {
                    try await host.respond(to: id, with: answer)
                } catch {
                    events.yield(.hostLog(HostLogEntry(server: nil, level: .warning, source: .host,
                                                       message: "\(error)")))
                }
            }
        case .readResource(let server, let uri):
            Task {
                do {
                    let result = try await host.readResource(server: server, uri: uri)
                    events.yield(.resourceRead(server: server, uri: uri, text: text(of: result), isError: false))
                } catch {
                    events.yield(.resourceRead(server: server, uri: uri, text: "\(error)", isError: true))
                }
            }
        default:
            break
        }
    }

    /// The text parts as they are; binary parts as a one-line placeholder (never decoded to the screen).
    static func text(of result: ReadResource.Result) -> String {
        result.contents.map { content in
            if let text = content.text { return text }
            let size = content.blob.map { $0.count * 3 / 4 } ?? 0
            return "(binary \(content.mimeType ?? "data"), about \(size) bytes)"
        }.joined(separator: "\n")
    }
}
