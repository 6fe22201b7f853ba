import MCP

/// One resource, resource template or prompt in the host's merged catalog, with the server
/// that offers it (calls about it go to that server).
public struct CatalogEntry<Item: Sendable & Equatable>: Sendable, Equatable {
    public var server: String
    public var item: Item

    public init(server: String, item: Item) {
        self.server = server
        self.item = item
    }
}

public typealias ServerResource = CatalogEntry<Resource>
public typealias ServerResourceTemplate = CatalogEntry<Resource.Template>
public typealias ServerPrompt = CatalogEntry<Prompt>
