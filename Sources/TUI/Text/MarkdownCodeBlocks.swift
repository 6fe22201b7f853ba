import CCmarkGFM

/// The code blocks of a Markdown text (fenced and indented), as CommonMark reads them: what
/// `/copy N` copies. Parsed by cmark-gfm like `MarkdownView`, so block N is the Nth block
/// the reader sees, fences inside lists and quotes included, never a fence inside a code block.
public enum MarkdownCodeBlocks {
    public struct Block: Equatable, Sendable {
        /// The fence's info string's first word ("swift"), nil when there is none.
        public var language: String?
        /// The block's text, without the newline that ends its last line.
        public var text: String
    }

    public static func blocks(in markdown: String) -> [Block] {
        let length = markdown.utf8.count
        guard let root = markdown.withCString({ cmark_parse_document($0, length, CMARK_OPT_DEFAULT) }) else { return [] }
        defer { cmark_node_free(root) }
        guard let iterator = cmark_iter_new(root) else { return [] }
        defer { cmark_iter_free(iterator) }
        var out: [Block] = []
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator),
                  cmark_node_get_type(node) == CMARK_NODE_CODE_BLOCK else { continue }
            var text = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
            if text.hasSuffix("\n") { text.removeLast() }
            let info = cmark_node_get_fence_info(node).map { String(cString: $0) } ?? ""
            let language = info.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init)
            out.append(Block(language: language, text: text))
        }
        return out
    }
}
