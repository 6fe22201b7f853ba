import MCPHost

/// The side pane's interactive part: whether it has the keyboard, the selected row of each
/// list tab, and the resource shown in the preview.
public struct SidePaneState: Equatable, Sendable {
    /// True while keys go to the pane's list instead of the input line.
    public var focused = false
    /// Selected row per tab; clamped to the list when used, since lists change under it.
    public var selection: [SidePane: Int] = [:]
    /// Rows of the Servers tab scrolled off the top (the tab is text, not a list to select in).
    public var serversScroll = 0
    /// The resource last opened with Enter in the Resources tab.
    public var preview: ResourcePreview?

    public init() {}

    /// The selected row of `tab` within a list of `count` rows, or nil for an empty list.
    public func selected(_ tab: SidePane, count: Int) -> Int? {
        guard count > 0 else { return nil }
        return min(max(0, selection[tab] ?? 0), count - 1)
    }
}

/// A resource read for the Resources tab's preview. `text` is nil while the read runs.
public struct ResourcePreview: Equatable, Sendable {
    public var key: ResourceKey
    public var name: String
    public var text: String?
    public var isError = false

    public init(key: ResourceKey, name: String, text: String? = nil, isError: Bool = false) {
        self.key = key
        self.name = name
        self.text = text
        self.isError = isError
    }
}

/// One resource across servers: URIs are unique only within their server.
public struct ResourceKey: Hashable, Sendable {
    public var server: String
    public var uri: String

    public init(server: String, uri: String) {
        self.server = server
        self.uri = uri
    }
}

extension SidePane {
    /// The tabs in the order the tab bar shows them and Alt-N/Alt-P cycle them.
    public static let tabs: [SidePane] = [.servers, .resources, .prompts, .log]

    public var title: String {
        switch self {
        case .servers: return "Servers"
        case .resources: return "Resources"
        case .prompts: return "Prompts"
        case .log: return "Log"
        }
    }

    /// Whether the tab is a list the user can focus and act on.
    public var isList: Bool { self == .resources || self == .prompts }

    /// The tab `offset` places further along, wrapping around.
    public func cycled(by offset: Int) -> SidePane {
        let tabs = Self.tabs
        let index = tabs.firstIndex(of: self) ?? 0
        return tabs[((index + offset) % tabs.count + tabs.count) % tabs.count]
    }
}
