import Synchronization

/// Collects values handed to callbacks on other threads, and lets a test wait until one of them
/// matches (no sleeping: the waiter is resumed by the append that satisfies it).
public final class Recorder<Element: Sendable>: Sendable {
    private struct Waiter {
        var predicate: @Sendable (Element) -> Bool
        var continuation: CheckedContinuation<Element, Never>
    }

    private struct State {
        var items: [Element] = []
        var waiters: [Waiter] = []
    }

    private let state = Mutex(State())

    public init() {}

    public var all: [Element] {
        state.withLock { $0.items }
    }

    public func append(_ item: Element) {
        let ready = state.withLock { state -> [CheckedContinuation<Element, Never>] in
            state.items.append(item)
            var ready: [CheckedContinuation<Element, Never>] = []
            state.waiters.removeAll { waiter in
                guard waiter.predicate(item) else { return false }
                ready.append(waiter.continuation)
                return true
            }
            return ready
        }
        for continuation in ready { continuation.resume(returning: item) }
    }

    /// The first recorded item matching `predicate`, waiting for it if needed. Only use for
    /// items that must arrive; XCTest's overall timeout is the safety net.
    public func first(where predicate: @escaping @Sendable (Element) -> Bool) async -> Element {
        await withCheckedContinuation { continuation in
            let found = state.withLock { state -> Element? in
                if let found = state.items.first(where: predicate) { return found }
                state.waiters.append(Waiter(predicate: predicate, continuation: continuation))
                return nil
            }
            if let found { continuation.resume(returning: found) }
        }
    }
}
