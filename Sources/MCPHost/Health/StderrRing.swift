import Synchronization

/// The last lines a server wrote to stderr, bounded (oldest dropped first), kept across reconnects
/// so the log pane and a failed server's reason can show what it said before it went away.
/// Written from the transport's reader thread and read from actors: its state is in a `Mutex`.
public final class StderrRing: Sendable {
    private struct Ring {
        var storage: [String] = []
        /// Index of the oldest line once `storage` is full.
        var start = 0
        var appended = 0
    }

    private let ring = Mutex(Ring())
    public let capacity: Int

    public init(capacity: Int = 200) {
        self.capacity = max(1, capacity)
    }

    public func append(_ line: String) {
        let capacity = self.capacity
        ring.withLock { ring in
            ring.appended += 1
            if ring.storage.count < capacity {
                ring.storage.append(line)
            } else {
                ring.storage[ring.start] = line
                ring.start = (ring.start + 1) % capacity
            }
        }
    }

    /// The kept lines, oldest first.
    public var lines: [String] {
        ring.withLock { Array($0.storage[$0.start...] + $0.storage[..<$0.start]) }
    }

    /// How many lines were ever appended (kept or dropped); lets a caller tell whether a line
    /// came after a given moment.
    public var total: Int {
        ring.withLock { $0.appended }
    }

    /// The newest line, if any.
    public var last: String? {
        ring.withLock { ring in
            guard !ring.storage.isEmpty else { return nil }
            return ring.storage[(ring.start + ring.storage.count - 1) % ring.storage.count]
        }
    }
}
