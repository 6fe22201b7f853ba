import MCPHost
import TUI

/// The popup above the input: the `/` menu (commands and the ready servers' prompts) while a
/// command name is typed, the `@` picker (resources and resource templates) while a reference
/// is typed. It is read from the input each time, so it never falls out of step with it;
/// `InputPopupState` keeps only the row selected and what Esc closed.
enum InputPopup: Equatable, Sendable {
    /// The input is "/" and a command name so far (no blank yet).
    case commands(query: String)
    /// The word before the cursor is "@" and a query; `start` is where the "@" is (graphemes).
    case resources(query: String, start: Int)

    /// What the input asks for, Esc aside.
    static func requested(by input: InputEditor) -> InputPopup? {
        let text = input.text
        if text.hasPrefix("/"), !text.contains(where: \.isWhitespace) {
            return .commands(query: String(text.dropFirst()))
        }
        let token = input.tokenBeforeCursor
        if token.text.hasPrefix("@") {
            return .resources(query: String(token.text.dropFirst()), start: token.start)
        }
        return nil
    }

    /// The popup on screen: asked for, not closed with Esc, and with something to offer.
    static func current(_ state: AppState) -> InputPopup? {
        guard let popup = requested(by: state.input), state.popup.dismissed != popup.identity,
              !entries(popup, state).isEmpty else { return nil }
        return popup
    }

    /// Which popup this is, whatever is typed in it: Esc closes it until the input asks anew.
    var identity: String {
        switch self {
        case .commands: return "commands"
        case .resources(_, let start): return "resources@\(start)"
        }
    }

    var query: String {
        switch self {
        case .commands(let query), .resources(let query, _): return query
        }
    }

    var title: String {
        switch self {
        case .commands: return "Commands"
        case .resources: return "Resources"
        }
    }

    // MARK: Entries

    /// One row of the popup.
    struct Entry: Equatable, Sendable {
        enum Target: Equatable, Sendable {
            /// A slash command; `arguments` is its argument hint ("" when it takes none).
            case command(name: String, arguments: String)
            case prompt(ServerPrompt)
            case resource(ServerResource)
            case template(ServerResourceTemplate)
        }

        /// What the row is called ("/help", "/demo:review", "greeting").
        var label: String
        /// Its one-line help, description or URI.
        var detail: String
        var target: Target
    }

    /// The popup's rows for what is typed: best matches first (`rank`), in their list order
    /// within a rank.
    static func entries(_ popup: InputPopup, _ state: AppState) -> [Entry] {
        let query = popup.query
        var ranked: [(rank: Int, entry: Entry)] = []
        switch popup {
        case .commands:
            for command in SlashCommand.all {
                let name = String(command.name.dropFirst())
                guard let rank = rank(query, name: name, others: [command.help]) else { continue }
                let detail = (command.args.isEmpty ? "" : command.args + " · ") + command.help
                ranked.append((rank, Entry(label: command.name, detail: detail,
                                           target: .command(name: command.name, arguments: command.args))))
            }
            for prompt in state.prompts {
                let name = "\(prompt.server):\(prompt.item.name)"
                guard let rank = rank(query, name: name, others: [prompt.item.description ?? ""]) else { continue }
                ranked.append((rank, Entry(label: "/" + name, detail: promptDetail(prompt), target: .prompt(prompt))))
            }
        case .resources:
            for resource in state.resources {
                let others = [resource.item.uri, "\(resource.server):\(resource.item.name)", resource.item.description ?? ""]
                guard let rank = rank(query, name: resource.item.name, others: others) else { continue }
                ranked.append((rank, Entry(label: resource.item.name, detail: "\(resource.server) · \(resource.item.uri)",
                                           target: .resource(resource))))
            }
            for template in state.resourceTemplates {
                let others = [template.item.uriTemplate, "\(template.server):\(template.item.name)",
                              template.item.description ?? ""]
                guard let rank = rank(query, name: template.item.name, others: others) else { continue }
                ranked.append((rank, Entry(label: template.item.name,
                                           detail: "\(template.server) · \(template.item.uriTemplate) · template",
                                           target: .template(template))))
            }
        }
        // A stable sort: equal ranks keep the order of the lists.
        return ranked.enumerated().sorted { ($0.element.rank, $0.offset) < ($1.element.rank, $1.offset) }
            .map(\.element.entry)
    }

    /// How well `query` matches: 0 the name starts with it, 1 a part of the name does
    /// ("rev" in "demo:review"), 2 the name holds it, 3 another field does (a help text, a
    /// URI), the last two for two characters or more; nil no match. Case is ignored; characters are compared whole (CJK, accents), and
    /// an empty query matches everything.
    static func rank(_ query: String, name: String, others: [String]) -> Int? {
        guard !query.isEmpty else { return 0 }
        let query = query.lowercased()
        let name = name.lowercased()
        if name.hasPrefix(query) { return 0 }
        if name.split(whereSeparator: { ":/._- ".contains($0) }).contains(where: { $0.hasPrefix(query) }) { return 1 }
        // One character is found inside nearly every name and help: only starts count then.
        guard query.count >= 2 else { return nil }
        if name.contains(query) { return 2 }
        if others.contains(where: { $0.lowercased().contains(query) }) { return 3 }
        return nil
    }

    /// "code*, language* · Review some code": the prompt's arguments (* required), its description.
    private static func promptDetail(_ prompt: ServerPrompt) -> String {
        let arguments = (prompt.item.arguments ?? []).map { ($0.required ?? false) ? $0.name + "*" : $0.name }
        var parts: [String] = []
        if !arguments.isEmpty { parts.append(arguments.joined(separator: ", ")) }
        parts.append(prompt.item.description ?? "prompt of \(prompt.server)")
        return parts.joined(separator: " · ")
    }
}

/// What the popup keeps between keys: the selected row of the popup it was chosen in (another
/// query starts again at the first row), and the popup Esc closed.
struct InputPopupState: Equatable, Sendable {
    var selected = 0
    var selectedIn: InputPopup?
    /// The `identity` of the popup Esc closed; cleared when the input no longer asks for it.
    var dismissed: String?
}
