import ChatCore
import TUI

/// Rows of transcript items kept from one frame to the next, so a frame lays out only the items
/// that changed (usually the reply that is streaming); an unchanged item costs a comparison
/// (strings that share storage compare in O(1)). The UI loop owns one and passes it to
/// `AppView.render`; without one the view lays out anew, which is what tests of the pure view do.
public final class TranscriptLayoutCache {
    private struct Entry {
        var item: TranscriptItem
        var rows: [StyledLine]
    }

    private var entries: [Int: Entry] = [:]
    private var width: Int?
    private var theme: Theme?
    private var modelName: String?
    /// Items laid out (not found in the cache) since it was made: what the frames cost.
    private(set) var layoutCount = 0
    /// The Markdown of the reply laid out last, kept block by block: a reply that streams grows at
    /// its end, so each frame lays out only its last blocks.
    private var markdown = MarkdownLayoutCache()
    private var markdownIndex: Int?

    /// Whether a reply's finished Markdown blocks are kept (off only to measure what they save:
    /// `mcpterm-bench` compares the two).
    private let keepsMarkdownBlocks: Bool

    public init(keepsMarkdownBlocks: Bool = true) {
        self.keepsMarkdownBlocks = keepsMarkdownBlocks
    }

    /// Forgets everything when what every row depends on changed (a resize, another theme or
    /// model name), and the rows of items that no longer exist (a new conversation).
    func prepare(width: Int, theme: Theme, modelName: String?, itemCount: Int) {
        if width != self.width || modelName != self.modelName || theme != self.theme {
            entries.removeAll()
            self.width = width
            self.theme = theme
            self.modelName = modelName
        }
        if entries.keys.contains(where: { $0 >= itemCount }) {
            entries = entries.filter { $0.key < itemCount }
        }
    }

    /// The block cache for the reply at `index` (a fresh one when another reply asks).
    func markdown(at index: Int) -> MarkdownLayoutCache? {
        guard keepsMarkdownBlocks else { return nil }
        if markdownIndex != index {
            markdown = MarkdownLayoutCache()
            markdownIndex = index
        }
        return markdown
    }

    /// The rows of `item` at `index`: kept ones when the item is the same as when they were made.
    func rows(at index: Int, of item: TranscriptItem, layout: () -> [StyledLine]) -> [StyledLine] {
        if let entry = entries[index], entry.item == item { return entry.rows }
        let rows = layout()
        layoutCount += 1
        entries[index] = Entry(item: item, rows: rows)
        return rows
    }
}
