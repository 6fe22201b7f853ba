/// The one timer task a session keeps for all its request timeouts.
///
/// A task per request (start, sleep, cancel on the response) cost ~26,000 instructions and two
/// thread wake-ups per round trip (callgrind, BENCHMARKS.md). Here a task sleeps until the
/// earliest deadline; a request whose deadline is later (the usual case: same timeout, sent
/// later) starts nothing. When the task wakes, the session times out what is overdue and starts
/// the task again for the next deadline. Used only from the session's actor.
struct DeadlineWatch {
    private var task: Task<Void, Never>?
    /// The deadline the running task sleeps until.
    private var wakeAt: Double?

    /// True when no task runs, or it would wake after `deadline`.
    func needsWake(before deadline: Double) -> Bool {
        guard deadline.isFinite else { return false }
        guard let wakeAt else { return true }
        return deadline < wakeAt
    }

    /// Replaces the running task (if any) with `task`, which sleeps until `deadline`.
    mutating func start(until deadline: Double, _ task: Task<Void, Never>) {
        self.task?.cancel()
        self.task = task
        wakeAt = deadline
    }

    /// The task has woken up and is done.
    mutating func stopped() {
        task = nil
        wakeAt = nil
    }

    mutating func cancel() {
        task?.cancel()
        stopped()
    }
}
