/// One Server-Sent Event as dispatched by `SSEDecoder`.
public struct SSEEvent: Equatable, Sendable {
    /// The `event:` field, `"message"` when the event named none.
    public var event: String
    /// The `data:` lines joined with "\n".
    public var data: String
    /// The last event ID in force when this event was dispatched (it persists across events,
    /// as the spec says); `nil` when none was set or it was reset to empty.
    public var id: String?
    /// A `retry:` value (milliseconds) received since the previous event.
    public var retry: Int?

    public init(event: String = "message", data: String, id: String? = nil, retry: Int? = nil) {
        self.event = event
        self.data = data
        self.id = id
        self.retry = retry
    }
}
