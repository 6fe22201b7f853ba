/// The newest `capacity` trace records of one server, oldest dropped first, counting what was
/// dropped so the pane can say so. A chatty server cannot grow memory past it.
public struct TraceRing: Equatable, Sendable {
    public let capacity: Int
    private var storage: [TraceRecord] = []
    /// Index of the oldest record once `storage` is full.
    private var start = 0
    /// Records dropped to make room.
    public private(set) var dropped = 0

    public init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    public var count: Int { storage.count }

    public mutating func append(_ record: TraceRecord) {
        if storage.count < capacity {
            storage.append(record)
        } else {
            storage[start] = record
            start = (start + 1) % capacity
            dropped += 1
        }
    }

    /// Oldest first.
    public var records: [TraceRecord] {
        Array(storage[start...]) + storage[..<start]
    }
}
