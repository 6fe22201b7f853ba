import MCP

/// How a running request is getting on: the latest `notifications/progress` (how far,
/// `progress`, growing, out of `total` when the server knows it, with its message), and, for a
/// tool call the server runs as a task, the task's latest status.
public struct ToolProgress: Equatable, Sendable {
    /// Nil when only a task status has been heard.
    public var progress: Double?
    public var total: Double?
    public var message: String?
    public var task: ToolTaskStatus?

    public init(progress: Double, total: Double? = nil, message: String? = nil) {
        self.progress = progress
        self.total = total
        self.message = message
    }

    public init(task: ToolTaskStatus) {
        self.task = task
    }

    /// `latest` on top of what was known: a task status keeps the progress heard before it, and
    /// progress keeps the task status.
    public func updated(with latest: ToolProgress) -> ToolProgress {
        var next = latest
        if next.progress == nil {
            next.progress = progress
            next.total = total
            next.message = message
        }
        if next.task == nil { next.task = task }
        return next
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
        guard let total, let progress else { return nil }
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

/// A task's status as the server last reported it (`tasks/get`, or the task handle).
public struct ToolTaskStatus: Equatable, Sendable {
    public var taskID: String
    /// working, input_required, completed, failed or cancelled.
    public var status: String
    public var message: String?

    public init(taskID: String, status: String, message: String? = nil) {
        self.taskID = taskID
        self.status = status
        self.message = message
    }
}
