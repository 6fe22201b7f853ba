import MCP
import NIOConcurrencyHelpers

/// Coalesces a server's `notifications/{tools,resources,prompts}/list_changed`: per kind, one
/// refresh runs at a time and at most one more is pending, however many notifications arrive.
/// A flood of 10,000 a second once made one `tools/list` each (99,995 requests, 886 MB resident);
/// now it makes two or three, and the last refresh still starts after the last notification, so
/// the lists end up as the server left them.
///
/// Called from the session's notification callback (which must not wait), hence a lock, not an actor.
final class ListRefreshGate: Sendable {
    /// What a `list_changed` notification is about.
    enum Kind: Sendable, Hashable {
        case tools
        /// Resources and resource templates (MCP has one notification for both).
        case resources
        case prompts

        /// The kind `method` announces a change of, if it is a `list_changed` notification.
        init?(notification method: String) {
            switch method {
            case ToolListChangedNotification.name: self = .tools
            case ResourceListChangedNotification.name: self = .resources
            case PromptListChangedNotification.name: self = .prompts
            default: return nil
            }
        }
    }

    private struct Slot {
        var running = false
        /// A change was announced after the running refresh began.
        var pending = false
    }

    private let slots = NIOLockedValueBox([Kind: Slot]())

    /// A change of `kind` was announced. True when no refresh of it runs: the caller starts one
    /// (and calls `finished` after each pass). False when one runs: it will run once more.
    func announce(_ kind: Kind) -> Bool {
        slots.withLockedValue { slots in
            if slots[kind, default: Slot()].running {
                slots[kind]?.pending = true
                return false
            }
            slots[kind] = Slot(running: true, pending: false)
            return true
        }
    }

    /// A refresh pass of `kind` is done. True when a change was announced meanwhile: the caller
    /// refreshes again. False: the kind is idle, and the next announcement starts a new refresh.
    func finished(_ kind: Kind) -> Bool {
        slots.withLockedValue { slots in
            if slots[kind, default: Slot()].pending {
                slots[kind]?.pending = false
                return true
            }
            slots[kind] = Slot()
            return false
        }
    }
}
