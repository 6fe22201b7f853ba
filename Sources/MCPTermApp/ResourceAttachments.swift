import MCPHost

/// Resources attached to the next chat message, and what the app tracks to keep their text
/// current: reads in flight, subscriptions, and resources their server reported as changed.
struct ResourceAttachments: Equatable, Sendable {
    /// In the order attached; each resource at most once.
    private(set) var items: [ResourceAttachment] = []
    /// Resources whose server sent `notifications/resources/updated` since the user last read them.
    var updated: Set<ResourceKey> = []
    /// A message the user sent that waits for attached resources to be (re)read.
    var waitingMessage: String?
    /// Reads the pane or an attachment started: their results update these, not the transcript.
    var readsInFlight: Set<ResourceKey> = []
    /// Resources already subscribed to, so each is subscribed once.
    var subscribed: Set<ResourceKey> = []

    init() {}

    var isEmpty: Bool { items.isEmpty }

    func contains(_ key: ResourceKey) -> Bool {
        items.contains { $0.key == key }
    }

    mutating func add(_ attachment: ResourceAttachment) {
        guard !contains(attachment.key) else { return }
        items.append(attachment)
    }

    @discardableResult
    mutating func remove(_ key: ResourceKey) -> ResourceAttachment? {
        guard let index = items.firstIndex(where: { $0.key == key }) else { return nil }
        return items.remove(at: index)
    }

    @discardableResult
    mutating func removeLast() -> ResourceAttachment? {
        items.popLast()
    }

    mutating func removeAll() {
        items = []
    }

    /// Drops the attachments made from references in a message that went back to the input.
    mutating func removeReferenced() {
        items.removeAll { $0.fromReference }
    }

    /// Applies a read's result to the attachment of `key`, if any.
    mutating func setText(_ text: String, isError: Bool, for key: ResourceKey) {
        guard let index = items.firstIndex(where: { $0.key == key }) else { return }
        items[index].text = text
        items[index].failed = isError
        items[index].isStale = false
    }

    mutating func markStale(_ key: ResourceKey) {
        guard let index = items.firstIndex(where: { $0.key == key }) else { return }
        items[index].isStale = true
    }

    /// Attachments whose text must be read before the message can go: never read, failed, or changed since.
    var needingRead: [ResourceAttachment] {
        items.filter { $0.text == nil || $0.isStale || $0.failed }
    }
}

/// One attached resource: the text last read (nil until read) goes into the user message.
struct ResourceAttachment: Equatable, Sendable {
    var key: ResourceKey
    var name: String
    var mimeType: String?
    var text: String?
    /// The last read failed; `text` holds the error.
    var failed = false
    /// The server reported a change after `text` was read.
    var isStale = false
    /// Added for an `@server:uri` in the message when it was sent (`ResourceReferences`), not
    /// attached by hand: when the message comes back to the input, the reference in its text
    /// says it again, so the attachment goes.
    var fromReference = false

    init(key: ResourceKey, name: String, mimeType: String? = nil, text: String? = nil) {
        self.key = key
        self.name = name
        self.mimeType = mimeType
        self.text = text
    }

    /// How the input area shows it: "📎 server:name".
    var chip: String { "📎 \(key.server):\(name)" }
}
