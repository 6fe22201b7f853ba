import MCPHost

/// `@server:uri` in a message: a resource the message refers to. The `@` picker writes one into
/// the input; when the message is sent, each reference to a server mcpterm knows is read and its
/// text goes to the model beside the message (as an attachment, `AttachmentReducer`), so the
/// model gets the resource as it is at that moment.
enum ResourceReferences {
    /// How a reference reads in the input.
    static func text(server: String, uri: String) -> String {
        "@\(server):\(uri)"
    }

    /// One reference found in a message, with what the catalog says about it.
    struct Found: Equatable {
        var key: ResourceKey
        var name: String
        var mimeType: String?
    }

    /// The references in `text` to the servers in `servers`, each once, in order. A reference
    /// starts a word (so "ann@example.com" is none); trailing punctuation that is not part of
    /// a listed resource's URI ("see @demo:file:///a.txt.") is left out.
    static func find(in text: String, servers: [String], resources: [ServerResource]) -> [Found] {
        // The longest name first: a server named "a:b" wins over "a" for "@a:b:uri".
        let names = servers.sorted { $0.count > $1.count }
        var found: [Found] = []
        for word in text.split(whereSeparator: \.isWhitespace) where word.hasPrefix("@") {
            let body = word.dropFirst()
            guard let server = names.first(where: { body.hasPrefix($0 + ":") && body.count > $0.count + 1 }) else {
                continue
            }
            var uri = String(body.dropFirst(server.count + 1))
            let listed = { (uri: String) in resources.first { $0.server == server && $0.item.uri == uri } }
            while listed(uri) == nil, let last = uri.last, ".,;:!?)]}\"'".contains(last) {
                uri.removeLast()
            }
            guard !uri.isEmpty else { continue }
            let key = ResourceKey(server: server, uri: uri)
            guard !found.contains(where: { $0.key == key }) else { continue }
            let resource = listed(uri)
            found.append(Found(key: key, name: resource?.item.name ?? displayName(uri), mimeType: resource?.item.mimeType))
        }
        return found
    }

    /// A name for a URI no listing names (one made from a template): its last path part.
    static func displayName(_ uri: String) -> String {
        let trimmed = uri.hasSuffix("/") ? String(uri.dropLast()) : uri
        let last = trimmed.split(separator: "/").last.map(String.init) ?? trimmed
        return last.isEmpty ? uri : last
    }

    /// Adds the references in the message as attachments to be read before it goes (a
    /// resource already attached is not added twice). Returns whether any was found.
    static func attach(_ text: String, _ state: inout AppState) -> Bool {
        let references = find(in: text, servers: state.servers.map(\.name), resources: state.resources)
        for reference in references where !state.attachments.contains(reference.key) {
            var attachment = ResourceAttachment(key: reference.key, name: reference.name, mimeType: reference.mimeType)
            attachment.fromReference = true
            state.attachments.add(attachment)
        }
        return !references.isEmpty
    }
}
