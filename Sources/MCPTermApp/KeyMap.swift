import TUI

/// What a key does. The help overlay and the status bar hints are generated from `KeyMap`.
enum KeyCommand: String, Sendable, CaseIterable {
    case submit, newline, cancel, quit, toggleServers, toggleLog, help, scrollUp, scrollDown,
        redraw, historyPrevious, historyNext
    case approveOnce, approveAlways, deny
    /// Approval box: the tool's whole description or its first rows.
    case toggleDescription
    /// Editing the message in the input.
    case deleteBackward, deleteForward, cursorLeft, cursorRight, lineStart, lineEnd, wordLeft, wordRight,
        deleteWordBackward, killToEnd, killToStart, complete
    /// Side pane: focus, tabs, attachments (SidePaneReducer).
    case focusPane, nextTab, previousTab, detach
    /// Keys of the focused side pane's list.
    case moveUp, moveDown, movePageUp, movePageDown, moveFirst, moveLast, activate, attach, focusInput
    /// Servers tab: log in to a server that needs it (`/login`).
    case login
    /// A server's form (ElicitationReducer): answers, fields, the yes/no and pick key, putting it aside.
    case declineForm, nextField, previousField, toggleChoice, answerLater
    /// The box of a server's page (URL mode elicitation): open it in the browser.
    case openPage
    /// A server's sampling request (SamplingReducer): send it to the model, return the model's
    /// reply, edit the last user message.
    case approveSampling, returnReply, editMessage
    /// Mouse reporting on or off (off: the terminal selects text); copy the last reply (OSC 52).
    case toggleMouse, copyReply
    /// The log tab's trace view (TraceReducer): show it, filter by server, method, errors; search.
    case toggleTrace, traceServer, traceMethod, traceErrors, traceSearch
}

/// One key binding with its help text.
struct KeyBinding: Sendable {
    var keys: [Key]
    /// How the keys are written in help ("Ctrl-T").
    var label: String
    var command: KeyCommand
    var help: String
    /// A word or two for a box's footer ("run once"); nil when the binding is not in the footer.
    var hint: String?

    init(keys: [Key], label: String, command: KeyCommand, help: String, hint: String? = nil) {
        self.keys = keys
        self.label = label
        self.command = command
        self.help = help
        self.hint = hint
    }
}

/// The key bindings, as data. Layers: the approval box gets keys before the chat.
enum KeyMap {
    static let chat: [KeyBinding] = [
        KeyBinding(keys: [.enter], label: "Enter", command: .submit, help: "send the message"),
        KeyBinding(keys: [.altEnter, .ctrl("j")], label: "Alt-Enter", command: .newline, help: "new line in the message"),
        KeyBinding(keys: [.escape, .ctrl("c")], label: "Esc/Ctrl-C", command: .cancel, help: "cancel the reply or the tool calls; clear the input"),
        KeyBinding(keys: [.ctrl("d")], label: "Ctrl-D", command: .quit, help: "quit (on an empty line); /quit too"),
        KeyBinding(keys: [.ctrl("t"), .function(2)], label: "Ctrl-T", command: .toggleServers, help: "show or hide the servers and tools pane"),
        KeyBinding(keys: [.ctrl("g"), .function(3)], label: "Ctrl-G", command: .toggleLog, help: "show or hide the log (server stderr and messages, host events)"),
        KeyBinding(keys: [.alt("t")], label: "Alt-T", command: .toggleTrace,
                   help: "the trace: every JSON-RPC message of every server in the log tab, or back to the log"),
        KeyBinding(keys: [.ctrl("o"), .function(6)], label: "Ctrl-O", command: .focusPane, help: "move the keyboard between the input and the side pane"),
        KeyBinding(keys: [.alt("n"), .function(5)], label: "Alt-N", command: .nextTab, help: "next side pane tab: servers, resources, prompts, log"),
        KeyBinding(keys: [.alt("p")], label: "Alt-P", command: .previousTab, help: "previous side pane tab"),
        KeyBinding(keys: [.ctrl("x")], label: "Ctrl-X", command: .detach, help: "remove the last resource attached to the message"),
        KeyBinding(keys: [.function(1)], label: "F1", command: .help, help: "this help; /help too"),
        KeyBinding(keys: [.pageUp], label: "PgUp", command: .scrollUp, help: "scroll the transcript up"),
        KeyBinding(keys: [.pageDown], label: "PgDn", command: .scrollDown, help: "scroll the transcript down"),
        KeyBinding(keys: [.ctrl("l")], label: "Ctrl-L", command: .redraw, help: "redraw the screen"),
        KeyBinding(keys: [.alt("c")], label: "Alt-C", command: .copyReply,
                   help: "copy the last reply to the clipboard (OSC 52); /copy N copies its code block N"),
        KeyBinding(keys: [.alt("m")], label: "Alt-M", command: .toggleMouse,
                   help: "mouse on/off: on, the wheel scrolls what is under the pointer; off, the terminal selects text"),
        KeyBinding(keys: [.up], label: "Up", command: .historyPrevious, help: "previous message"),
        KeyBinding(keys: [.down], label: "Down", command: .historyNext, help: "next message"),
    ]

    /// Editing the message (after the chat's own keys; a printable key or a paste is typed).
    static let editing: [KeyBinding] = [
        KeyBinding(keys: [.backspace, .ctrl("h")], label: "Backspace", command: .deleteBackward, help: "delete the character before the cursor"),
        KeyBinding(keys: [.delete], label: "Delete", command: .deleteForward, help: "delete the character under the cursor (Ctrl-D too, on a line with text)"),
        KeyBinding(keys: [.left, .ctrl("b")], label: "Left/Ctrl-B", command: .cursorLeft, help: "one character left"),
        KeyBinding(keys: [.right, .ctrl("f")], label: "Right/Ctrl-F", command: .cursorRight, help: "one character right"),
        KeyBinding(keys: [.home, .ctrl("a")], label: "Home/Ctrl-A", command: .lineStart, help: "start of the line"),
        KeyBinding(keys: [.end, .ctrl("e")], label: "End/Ctrl-E", command: .lineEnd, help: "end of the line"),
        KeyBinding(keys: [.alt("b")], label: "Alt-B", command: .wordLeft, help: "one word left"),
        KeyBinding(keys: [.alt("f")], label: "Alt-F", command: .wordRight, help: "one word right"),
        KeyBinding(keys: [.ctrl("w")], label: "Ctrl-W", command: .deleteWordBackward, help: "delete the word before the cursor"),
        KeyBinding(keys: [.ctrl("k")], label: "Ctrl-K", command: .killToEnd, help: "delete to the end of the line"),
        KeyBinding(keys: [.ctrl("u")], label: "Ctrl-U", command: .killToStart, help: "delete to the start of the line"),
        KeyBinding(keys: [.tab], label: "Tab", command: .complete, help: "in /prompt or /server:prompt: suggest the argument's value; elsewhere four spaces"),
    ]

    /// The `/` menu (commands, servers' prompts) and the `@` picker (resources), open above the
    /// input while a command or a reference is typed; other keys edit the input and filter it.
    static let popup: [KeyBinding] = [
        KeyBinding(keys: [.up], label: "Up", command: .moveUp, help: "previous entry"),
        KeyBinding(keys: [.down], label: "Down", command: .moveDown, help: "next entry"),
        KeyBinding(keys: [.pageUp], label: "PgUp", command: .movePageUp, help: "a page up"),
        KeyBinding(keys: [.pageDown], label: "PgDn", command: .movePageDown, help: "a page down"),
        KeyBinding(keys: [.tab], label: "Tab", command: .complete,
                   help: "complete the entry in the input (a template asks for its values)", hint: "complete"),
        KeyBinding(keys: [.enter], label: "Enter", command: .submit,
                   help: "run the command (one that takes arguments is completed); insert the resource", hint: "choose"),
        KeyBinding(keys: [.escape], label: "Esc", command: .cancel, help: "close the menu; the input stays", hint: "close"),
    ]

    /// Filling in a resource template's variables for an `@` reference (the editing keys work).
    static let templateFill: [KeyBinding] = [
        KeyBinding(keys: [.enter], label: "Enter", command: .submit,
                   help: "take the value (or the highlighted suggestion); after the last, insert the reference",
                   hint: "next"),
        KeyBinding(keys: [.tab], label: "Tab", command: .complete, help: "complete the value from the suggestions",
                   hint: "complete"),
        KeyBinding(keys: [.up], label: "Up", command: .moveUp, help: "previous suggestion"),
        KeyBinding(keys: [.down], label: "Down", command: .moveDown, help: "next suggestion"),
        KeyBinding(keys: [.escape, .ctrl("c")], label: "Esc", command: .cancel, help: "drop the template", hint: "cancel"),
    ]

    /// The approval box's keys. Its answer keys work only once the box has been on screen a
    /// moment; y and a only once the whole call has been on screen (or End jumped to its end).
    static let approval: [KeyBinding] = [
        KeyBinding(keys: [.char("y"), .char("Y")], label: "y", command: .approveOnce, help: "run this call once",
                   hint: "run"),
        KeyBinding(keys: [.char("a"), .char("A")], label: "a", command: .approveAlways,
                   help: "allow this tool, as it is now, for the rest of the session", hint: "always"),
        KeyBinding(keys: [.char("n"), .char("N")], label: "n", command: .deny, help: "deny (the model is told)", hint: "deny"),
        KeyBinding(keys: [.escape, .ctrl("c")], label: "Esc", command: .cancel, help: "cancel the whole turn",
                   hint: "cancel turn"),
        KeyBinding(keys: [.up], label: "Up", command: .moveUp, help: "scroll the call up a row"),
        KeyBinding(keys: [.down], label: "Down", command: .moveDown, help: "scroll the call down a row"),
        KeyBinding(keys: [.pageUp], label: "PgUp", command: .movePageUp, help: "scroll the call up a page"),
        KeyBinding(keys: [.pageDown], label: "PgDn", command: .movePageDown, help: "scroll the call down a page"),
        KeyBinding(keys: [.home], label: "Home", command: .moveFirst, help: "the top of the call"),
        KeyBinding(keys: [.end], label: "End", command: .moveLast,
                   help: "the end of the call (counts as read: y and a work from then on)"),
        KeyBinding(keys: [.char("d"), .char("D")], label: "d", command: .toggleDescription,
                   help: "the tool's whole description, or its first rows"),
    ]

    /// The keys of a server's form (elicitation). No printable key but Space is bound, and Space
    /// only outside text fields: what is typed always goes into the focused text field, so
    /// typing can never send, decline or cancel the form. The answer keys work only once the
    /// box has been on screen a moment (as the approval box).
    static let elicitation: [KeyBinding] = [
        KeyBinding(keys: [.enter], label: "Enter", command: .submit,
                   help: "check the form and send it", hint: "send"),
        KeyBinding(keys: [.char(" ")], label: "Space", command: .toggleChoice,
                   help: "switch yes/no; pick the highlighted option of a list", hint: "pick"),
        KeyBinding(keys: [.ctrl("d")], label: "Ctrl-D", command: .declineForm,
                   help: "decline: tell the server no", hint: "decline"),
        KeyBinding(keys: [.escape, .ctrl("c")], label: "Esc", command: .cancel,
                   help: "cancel: dismiss the form without an answer", hint: "cancel"),
        KeyBinding(keys: [.tab], label: "Tab", command: .nextField, help: "next field", hint: "next"),
        KeyBinding(keys: [.backTab], label: "Shift-Tab", command: .previousField, help: "previous field"),
        KeyBinding(keys: [.up], label: "Up", command: .moveUp, help: "previous option of a list, else previous field"),
        KeyBinding(keys: [.down], label: "Down", command: .moveDown, help: "next option of a list, else next field"),
        KeyBinding(keys: [.pageUp], label: "PgUp", command: .movePageUp, help: "scroll the form up"),
        KeyBinding(keys: [.pageDown], label: "PgDn", command: .movePageDown, help: "scroll the form down"),
        KeyBinding(keys: [.alt("l")], label: "Alt-L", command: .answerLater,
                   help: "later: hide the form; /accept ID brings it back", hint: "later"),
    ]

    /// The keys of the box asking to open a server's page. They work a moment after it shows.
    static let urlConsent: [KeyBinding] = [
        KeyBinding(keys: [.char("o"), .char("O"), .enter], label: "o", command: .openPage,
                   help: "open the page in your browser ($BROWSER, else xdg-open) and tell the server yes", hint: "open"),
        KeyBinding(keys: [.char("n"), .char("N")], label: "n", command: .deny, help: "decline: tell the server no",
                   hint: "decline"),
        KeyBinding(keys: [.escape, .ctrl("c")], label: "Esc", command: .cancel, help: "dismiss it without an answer",
                   hint: "cancel"),
    ]

    /// The scroll keys of a sampling box, in each of its stages.
    private static let samplingScroll: [KeyBinding] = [
        KeyBinding(keys: [.up], label: "Up", command: .moveUp, help: "scroll up a row"),
        KeyBinding(keys: [.down], label: "Down", command: .moveDown, help: "scroll down a row"),
        KeyBinding(keys: [.pageUp], label: "PgUp", command: .movePageUp, help: "scroll up a page"),
        KeyBinding(keys: [.pageDown], label: "PgDn", command: .movePageDown, help: "scroll down a page"),
        KeyBinding(keys: [.home], label: "Home", command: .moveFirst, help: "the top"),
        KeyBinding(keys: [.end], label: "End", command: .moveLast, help: "the end (counts as read: y works from then on)"),
    ]

    private static let samplingLater = KeyBinding(
        keys: [.alt("l")], label: "Alt-L", command: .answerLater,
        help: "later: hide the box, the request keeps waiting; /accept ID brings it back", hint: "later")

    /// A server's sampling request, before it goes to the model. Like the approval box: the
    /// answer keys work a moment after the box shows, y only once the whole request was on screen.
    static let samplingRequest: [KeyBinding] = [
        KeyBinding(keys: [.char("y"), .char("Y")], label: "y", command: .approveSampling,
                   help: "send the request to the model (again, after a failure)", hint: "send"),
        KeyBinding(keys: [.char("e"), .char("E")], label: "e", command: .editMessage,
                   help: "edit the last user message before sending", hint: "edit"),
        KeyBinding(keys: [.char("n"), .char("N")], label: "n", command: .deny,
                   help: "decline: the server is told you rejected it", hint: "decline"),
        KeyBinding(keys: [.escape, .ctrl("c")], label: "Esc", command: .cancel,
                   help: "cancel: dismiss the request (the server is told it was rejected)", hint: "cancel"),
    ] + samplingScroll + [samplingLater]

    /// While the model writes the reply.
    static let samplingWaiting: [KeyBinding] = [
        KeyBinding(keys: [.escape, .ctrl("c")], label: "Esc", command: .cancel,
                   help: "stop the model; the request stays open", hint: "stop the model"),
        KeyBinding(keys: [.char("n"), .char("N")], label: "n", command: .deny,
                   help: "stop the model and decline the request", hint: "decline"),
    ] + samplingScroll + [samplingLater]

    /// The model's reply, before it goes back to the server (the second approval).
    static let samplingReply: [KeyBinding] = [
        KeyBinding(keys: [.char("y"), .char("Y")], label: "y", command: .returnReply,
                   help: "return the model's reply to the server", hint: "return"),
        KeyBinding(keys: [.char("n"), .char("N")], label: "n", command: .deny,
                   help: "decline: the reply is not returned; the server is told you rejected it", hint: "decline"),
        KeyBinding(keys: [.escape, .ctrl("c")], label: "Esc", command: .cancel,
                   help: "cancel: dismiss the request and its reply", hint: "cancel"),
    ] + samplingScroll + [samplingLater]

    /// Editing the last user message of a sampling request (the editing keys of the input work too).
    static let samplingEdit: [KeyBinding] = [
        KeyBinding(keys: [.enter], label: "Enter", command: .submit, help: "keep the edited message", hint: "keep"),
        KeyBinding(keys: [.escape, .ctrl("c")], label: "Esc", command: .cancel,
                   help: "drop the edit: the message stays as it was", hint: "drop"),
        KeyBinding(keys: [.altEnter, .ctrl("j")], label: "Alt-Enter", command: .newline, help: "new line in the message"),
    ]

    /// Keys while the side pane has the keyboard (Ctrl-O); other chat keys keep working.
    static let pane: [KeyBinding] = [
        KeyBinding(keys: [.up], label: "Up", command: .moveUp, help: "previous item"),
        KeyBinding(keys: [.down], label: "Down", command: .moveDown, help: "next item"),
        KeyBinding(keys: [.pageUp], label: "PgUp", command: .movePageUp, help: "a page up"),
        KeyBinding(keys: [.pageDown], label: "PgDn", command: .movePageDown, help: "a page down"),
        KeyBinding(keys: [.home], label: "Home", command: .moveFirst, help: "first item"),
        KeyBinding(keys: [.end], label: "End", command: .moveLast, help: "last item"),
        KeyBinding(keys: [.enter], label: "Enter", command: .activate,
                   help: "resource: read and preview; template: /read in the input; prompt: use it"),
        KeyBinding(keys: [.char("a"), .char("A")], label: "a", command: .attach, help: "attach or detach the resource to the next message"),
        KeyBinding(keys: [.char("l"), .char("L")], label: "l", command: .login,
                   help: "Servers tab: log in to the first server that needs login (/login NAME for another)"),
        KeyBinding(keys: [.right, .tab], label: "Right/Tab", command: .nextTab, help: "next tab"),
        KeyBinding(keys: [.left, .backTab], label: "Left", command: .previousTab, help: "previous tab"),
        KeyBinding(keys: [.escape], label: "Esc", command: .focusInput, help: "back to the input"),
    ]

    /// The log tab's trace view while the pane has the keyboard (Alt-T).
    static let trace: [KeyBinding] = [
        KeyBinding(keys: [.up], label: "Up", command: .moveUp, help: "previous message (open: scroll up)"),
        KeyBinding(keys: [.down], label: "Down", command: .moveDown, help: "next message (open: scroll down)"),
        KeyBinding(keys: [.pageUp], label: "PgUp", command: .movePageUp, help: "a page up"),
        KeyBinding(keys: [.pageDown], label: "PgDn", command: .movePageDown, help: "a page down"),
        KeyBinding(keys: [.home], label: "Home", command: .moveFirst, help: "oldest message"),
        KeyBinding(keys: [.end], label: "End", command: .moveLast, help: "newest message (and follow new ones)"),
        KeyBinding(keys: [.enter], label: "Enter", command: .activate,
                   help: "open the message whole as JSON with its request or response; close it", hint: "open"),
        KeyBinding(keys: [.char("s")], label: "s", command: .traceServer, help: "one server's messages, the next, all", hint: "server"),
        KeyBinding(keys: [.char("m")], label: "m", command: .traceMethod, help: "one method's messages, the next, all", hint: "method"),
        KeyBinding(keys: [.char("e")], label: "e", command: .traceErrors, help: "errors only, or everything", hint: "errors"),
        KeyBinding(keys: [.char("/")], label: "/", command: .traceSearch,
                   help: "search server, method and message (Enter keeps, Esc drops)", hint: "search"),
        KeyBinding(keys: [.alt("t")], label: "Alt-T", command: .toggleTrace, help: "back to the log"),
        KeyBinding(keys: [.escape], label: "Esc", command: .cancel, help: "close the message; clear the search; back to the input",
                   hint: "back"),
    ]

    static func command(for key: Key, in bindings: [KeyBinding]) -> KeyCommand? {
        bindings.first { $0.keys.contains(key) }?.command
    }

    static func label(of command: KeyCommand, in bindings: [KeyBinding] = chat) -> String {
        bindings.first { $0.command == command }?.label ?? command.rawValue
    }
}
