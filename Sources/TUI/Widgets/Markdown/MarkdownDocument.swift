import CCmarkGFM

/// A Markdown text parsed by cmark-gfm with the GitHub extensions switched on (tables,
/// strikethrough, task lists, autolinks). Owns the node tree; nodes are valid while it lives.
final class MarkdownDocument {
    let root: OpaquePointer

    /// Registers the GFM extensions, once per process (registration is not thread-safe; a
    /// `static let` runs it exactly once). Extensions are then found by name.
    private static let registered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    static let extensionNames = ["table", "strikethrough", "tasklist", "autolink"]

    static func syntaxExtension(_ name: String) -> OpaquePointer? {
        _ = registered
        return name.withCString { cmark_find_syntax_extension($0) }
    }

    /// Whether a list item is a task item ("- [ ] …").
    static func isTaskItem(_ node: OpaquePointer) -> Bool {
        guard let item = cmark_node_get_syntax_extension(node) else { return false }
        return item == syntaxExtension("tasklist")
    }

    /// Node types the extensions register (read after registration).
    static let tableType: cmark_node_type = { _ = registered; return ccmark_node_table() }()
    static let strikethroughType: cmark_node_type = { _ = registered; return ccmark_node_strikethrough() }()

    /// Parses `bytes` (UTF-8); nil only when cmark cannot allocate.
    init?(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let parser = cmark_parser_new(CMARK_OPT_DEFAULT) else { return nil }
        defer { cmark_parser_free(parser) }
        for name in Self.extensionNames {
            if let syntax = Self.syntaxExtension(name) { cmark_parser_attach_syntax_extension(parser, syntax) }
        }
        bytes.withMemoryRebound(to: CChar.self) { chars in
            if let base = chars.baseAddress { cmark_parser_feed(parser, base, chars.count) }
        }
        guard let root = cmark_parser_finish(parser) else { return nil }
        self.root = root
    }

    /// Parses a string (its UTF-8 bytes).
    static func parse(_ text: String) -> MarkdownDocument? {
        var text = text
        return text.withUTF8 { MarkdownDocument($0) }
    }

    deinit {
        cmark_node_free(root)
    }

    /// The top-level blocks in order, with the lines (1-based, in the parsed text) they span.
    var topLevelBlocks: [Block] {
        var out: [Block] = []
        var child = cmark_node_first_child(root)
        while let node = child {
            out.append(Block(node: node, startLine: Int(cmark_node_get_start_line(node)),
                             endLine: Int(cmark_node_get_end_line(node))))
            child = cmark_node_next(node)
        }
        return out
    }

    /// A top-level block and its source lines. cmark leaves the lines 0 where it rebuilt a node
    /// (the paragraph a table header was split from), so positions are only trusted when sane.
    struct Block {
        var node: OpaquePointer
        var startLine: Int
        var endLine: Int

        var hasTrustedLines: Bool { startLine >= 1 && endLine >= startLine }
    }
}
