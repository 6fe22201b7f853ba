/// The status and headers of a response, available before its body has arrived.
public struct HTTPResponseHead: Sendable, Equatable {
    public var status: Int
    /// Header names are lower-cased; when a name repeats, the last value wins.
    public var headers: [String: String]

    public init(status: Int, headers: [String: String]) {
        self.status = status
        self.headers = headers
    }
}
