import CCmarkGFM

/// Lays Markdown (GitHub-flavoured, parsed by cmark-gfm with its table, strikethrough, task list
/// and autolink extensions) out as styled, wrapped rows: headings by level, emphasis, strikethrough,
/// inline code, fenced code blocks (`CodeBlockView`), tables (`MarkdownTable`), lists and task
/// lists, quotes, links, rules. Partial Markdown (a reply still streaming) lays out as far as it
/// goes. Text is sanitised like any untrusted text. A reply that grows at its end is laid out
/// again only from its last block on with a `MarkdownLayoutCache`.
///
/// Roles: `markdown.heading.1` … `.3` (and `markdown.heading` for levels 4–6), `markdown.strong`,
/// `markdown.emphasis`, `markdown.strikethrough`, `markdown.code`, `markdown.link`,
/// `markdown.quote`, `markdown.rule`, `markdown.task`, `markdown.task.done`, `markdown.table`,
/// `markdown.table.header`, the `code.*` roles of code blocks, over the `base` style.
public enum MarkdownView {
    public static func lines(_ markdown: String, width: Int, theme: Theme, base: Style) -> [[Span]] {
        guard let document = MarkdownDocument.parse(markdown) else {
            return TextWrap.wrap([Span(markdown, style: base)], width: max(1, width))
        }
        var layout = Layout(theme: theme, base: base)
        return joined(document.topLevelBlocks.map { layout.block($0.node, width: max(1, width)) })
    }

    /// Blocks' rows in order with a blank row between blocks (a block without rows takes none).
    static func joined(_ blocks: [[[Span]]]) -> [[Span]] {
        var out: [[Span]] = []
        for rows in blocks where !rows.isEmpty {
            if !out.isEmpty { out.append([]) }
            out += rows
        }
        return out
    }

    /// Struck-through text: U+0336 (combining long stroke overlay) after each visible character,
    /// as ncurses has no strikethrough attribute; the role adds a style where it does not show.
    static let strokeOverlay: Character = "\u{336}"

    struct Layout {
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
            let type = cmark_node_get_type(node)
            switch type {
            case CMARK_NODE_PARAGRAPH:
                return TextWrap.wrap(inlines(of: node, style: base), width: width)
            case CMARK_NODE_HEADING:
                return TextWrap.wrap(inlines(of: node, style: base.overlaid(with: headingStyle(node))), width: width)
            case CMARK_NODE_CODE_BLOCK:
                let info = cmark_node_get_fence_info(node).map { String(cString: $0) } ?? ""
                return CodeBlockView.rows(code: literal(node), info: info, width: width, theme: theme, base: base)
            case CMARK_NODE_HTML_BLOCK:
                return CodeBlockView.rows(code: literal(node), info: "", width: width, theme: theme, base: base)
            case CMARK_NODE_THEMATIC_BREAK:
                return [[Span(String(repeating: "─", count: width), style: role("markdown.rule"))]]
            case CMARK_NODE_BLOCK_QUOTE:
                let style = role("markdown.quote")
                let inner = blocks(of: node, width: max(1, width - 2), tight: false)
                return prefixed(inner, first: [Span("│ ", style: style)], rest: [Span("│ ", style: style)])
            case CMARK_NODE_LIST:
                return list(node, width: width)
            case MarkdownDocument.tableType:
                return table(node).lines(width: width, border: base.overlaid(with: role("markdown.table")), base: base)
            default:
                // Unknown blocks (footnotes, custom): their children, so no text is lost.
                return blocks(of: node, width: width, tight: false)
            }
        }

        func headingStyle(_ node: OpaquePointer) -> Style {
            switch cmark_node_get_heading_level(node) {
            case 1: return role("markdown.heading.1")
            case 2: return role("markdown.heading.2")
            case 3: return role("markdown.heading.3")
            default: return role("markdown.heading")
            }
        }

        mutating func list(_ node: OpaquePointer, width: Int) -> [[Span]] {
            let ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST
            let tight = cmark_node_get_list_tight(node) != 0
            var number = Int(cmark_node_get_list_start(node))
            var out: [[Span]] = []
            var item = cmark_node_first_child(node)
            while let current = item {
                var marker = [Span(ordered ? "\(number). " : "• ", style: base)]
                if MarkdownDocument.isTaskItem(current) {
                    let done = cmark_gfm_extensions_get_tasklist_item_checked(current)
                    let box = Span(done ? "☑ " : "☐ ", style: base.overlaid(with: role(done ? "markdown.task.done" : "markdown.task")))
                    marker = ordered ? marker + [box] : [box]
                }
                let markerWidth = marker.displayWidth
                let pad = [Span(String(repeating: " ", count: markerWidth), style: base)]
                let inner = blocks(of: current, width: max(1, width - markerWidth), tight: tight)
                if !out.isEmpty, !tight { out.append([]) }
                out += prefixed(inner.isEmpty ? [[]] : inner, first: marker, rest: pad)
                number += 1
                item = cmark_node_next(current)
            }
            return out
        }

        /// The table's cells as styled text (header cells in `markdown.table.header`).
        func table(_ node: OpaquePointer) -> MarkdownTable {
            let count = Int(cmark_gfm_extensions_get_table_columns(node))
            var alignments: [MarkdownTable.Alignment] = []
            if let raw = cmark_gfm_extensions_get_table_alignments(node) {
                for index in 0..<count {
                    switch raw[index] {
                    case UInt8(ascii: "c"): alignments.append(.center)
                    case UInt8(ascii: "r"): alignments.append(.right)
                    default: alignments.append(.left)
                    }
                }
            }
            var rows: [[[Span]]] = []
            var hasHeader = false
            var row = cmark_node_first_child(node)
            while let currentRow = row {
                let header = cmark_gfm_extensions_get_table_row_is_header(currentRow) != 0
                if rows.isEmpty { hasHeader = header }
                let style = header ? base.overlaid(with: role("markdown.table.header")) : base
                var cells: [[Span]] = []
                var cell = cmark_node_first_child(currentRow)
                while let currentCell = cell {
                    cells.append(inlines(of: currentCell, style: style))
                    cell = cmark_node_next(currentCell)
                }
                rows.append(cells)
                row = cmark_node_next(currentRow)
            }
            return MarkdownTable(rows: rows, hasHeader: hasHeader, alignments: alignments)
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
            let type = cmark_node_get_type(node)
            switch type {
            case CMARK_NODE_TEXT, CMARK_NODE_HTML_INLINE:
                return [Span(literal(node), style: style)]
            case CMARK_NODE_SOFTBREAK:
                return [Span(" ", style: style)]
            case CMARK_NODE_LINEBREAK:
                return [Span("\n", style: style)]
            case CMARK_NODE_CODE:
                return [Span(literal(node), style: style.overlaid(with: role("markdown.code")))]
            case CMARK_NODE_EMPH:
                var emphasis = style
                emphasis.italic = true
                return inlines(of: node, style: emphasis.overlaid(with: role("markdown.emphasis")))
            case CMARK_NODE_STRONG:
                var strong = style
                strong.bold = true
                return inlines(of: node, style: strong.overlaid(with: role("markdown.strong")))
            case MarkdownDocument.strikethroughType:
                return inlines(of: node, style: style.overlaid(with: role("markdown.strikethrough"))).map(struck)
            case CMARK_NODE_LINK:
                var link = style.overlaid(with: role("markdown.link"))
                link.underline = true
                let text = inlines(of: node, style: link)
                let url = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
                // Show where a link goes unless its text already is the address (autolinks:
                // `www.x.test` goes to `http://www.x.test`, `a@x.test` to `mailto:a@x.test`).
                let shown = text.plainText
                if url.isEmpty || shown == url || "http://" + shown == url || "mailto:" + shown == url { return text }
                return text + [Span(" (\(url))", style: role("markdown.rule"))]
            case CMARK_NODE_IMAGE:
                return [Span("[image: ", style: style)] + inlines(of: node, style: style) + [Span("]", style: style)]
            default:
                return inlines(of: node, style: style)
            }
        }

        func struck(_ span: Span) -> Span {
            var text = ""
            for c in span.text.sanitizedForTerminal(keepNewlines: true) {
                text.append(c)
                if !c.isWhitespace { text.append(MarkdownView.strokeOverlay) }
            }
            return Span(text, style: span.style)
        }

        func literal(_ node: OpaquePointer) -> String {
            cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
        }
    }
}
