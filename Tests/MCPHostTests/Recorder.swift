import Foundation

/// Collects values handed to callbacks on other threads, and lets a test wait until one of them
/// matches (no sleeping: the waiter is resumed by the append that satisfies it).
final class Recorder<Element: Sendable>: @unchecked Sendable {
    // @unchecked: all state is guarded by `lock`.
    private let lock = NSLock()
    private var items: [Element] = []
    private var waiters: [(predicate: @Sendable (Element) -> Bool, continuation: CheckedContinuation<Element, Never>)] = []

    var all: [Element] {
        lock.lock()
        defer { lock.unlock() }
        return items
    }

    func append(_ item: Element) {
        lock.lock()
        items.append(item)
        var ready: [CheckedContinuation<Element, Never>] = []
        waiters.removeAll { waiter in
            guard waiter.predicate(item) else { return false }
            ready.append(waiter.continuation)
            return true
        }
        lock.unlock()
        for continuation in ready { continuation.resume(returning: item) }
    }

    /// The first recorded item matching `predicate`, waiting for it if needed. Only use for
    /// items that must arrive; XCTest's overall timeout is the safety net.
    func first(where predicate: @escaping @Sendable (Element) -> Bool) async -> Element {
        await withCheckedContinuation { continuation in
            lock.lock()
            if let found = items.first(where: predicate) {
                lock.unlock()
                continuation.resume(returning: found)
                return
            }
            waiters.append((predicate, continuation))
            lock.unlock()
        }
    }
}
