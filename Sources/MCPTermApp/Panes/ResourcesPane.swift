import MCPHost
import TUI

/// The Resources tab: every resource (then every template) with its server, name and type in
/// aligned columns; below, the selected one's URI, type, description and, once read, a preview.
enum ResourcesPane {
    /// Marks in the first two columns of a row.
    static let attachedMark = "📎 "
    static let updatedMark = "↻  "
    static let templateMark = "{} "

    static func draw(_ state: AppState, theme: Theme, into buffer: inout CellBuffer, rect: Rect) {
        let count = state.resources.count + state.resourceTemplates.count
        let selected = state.sidePaneState.selected(.resources, count: count)
        var title = "Resources \(state.resources.count)"
        if !state.resourceTemplates.isEmpty { title += " · templates \(state.resourceTemplates.count)" }
        SidePaneView.drawList(
            title: title, rows: rows(state, width: SidePaneView.textWidth(rect)), selected: selected,
            details: details(state, width: SidePaneView.textWidth(rect), theme: theme),
            empty: "No resources. Resources of ready servers show here.",
            hint: "Enter read · a attach · Esc back", focused: state.sidePaneState.focused,
            theme: theme, into: &buffer, rect: rect)
    }

    /// One line per resource, then per template: mark, server, name, type (or URI template).
    static func rows(_ state: AppState, width: Int) -> [String] {
        let servers = state.resources.map(\.server) + state.resourceTemplates.map(\.server)
        let names = state.resources.map(\.item.name) + state.resourceTemplates.map(\.item.name)
        let serverWidth = SidePaneView.columnWidth(servers, limit: max(4, width / 4))
        let nameWidth = SidePaneView.columnWidth(names, limit: max(4, (width - 3 - serverWidth - 2) * 3 / 5))
        func row(_ mark: String, _ server: String, _ name: String, _ last: String) -> String {
            mark + SidePaneView.column(server, serverWidth) + " " + SidePaneView.column(name, nameWidth) + " " + last
        }
        let resources = state.resources.map { entry -> String in
            let key = ResourceKey(server: entry.server, uri: entry.item.uri)
            let mark = state.attachments.contains(key) ? attachedMark
                : state.attachments.updated.contains(key) ? updatedMark : "   "
            return row(mark, entry.server, entry.item.name, entry.item.mimeType ?? entry.item.uri)
        }
        let templates = state.resourceTemplates.map { entry in
            row(templateMark, entry.server, entry.item.name, entry.item.uriTemplate)
        }
        return resources + templates
    }

    static func details(_ state: AppState, width: Int, theme: Theme) -> [StyledLine] {
        let label = theme.style("pane.dim")
        let text = theme.style("pane.text")
        func field(_ name: String, _ value: String) -> [StyledLine] {
            StyledLine.wrapped(value, width: width, style: text, firstPrefix: (name, label), indent: "      ")
        }
        var out: [StyledLine] = []
        switch SidePaneReducer.selectedResourceRow(state) {
        case .resource(let entry):
            let key = ResourceKey(server: entry.server, uri: entry.item.uri)
            out += field("uri   ", entry.item.uri)
            var type = entry.item.mimeType ?? "unknown type"
            if let size = entry.item.size { type += " · \(size) bytes" }
            out += field("type  ", type)
            if let description = entry.item.description, !description.isEmpty {
                out += StyledLine.wrapped(description, width: width, style: text)
            }
            if state.attachments.contains(key) {
                out.append(StyledLine("📎 attached to the next message", theme.style("pane.emphasis")))
            }
            if state.attachments.updated.contains(key) {
                out.append(StyledLine("↻ changed on the server since read", theme.style("status.warning")))
            }
            out += preview(state.sidePaneState.preview, of: key, width: width, theme: theme)
        case .template(let entry):
            out += field("uri   ", entry.item.uriTemplate)
            out += field("type  ", "template" + (entry.item.mimeType.map { " · \($0)" } ?? ""))
            if let description = entry.item.description, !description.isEmpty {
                out += StyledLine.wrapped(description, width: width, style: text)
            }
            out += StyledLine.wrapped("Enter puts /read with this template in the input: fill in its {values}.",
                                      width: width, style: label)
        case nil:
            break
        }
        return out
    }

    private static func preview(_ preview: ResourcePreview?, of key: ResourceKey, width: Int, theme: Theme) -> [StyledLine] {
        guard let preview, preview.key == key else { return [] }
        let heading = StyledLine("── preview ──", theme.style("pane.dim"))
        guard let text = preview.text else { return [heading, StyledLine("reading…", theme.style("pane.dim"))] }
        if preview.isError {
            return [heading] + StyledLine.wrapped(text, width: width, style: theme.style("log.error"))
        }
        return [heading] + StyledLine.wrapped(text, width: width, style: theme.style("pane.text"))
    }
}
