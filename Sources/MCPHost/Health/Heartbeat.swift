import Foundation

/// What the heartbeat noticed.
public enum HeartbeatEvent: Equatable, Sendable {
    /// A ping was answered after one or more misses.
    case recovered
    /// The `count`-th ping in a row went unanswered.
    case missed(count: Int)
    /// `count` pings in a row went unanswered: the server is down; the heartbeat has stopped.
    case down(count: Int)
}

/// Pings a server every `interval` seconds (MCP 2025-11-25 basic/utilities/ping) and reports
/// missed answers; after `maxMisses` misses in a row it reports `.down` and stops, so the
/// connection can drop the session and reconnect. A ping that is not answered before the next one
/// is due counts as missed; any answer, even an error, shows the server is alive.
///
/// Time comes from a `SessionClock`, so tests move it by hand. Ticks are on a fixed schedule from
/// `start()`, so a slow answer does not push later pings back.
public final class Heartbeat: Sendable {
    private let task: Task<Void, Never>

    /// Starts at once; the first ping is sent `interval` seconds from now.
    /// - Parameters:
    ///   - ping: sends one ping that fails with `SessionError.timedOut` after the given timeout;
    ///     any other error (the session closed) stops the heartbeat silently.
    ///   - onEvent: called in order, from the heartbeat's task.
    public init(interval: Double, maxMisses: Int, clock: any SessionClock,
                ping: @escaping @Sendable (_ timeout: Double) async throws -> Void,
                onEvent: @escaping @Sendable (HeartbeatEvent) async -> Void) {
        let first = clock.now + interval
        task = Task {
            var deadline = first
            var misses = 0
            while !Task.isCancelled {
                do {
                    try await clock.sleep(until: deadline)
                } catch {
                    return
                }
                if Task.isCancelled { return }
                do {
                    try await ping(interval)
                    if misses > 0 {
                        misses = 0
                        await onEvent(.recovered)
                    }
                } catch SessionError.timedOut {
                    misses += 1
                    if misses >= maxMisses {
                        await onEvent(.down(count: misses))
                        return
                    }
                    await onEvent(.missed(count: misses))
                } catch SessionError.rpc {
                    // An error answer is still an answer: the server is alive.
                    if misses > 0 {
                        misses = 0
                        await onEvent(.recovered)
                    }
                } catch {
                    return
                }
                deadline = max(deadline + interval, clock.now)
            }
        }
    }

    /// Stops pinging; no event is reported after the current one.
    public func stop() {
        task.cancel()
    }

    deinit {
        task.cancel()
    }
}
