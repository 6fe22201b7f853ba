import CCmarkGFM

/// Lays Markdown (CommonMark, parsed by cmark-gfm) out as styled, wrapped rows: headings,
/// emphasis, inline code, fenced code, lists, quotes, links, rules. Partial Markdown (a reply
/// still streaming) lays out as far as it goes. Text is sanitised like any untrusted text.
///
/// Roles: `markdown.heading`, `markdown.strong`, `markdown.emphasis`, `markdown.code`,
/// `markdown.link`, `markdown.quote`, `markdown.rule`, over the `base` style.
public enum MarkdownView {
    public static func lines(_ markdown: String, width: Int, theme: Theme, base: Style) -> [[Span]] {
        let length = markdown.utf8.count
        guard let root = markdown.withCString({ cmark_parse_document($0, length, CMARK_OPT_DEFAULT) }) else {
            return TextWrap.wrap([Span(markdown, style: base)], width: max(1, width))
        }
        defer { cmark_node_free(root) }
        var layout = Layout(theme: theme, base: base)
        return layout.blocks(of: root, width: max(1, width), tight: false)
    }

    private struct Layout {
        let theme: Theme
        let base: Style

        func role(_ name: String) -> Style {
            theme.style(name)
        }

        /// The rows of every block child of `node`, separated by a blank row unless `tight`.
        mutating func blocks(of node: OpaquePointer, width: Int, tight: Bool) -> [[Span]] {
            var out: [[Span]] = []
            var child = cmark_node_first_child(node)
            while let current = child {
                let rows = block(current, width: width)
                if !rows.isEmpty {
                    if !out.isEmpty, !tight { out.append([]) }
                    out += rows
                }
                child = cmark_node_next(current)
            }
            return out
        }

        mutating func block(_ node: OpaquePointer, width: Int) -> [[Span]] {
            switch cmark_node_get_type(node) {
            case CMARK_NODE_PARAGRAPH:
                return TextWrap.wrap(inlines(of: node, style: base), width: width)
            case CMARK_NODE_HEADING:
                let style = role("markdown.heading")
                return TextWrap.wrap(inlines(of: node, style: style), width: width)
            case CMARK_NODE_CODE_BLOCK, CMARK_NODE_HTML_BLOCK:
                var text = literal(node)
                if text.hasSuffix("\n") { text.removeLast() }
                let style = role("markdown.code")
                return prefixed(TextWrap.wrap([Span(text, style: style)], width: max(1, width - 2)),
                                first: [Span("  ", style: style)], rest: [Span("  ", style: style)])
            case CMARK_NODE_THEMATIC_BREAK:
                return [[Span(String(repeating: "─", count: width), style: role("markdown.rule"))]]
            case CMARK_NODE_BLOCK_QUOTE:
                let style = role("markdown.quote")
                let inner = blocks(of: node, width: max(1, width - 2), tight: false)
                return prefixed(inner, first: [Span("│ ", style: style)], rest: [Span("│ ", style: style)])
            case CMARK_NODE_LIST:
                return list(node, width: width)
            default:
                // Unknown blocks (footnotes, custom): their children, so no text is lost.
                return blocks(of: node, width: width, tight: false)
            }
        }

        mutating func list(_ node: OpaquePointer, width: Int) -> [[Span]] {
            let ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST
            let tight = cmark_node_get_list_tight(node) != 0
            var number = Int(cmark_node_get_list_start(node))
            var out: [[Span]] = []
            var item = cmark_node_first_child(node)
            while let current = item {
                let marker = ordered ? "\(number). " : "• "
                let pad = String(repeating: " ", count: marker.displayWidth)
                let inner = blocks(of: current, width: max(1, width - marker.displayWidth), tight: tight)
                if !out.isEmpty, !tight { out.append([]) }
                out += prefixed(inner.isEmpty ? [[]] : inner, first: [Span(marker, style: base)], rest: [Span(pad, style: base)])
                number += 1
                item = cmark_node_next(current)
            }
            return out
        }

        func prefixed(_ rows: [[Span]], first: [Span], rest: [Span]) -> [[Span]] {
            rows.enumerated().map { index, row in (index == 0 ? first : rest) + row }
        }

        /// The inline children of `node` as spans, styles nested (strong inside a link, …).
        func inlines(of node: OpaquePointer, style: Style) -> [Span] {
            var out: [Span] = []
            var child = cmark_node_first_child(node)
            while let current = child {
                out += inline(current, style: style)
                child = cmark_node_next(current)
            }
            return out
        }

        func inline(_ node: OpaquePointer, style: Style) -> [Span] {
            switch cmark_node_get_type(node) {
            case CMARK_NODE_TEXT, CMARK_NODE_HTML_INLINE:
                return [Span(literal(node), style: style)]
            case CMARK_NODE_SOFTBREAK:
                return [Span(" ", style: style)]
            case CMARK_NODE_LINEBREAK:
                return [Span("\n", style: style)]
            case CMARK_NODE_CODE:
                return [Span(literal(node), style: role("markdown.code"))]
            case CMARK_NODE_EMPH:
                var emphasis = style
                emphasis.italic = true
                return inlines(of: node, style: merge(emphasis, role("markdown.emphasis")))
            case CMARK_NODE_STRONG:
                var strong = style
                strong.bold = true
                return inlines(of: node, style: merge(strong, role("markdown.strong")))
            case CMARK_NODE_LINK:
                var link = merge(style, role("markdown.link"))
                link.underline = true
                let text = inlines(of: node, style: link)
                let url = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
                // Show where a link goes unless its text already is the address.
                if url.isEmpty || text.plainText == url { return text }
                return text + [Span(" (\(url))", style: role("markdown.rule"))]
            case CMARK_NODE_IMAGE:
                return [Span("[image: ", style: style)] + inlines(of: node, style: style) + [Span("]", style: style)]
            default:
                return inlines(of: node, style: style)
            }
        }

        /// `extra`'s colours and attributes on top of `style`.
        func merge(_ style: Style, _ extra: Style) -> Style {
            var out = style
            if extra.fg != .default { out.fg = extra.fg }
            if extra.bg != .default { out.bg = extra.bg }
            out.bold = out.bold || extra.bold
            out.dim = out.dim || extra.dim
            out.italic = out.italic || extra.italic
            out.underline = out.underline || extra.underline
            out.reverse = out.reverse || extra.reverse
            return out
        }

        func literal(_ node: OpaquePointer) -> String {
            cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
        }
    }
}
