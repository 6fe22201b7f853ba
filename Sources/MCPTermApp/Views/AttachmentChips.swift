import TUI

/// The resources attached to the next message, as chips in the line above the input:
/// "📎 demo:README │ Ctrl-X remove". A chip still being read ends in "…", a changed one in "↻".
enum AttachmentChips {
    static func line(_ attachments: ResourceAttachments, theme: Theme) -> StyledLine? {
        guard !attachments.isEmpty else { return nil }
        var runs: [(text: String, style: Style)] = []
        for attachment in attachments.items {
            var chip = attachment.chip
            if attachment.failed { chip += " ✗" } else if attachment.text == nil { chip += " …" } else if attachment.isStale { chip += " ↻" }
            runs.append((" \(chip) ", theme.style(attachment.failed ? "log.error" : "pane.emphasis")))
            runs.append(("─", theme.style("input.border")))
        }
        if attachments.waitingMessage != nil {
            runs.append((" reading before sending… ", theme.style("status.busy")))
        }
        runs.append((" \(KeyMap.label(of: .detach)) remove ", theme.style("pane.dim")))
        return StyledLine(runs)
    }
}
