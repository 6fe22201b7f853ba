import MCP

/// What one server offers besides tools: its resources, resource templates and prompts, as last
/// listed (after connect, and again after each `notifications/*/list_changed`).
public struct ServerCatalog: Sendable, Equatable {
    public var resources: [Resource]
    public var templates: [Resource.Template]
    public var prompts: [Prompt]

    public init(resources: [Resource] = [], templates: [Resource.Template] = [], prompts: [Prompt] = []) {
        self.resources = resources
        self.templates = templates
        self.prompts = prompts
    }

    /// Lists what the server's capabilities offer (2025-11-25 server/resources, server/prompts);
    /// a kind the server does not offer stays empty and is never asked for.
    static func load(from session: MCPSession, capabilities: Server.Capabilities,
                     timeout: Double) async throws -> ServerCatalog {
        var catalog = ServerCatalog()
        if capabilities.resources != nil {
            catalog.resources = try await listResources(session, timeout: timeout)
            catalog.templates = try await listTemplates(session, timeout: timeout)
        }
        if capabilities.prompts != nil {
            catalog.prompts = try await listPrompts(session, timeout: timeout)
        }
        return catalog
    }

    static func listResources(_ session: MCPSession, timeout: Double) async throws -> [Resource] {
        try await CatalogPaging.collect { cursor in
            let page = try await session.request(
                ListResources.self, cursor.map { .init(cursor: $0) } ?? .init(), timeout: timeout)
            return (page.resources, page.nextCursor)
        }
    }

    static func listTemplates(_ session: MCPSession, timeout: Double) async throws -> [Resource.Template] {
        try await CatalogPaging.collect { cursor in
            let page = try await session.request(
                ListResourceTemplates.self, cursor.map { .init(cursor: $0) } ?? .init(), timeout: timeout)
            return (page.templates, page.nextCursor)
        }
    }

    static func listPrompts(_ session: MCPSession, timeout: Double) async throws -> [Prompt] {
        try await CatalogPaging.collect { cursor in
            let page = try await session.request(
                ListPrompts.self, cursor.map { .init(cursor: $0) } ?? .init(), timeout: timeout)
            return (page.prompts, page.nextCursor)
        }
    }
}
