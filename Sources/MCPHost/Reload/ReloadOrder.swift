/// The server list after a reload: the new file's entries in file order, with each server whose new
/// entry has an error (it keeps its old entry) put back where it was, right after the server that
/// preceded it before, rather than at the end of the list.
enum ReloadOrder {
    /// `fresh`: the usable entries of the new file, in order; `kept`: old entries kept because their
    /// new one is broken; `previous`: the list before the reload, which fixes where they go.
    static func merge(_ fresh: [ServerConfig], keeping kept: [ServerConfig],
                      previous: [ServerConfig]) -> [ServerConfig] {
        var result = fresh
        let keptNames = Set(kept.map(\.name))
        for entry in previous where keptNames.contains(entry.name) {
            guard let config = kept.first(where: { $0.name == entry.name }),
                  !result.contains(where: { $0.name == config.name }),
                  let position = previous.firstIndex(where: { $0.name == config.name }) else { continue }
            // The nearest earlier server that is still listed; none: the kept one goes first.
            let anchor = previous[..<position].reversed().first { before in
                result.contains { $0.name == before.name }
            }
            let index = anchor.flatMap { before in result.firstIndex { $0.name == before.name } }.map { $0 + 1 } ?? 0
            result.insert(config, at: index)
        }
        return result
    }
}
