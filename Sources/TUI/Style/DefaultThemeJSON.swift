// Generated from themes/default.json by scripts/embed-default-theme.sh; do not edit by hand.
// ThemeTests checks that it matches the file byte for byte.

extension Theme {
    /// The text of the shipped `themes/default.json`.
    static let defaultThemeJSON = #"""
{
  "name": "default",
  "styles": {
    "background": {},
    "chat.user": {
      "fg": "bright-white"
    },
    "chat.user.header": {
      "fg": "#7aa2f7",
      "bold": true
    },
    "chat.assistant": {},
    "chat.assistant.header": {
      "fg": "#9ece6a",
      "bold": true
    },
    "chat.notice": {
      "fg": "#a9b1d6",
      "dim": true
    },
    "chat.error": {
      "fg": "#f7768e"
    },
    "tool": {
      "fg": "#c0caf5"
    },
    "tool.header": {
      "fg": "#bb9af7",
      "bold": true
    },
    "tool.label": {
      "fg": "#565f89"
    },
    "tool.args": {
      "fg": "#a9b1d6"
    },
    "tool.result": {
      "fg": "#c0caf5"
    },
    "tool.pending": {
      "fg": "#e0af68",
      "bold": true
    },
    "tool.running": {
      "fg": "#7dcfff"
    },
    "tool.done": {
      "fg": "#9ece6a"
    },
    "tool.failed": {
      "fg": "#f7768e"
    },
    "tool.denied": {
      "fg": "#ff9e64"
    },
    "modal": {
      "fg": "#c0caf5",
      "bg": "#1f2335"
    },
    "modal.border": {
      "fg": "#e0af68",
      "bg": "#1f2335"
    },
    "modal.title": {
      "fg": "#e0af68",
      "bg": "#1f2335",
      "bold": true
    },
    "modal.label": {
      "fg": "#7aa2f7",
      "bg": "#1f2335"
    },
    "modal.emphasis": {
      "fg": "#ffffff",
      "bg": "#1f2335",
      "bold": true
    },
    "modal.warning": {
      "fg": "#f7768e",
      "bg": "#1f2335",
      "bold": true
    },
    "modal.code": {
      "fg": "#9ece6a",
      "bg": "#1f2335"
    },
    "modal.key": {
      "fg": "#1f2335",
      "bg": "#e0af68",
      "bold": true
    },
    "modal.field": {
      "fg": "#ffffff",
      "bg": "#3b4261"
    },
    "pane": {
      "fg": "#a9b1d6"
    },
    "pane.border": {
      "fg": "#565f89"
    },
    "pane.title": {
      "fg": "#7aa2f7",
      "bold": true
    },
    "pane.emphasis": {
      "fg": "#c0caf5",
      "bold": true
    },
    "pane.dim": {
      "fg": "#565f89"
    },
    "server.ready": {
      "fg": "#9ece6a"
    },
    "server.connecting": {
      "fg": "#e0af68"
    },
    "server.failed": {
      "fg": "#f7768e"
    },
    "server.disabled": {
      "fg": "#565f89"
    },
    "input.border": {
      "fg": "#3b4261"
    },
    "input.text": {},
    "input.prompt": {
      "fg": "#7aa2f7",
      "bold": true
    },
    "status": {
      "fg": "#a9b1d6",
      "bg": "#292e42"
    },
    "status.bar": {
      "fg": "#a9b1d6",
      "bg": "#292e42"
    },
    "status.title": {
      "fg": "#1a1b26",
      "bg": "#7aa2f7",
      "bold": true
    },
    "status.warning": {
      "fg": "#e0af68",
      "bg": "#292e42",
      "bold": true
    },
    "status.busy": {
      "fg": "#7dcfff",
      "bg": "#292e42",
      "bold": true
    },
    "status.key": {
      "fg": "#c0caf5",
      "bg": "#3b4261",
      "bold": true
    },
    "log.source": {
      "fg": "#565f89"
    },
    "log.debug": {
      "fg": "#565f89"
    },
    "log.info": {
      "fg": "#a9b1d6"
    },
    "log.warning": {
      "fg": "#e0af68"
    },
    "log.error": {
      "fg": "#f7768e"
    },
    "markdown.heading": {
      "bold": true
    },
    "markdown.strong": {
      "bold": true
    },
    "markdown.emphasis": {
      "italic": true
    },
    "markdown.code": {
      "fg": "#9ece6a"
    },
    "markdown.link": {
      "fg": "#7dcfff"
    },
    "markdown.quote": {
      "fg": "#565f89"
    },
    "markdown.rule": {
      "fg": "#565f89"
    },
    "markdown.heading.1": {
      "fg": "#7aa2f7",
      "bold": true,
      "underline": true
    },
    "markdown.heading.2": {
      "fg": "#7aa2f7",
      "bold": true
    },
    "markdown.heading.3": {
      "fg": "#7aa2f7"
    },
    "markdown.strikethrough": {
      "fg": "#737aa2"
    },
    "markdown.task": {
      "fg": "#e0af68"
    },
    "markdown.task.done": {
      "fg": "#9ece6a"
    },
    "markdown.table": {
      "fg": "#565f89"
    },
    "markdown.table.header": {
      "bold": true
    },
    "code.block": {
      "fg": "#c0caf5",
      "bg": "#1f2335"
    },
    "code.label": {
      "fg": "#7aa2f7",
      "italic": true
    },
    "code.marker": {
      "fg": "#737aa2"
    },
    "code.keyword": {
      "fg": "#bb9af7"
    },
    "code.type": {
      "fg": "#2ac3de"
    },
    "code.constant": {
      "fg": "#ff9e64"
    },
    "code.string": {
      "fg": "#9ece6a"
    },
    "code.number": {
      "fg": "#ff9e64"
    },
    "code.comment": {
      "fg": "#8087b0",
      "italic": true
    },
    "code.property": {
      "fg": "#73daca"
    },
    "code.variable": {
      "fg": "#7dcfff"
    },
    "code.inserted": {
      "fg": "#9ece6a"
    },
    "code.deleted": {
      "fg": "#f7768e"
    },
    "code.meta": {
      "fg": "#7aa2f7",
      "bold": true
    },
    "list.selected": {
      "reverse": true
    }
  }
}
"""#
}
