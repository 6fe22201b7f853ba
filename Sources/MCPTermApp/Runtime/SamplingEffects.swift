import ChatCore
import LLM

/// Runs an approved sampling request against the app's model: collects the streamed text, tool
/// calls and finish reason into one `SampledReply` and sends it back as `.samplingReply`. A run
/// that is cancelled (Esc, a newer run, the request gone) sends nothing: the reducer already
/// knows it stopped.
enum SamplingEffects {
    static func start(requestID: Int, run: Int, request: ChatRequest, provider: (any ChatProvider)?,
                      events: AsyncStream<AppEvent>.Continuation) -> Task<Void, Never> {
        Task {
            guard let provider else {
                events.yield(.samplingReply(requestID: requestID, run: run,
                                            .failure(SamplingFailure("no model is configured"))))
                return
            }
            var reply = SampledReply()
            do {
                for try await event in provider.stream(request) {
                    switch event {
                    case .text(let text): reply.text += text
                    case .toolCall(let call): reply.toolCalls.append(call)
                    case .finish(let reason): reply.finishReason = reason
                    case .usage: break
                    }
                }
                guard !Task.isCancelled else { return }
                events.yield(.samplingReply(requestID: requestID, run: run, .success(reply)))
            } catch is CancellationError {
                return
            } catch {
                guard !Task.isCancelled else { return }
                var message = "\(provider.name): \(error)"
                if case ProviderError.idleTimeout = error {
                    // The message names the provider already; say how to change the limit.
                    message = "\(error) (--idle-timeout SECONDS changes the limit)"
                }
                events.yield(.samplingReply(requestID: requestID, run: run, .failure(SamplingFailure(message))))
            }
        }
    }

    /// Lists the provider's models into `.modelsListed` (for the model hints of sampling requests).
    static func listModels(provider: (any ChatProvider)?, events: AsyncStream<AppEvent>.Continuation) {
        Task {
            guard let provider else {
                events.yield(.modelsListed(.failure(ModelProblem("no model is configured"))))
                return
            }
            do {
                events.yield(.modelsListed(.success(try await provider.listModels())))
            } catch {
                events.yield(.modelsListed(.failure(ModelProblem("\(error)"))))
            }
        }
    }

    /// The model's text for `/compact`'s request, into `.compacted`.
    static func summarize(_ request: ChatRequest, provider: (any ChatProvider)?,
                          events: AsyncStream<AppEvent>.Continuation) {
        Task {
            guard let provider else {
                events.yield(.compacted(.failure(ModelProblem("no model is configured"))))
                return
            }
            var text = ""
            do {
                for try await event in provider.stream(request) {
                    if case .text(let piece) = event { text += piece }
                }
                events.yield(.compacted(text.isEmpty ? .failure(ModelProblem("the model wrote no summary")) : .success(text)))
            } catch {
                events.yield(.compacted(.failure(ModelProblem("\(provider.name): \(error)"))))
            }
        }
    }
}
