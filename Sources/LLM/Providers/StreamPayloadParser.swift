/// A provider's parser of its streamed reply: fed one payload at a time, it turns the
/// provider's wire format into `StreamEvent`s. `SendableMetatype`: `StreamingPost` makes a
/// parser of the type inside the task that reads the reply.
protocol StreamPayloadParser: SendableMetatype {
    associatedtype Framing: StreamFraming
    /// `provider` names the provider in error messages.
    init(provider: String)
    /// The reply's last event arrived: nothing after it is read.
    var isDone: Bool { get }
    mutating func consume(_ payload: Framing.Payload) throws -> [StreamEvent]
    /// The body ended: the events still held back, or an error if the reply was cut short.
    mutating func finish() throws -> [StreamEvent]
}
