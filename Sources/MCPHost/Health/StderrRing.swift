import Foundation

/// The last lines a server wrote to stderr, bounded (oldest dropped first), kept across reconnects
/// so the log pane and a failed server's reason can show what it said before it went away.
/// Written from the transport's reader thread and read from actors, hence the lock.
public final class StderrRing: @unchecked Sendable {
    // @unchecked: the stored properties are only touched under `lock`.
    private let lock = NSLock()
    private var storage: [String] = []
    /// Index of the oldest line once `storage` is full.
    private var start = 0
    private var appended = 0
    public let capacity: Int

    public init(capacity: Int = 200) {
        self.capacity = max(1, capacity)
    }

    public func append(_ line: String) {
        lock.lock()
        defer { lock.unlock() }
        appended += 1
        if storage.count < capacity {
            storage.append(line)
        } else {
            storage[start] = line
            start = (start + 1) % capacity
        }
    }

    /// The kept lines, oldest first.
    public var lines: [String] {
        lock.lock()
        defer { lock.unlock() }
        return Array(storage[start...] + storage[..<start])
    }

    /// How many lines were ever appended (kept or dropped); lets a caller tell whether a line
    /// came after a given moment.
    public var total: Int {
        lock.lock()
        defer { lock.unlock() }
        return appended
    }

    /// The newest line, if any.
    public var last: String? {
        lock.lock()
        defer { lock.unlock() }
        guard !storage.isEmpty else { return nil }
        return storage[(start + storage.count - 1) % storage.count]
    }
}
