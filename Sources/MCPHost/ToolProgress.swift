import MCP

/// One `notifications/progress` of a request: how far (`progress`, growing), out of `total`
/// when the server knows it, with its message.
public struct ToolProgress: Equatable, Sendable {
    public var progress: Double
    public var total: Double?
    public var message: String?

    public init(progress: Double, total: Double? = nil, message: String? = nil) {
        self.progress = progress
        self.total = total
        self.message = message
    }

    /// The progress a notification's params carry; nil when they have no number `progress`.
    public init?(params: Value?) {
        guard let fields = params?.objectValue, let progress = Self.number(fields["progress"]) else { return nil }
        self.progress = progress
        self.total = Self.number(fields["total"]).flatMap { $0 > 0 ? $0 : nil }
        self.message = fields["message"]?.stringValue
    }

    /// `progress / total` from 0 to 1, when the total is known.
    public var fraction: Double? {
        guard let total else { return nil }
        return min(1, max(0, progress / total))
    }

    private static func number(_ value: Value?) -> Double? {
        switch value {
        case .int(let n)?: return Double(n)
        case .double(let d)? where d.isFinite: return d
        default: return nil
        }
    }
}
