/// Collects every page of a paginated list (2025-11-25 server/utilities/pagination): follows
/// `nextCursor` until the last page, and stops when a server repeats a cursor, which would
/// otherwise loop forever.
enum CatalogPaging {
    static func collect<Item>(
        _ fetchPage: (_ cursor: String?) async throws -> (items: [Item], nextCursor: String?)
    ) async throws -> [Item] {
        var items: [Item] = []
        var cursor: String?
        var seen = Set<String>()
        repeat {
            let page = try await fetchPage(cursor)
            items += page.items
            cursor = page.nextCursor
            if let next = cursor, !seen.insert(next).inserted { break }
        } while cursor != nil
        return items
    }
}
