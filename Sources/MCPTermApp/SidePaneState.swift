import MCPHost

/// The side pane's interactive part: whether it has the keyboard, the selected row of each
/// list tab, and the resource shown in the preview.
struct SidePaneState: Equatable, Sendable {
    /// True while keys go to the pane's list instead of the input line.
    var focused = false
    /// Selected row per tab; clamped to the list when used, since lists change under it.
    var selection: [SidePane: Int] = [:]
    /// Rows of the Servers tab scrolled off the top (the tab is text, not a list to select in).
    var serversScroll = 0
    /// The resource last opened with Enter in the Resources tab.
    var preview: ResourcePreview?

    init() {}

    /// The selected row of `tab` within a list of `count` rows, or nil for an empty list.
    func selected(_ tab: SidePane, count: Int) -> Int? {
        guard count > 0 else { return nil }
        return min(max(0, selection[tab] ?? 0), count - 1)
    }
}

/// A resource read for the Resources tab's preview. `text` is nil while the read runs.
struct ResourcePreview: Equatable, Sendable {
    var key: ResourceKey
    var name: String
    var text: String?
    var isError = false

    init(key: ResourceKey, name: String, text: String? = nil, isError: Bool = false) {
        self.key = key
        self.name = name
        self.text = text
        self.isError = isError
    }
}

/// One resource across servers: URIs are unique only within their server.
struct ResourceKey: Hashable, Sendable {
    var server: String
    var uri: String

    init(server: String, uri: String) {
        self.server = server
        self.uri = uri
    }
}

extension SidePane {
    /// The tabs in the order the tab bar shows them and Alt-N/Alt-P cycle them.
    static let tabs: [SidePane] = [.servers, .resources, .prompts, .log]

    var title: String {
        switch self {
        case .servers: return "Servers"
        case .resources: return "Resources"
        case .prompts: return "Prompts"
        case .log: return "Log"
        }
    }

    /// Whether the tab is a list the user can focus and act on.
    var isList: Bool { self == .resources || self == .prompts }

    /// The tab `offset` places further along, wrapping around.
    func cycled(by offset: Int) -> SidePane {
        let tabs = Self.tabs
        let index = tabs.firstIndex(of: self) ?? 0
        return tabs[((index + offset) % tabs.count + tabs.count) % tabs.count]
    }
}
