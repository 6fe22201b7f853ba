import ChatCore
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
                    events.yield(.resourceRead(server: server, uri: uri, text: MCPContentText.render(result), isError: false))
                } catch {
                    events.yield(.resourceRead(server: server, uri: uri, text: "\(error)", isError: true))
                }
            }
        case .subscribeResource(let server, let uri):
            Task {
                do {
                    try await host.subscribeResource(server: server, uri: uri)
                } catch {
                    // Servers without `resources.subscribe` refuse; the attachment is then read
                    // again only when sent after a change the user triggers (Enter re-reads).
                    events.yield(.hostLog(HostLogEntry(server: server, level: .debug, source: .host,
                                                       message: "no updates for \(uri): \(error)")))
                }
            }
        case .getPrompt(let server, let name, let arguments):
            Task {
                do {
                    let result = try await host.getPrompt(server: server, name: name, arguments: arguments)
                    events.yield(.promptFetched(server: server, name: name, text: PromptText.render(result), isError: false))
                } catch {
                    events.yield(.promptFetched(server: server, name: name, text: "\(error)", isError: true))
                }
            }
        case .complete(let server, let prompt, let argument, let value, let context):
            Task {
                do {
                    let completion = try await host.complete(server: server, prompt: prompt, argument: argument,
                                                             value: value, context: context)
                    events.yield(.completionFound(server: server, prompt: prompt, argument: argument, value: value,
                                                  values: completion.values))
                } catch {
                    // No suggestions for the user (many servers offer no completion); why, in the log.
                    events.yield(.hostLog(HostLogEntry(server: server, level: .warning, source: .host,
                                                       message: "completion for \(prompt) \(argument): \(error)")))
                    events.yield(.completionFound(server: server, prompt: prompt, argument: argument, value: value,
                                                  values: []))
                }
            }
        case .completeTemplate(let server, let uriTemplate, let argument, let value, let context):
            Task {
                var values: [String] = []
                do {
                    values = try await host.complete(server: server, resourceTemplate: uriTemplate, argument: argument,
                                                     value: value, context: context).values
                } catch {
                    // Asked at every key while a value is typed: the log keeps why at debug level.
                    events.yield(.hostLog(HostLogEntry(server: server, level: .debug, source: .host,
                                                       message: "completion for \(uriTemplate) \(argument): \(error)")))
                }
                events.yield(.templateCompletionFound(server: server, uriTemplate: uriTemplate, argument: argument,
                                                      value: value, values: values))
            }
        default:
            break
        }
    }
}
