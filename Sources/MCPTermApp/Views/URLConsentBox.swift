import MCPHost
import TUI

/// The box asking whether to open a server's page: who asks and why, the host set apart (what
/// the user should check), the whole URL, and the keys from `KeyMap.urlConsent`.
enum URLConsentBox {
    static func bodyLines(_ prompt: URLConsentState.Prompt, width: Int, theme: Theme) -> [StyledLine] {
        let label = theme.style("modal.label")
        let text = theme.style("modal.text")
        let page = prompt.page
        var body: [StyledLine] = []
        body.append(StyledLine([("Server  ", label), (page.server.sanitizedForTerminal(), theme.style("modal.emphasis"))]))
        if !page.message.isEmpty {
            body += StyledLine.wrapped(page.message, width: width, style: text, firstPrefix: ("Why     ", label), indent: "        ")
        }
        body.append(StyledLine([("Host    ", label), ((page.host ?? "(none)").sanitizedForTerminal(), theme.style("modal.emphasis"))]))
        body += StyledLine.wrapped(page.url, width: width, style: theme.style("modal.code"),
                                   firstPrefix: ("URL     ", label), indent: "        ")
        if !page.isWebPage {
            body += StyledLine.wrapped("Not an http(s) page: mcpterm will not open it.", width: width,
                                       style: theme.style("modal.warning"), firstPrefix: ("⚠ ", theme.style("modal.warning")), indent: "  ")
        } else if page.url.lowercased().hasPrefix("http:") {
            body += StyledLine.wrapped("Plain http: what you type there is not encrypted.", width: width,
                                       style: theme.style("modal.warning"), firstPrefix: ("⚠ ", theme.style("modal.warning")), indent: "  ")
        }
        if prompt.requestID == nil {
            body += StyledLine.wrapped("A tool call needs this first; ask again once you are done there.", width: width,
                                       style: label, indent: "")
        }
        return body
    }

    static func footer(_ box: URLConsentState, theme: Theme) -> StyledLine {
        let key = theme.style("modal.key")
        let text = theme.style("modal.text")
        let off = theme.style("modal.label")
        var runs: [(text: String, style: Style)] = []
        for binding in KeyMap.urlConsent {
            guard let hint = binding.hint else { continue }
            runs.append((binding.label, box.armed ? key : off))
            runs.append((" \(hint)  ", box.armed ? text : off))
        }
        if !box.armed { runs.append(("arming…", off)) }
        return StyledLine(runs)
    }

    static func draw(_ box: URLConsentState, theme: Theme, into buffer: inout CellBuffer, area: Rect) {
        guard let prompt = box.current else { return }
        let width = min(area.width, max(40, min(100, area.width - 4)))
        let body = bodyLines(prompt, width: max(1, width - 4), theme: theme)
        let height = min(area.height, body.count + 4)
        guard height >= 3, width >= 10 else { return }
        let rect = Rect(x: area.x + (area.width - width) / 2, y: area.y + area.height - height, width: width, height: height)
        buffer.fill(rect, style: theme.style("modal.text"))
        let title = box.queue.count > 1 ? "Open a page? (1 of \(box.queue.count))" : "Open a page?"
        let inner = Box.draw(into: &buffer, rect: rect, title: title, style: theme.style("modal.border"),
                             titleStyle: theme.style("modal.title"))
        for (row, line) in body.prefix(max(0, inner.height - 2)).enumerated() {
            line.draw(into: &buffer, x: inner.x + 1, y: inner.y + row, width: inner.width - 2)
        }
        footer(box, theme: theme).draw(into: &buffer, x: inner.x + 1, y: inner.y + inner.height - 1, width: inner.width - 2)
    }
}
