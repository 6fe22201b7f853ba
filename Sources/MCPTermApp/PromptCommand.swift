import ChatCore
import MCPHost

/// `/prompt SERVER NAME key=value key2="quoted value" …` (or `/server:name key=value …`, as the
/// `/` menu writes it): fetch a server's prompt with its arguments into the input; Tab completes
/// the value being typed through `completion/complete`.
enum PromptCommand {
    /// One parsed `/prompt` line.
    struct Invocation: Equatable {
        var server: String
        var name: String
        var arguments: [String: String]
    }

    static let usage = "/prompt SERVER NAME key=value … (quote values with spaces: key=\"two words\"; see /prompts)"

    /// Runs `/prompt` with everything after the command name, spacing kept as typed.
    static func run(_ argument: String, _ state: inout AppState) -> [Effect] {
        do {
            let invocation = try validate(try parse(argument), prompts: state.prompts)
            state.agent.note("Fetching prompt \(invocation.server):\(invocation.name)…")
            return [.getPrompt(server: invocation.server, name: invocation.name,
                               arguments: invocation.arguments.isEmpty ? nil : invocation.arguments)]
        } catch {
            state.agent.noteError("\(error)")
            return []
        }
    }

    /// What Enter on a prompt with arguments puts in the input: the command with each argument
    /// name ready for its value, required ones first. `command` is how the prompt is named:
    /// `/prompt SERVER NAME` (the default), or `/server:name` (the `/` menu).
    static func template(for prompt: ServerPrompt, command: String? = nil) -> String {
        let arguments = (prompt.item.arguments ?? []).sorted { ($0.required ?? false) && !($1.required ?? false) }
        let head = command.map { [$0] } ?? ["/prompt", prompt.server, prompt.item.name]
        return (head + arguments.map { "\($0.name)=" }).joined(separator: " ")
    }

    /// The prompt a `/server:name` command word names, if a ready server has it.
    static func named(_ word: String, in prompts: [ServerPrompt]) -> ServerPrompt? {
        guard word.hasPrefix("/") else { return nil }
        return prompts.first { "/\($0.server):\($0.item.name)" == word }
    }

    static func parse(_ text: String) throws(PromptCommandError) -> Invocation {
        let (words, open) = tokens(text)
        if open { throw .unterminatedQuote }
        guard words.count >= 2 else { throw .missingName }
        var arguments: [String: String] = [:]
        for word in words.dropFirst(2) {
            guard let equals = word.firstIndex(of: "="), equals != word.startIndex else { throw .notKeyValue(word) }
            arguments[String(word[..<equals])] = String(word[word.index(after: equals)...])
        }
        return Invocation(server: words[0], name: words[1], arguments: arguments)
    }

    /// Checks the prompt exists and its required arguments are given, before asking the server.
    static func validate(_ invocation: Invocation, prompts: [ServerPrompt]) throws(PromptCommandError) -> Invocation {
        guard let prompt = prompts.first(where: { $0.server == invocation.server && $0.item.name == invocation.name }) else {
            let known = prompts.map { "\($0.server) \($0.item.name)" }
            throw .unknownPrompt(server: invocation.server, name: invocation.name, known: known)
        }
        let declared = prompt.item.arguments ?? []
        let unknown = invocation.arguments.keys.filter { key in !declared.contains { $0.name == key } }.sorted()
        if let first = unknown.first {
            throw .unknownArgument(prompt: invocation.name, name: first, known: declared.map(\.name))
        }
        let missing = declared.filter { ($0.required ?? false) && (invocation.arguments[$0.name] ?? "").isEmpty }.map(\.name)
        if !missing.isEmpty { throw .missingArguments(prompt: invocation.name, names: missing) }
        return invocation
    }

    /// Splits on spaces outside quotes; "…" and '…' group, `\` escapes inside double quotes.
    /// `open` is true when the text ends inside a quote (a value still being typed).
    static func tokens(_ text: String) -> (words: [String], open: Bool) {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for c in text {
            if escaped {
                current.append(c)
                escaped = false
            } else if let q = quote {
                if c == "\\" && q == "\"" {
                    escaped = true
                } else if c == q {
                    quote = nil
                } else {
                    current.append(c)
                }
            } else if c == "\"" || c == "'" {
                quote = c
                inWord = true
            } else if c.isWhitespace {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(c)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        return (words, quote != nil || escaped)
    }

    /// A value as `/prompt` reads it back: quoted when it holds spaces or quotes.
    static func quoted(_ value: String) -> String {
        guard value.isEmpty || value.contains(where: { $0.isWhitespace || $0 == "\"" || $0 == "'" || $0 == "\\" }) else {
            return value
        }
        return "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    // MARK: Completion (Tab)

    /// The argument being typed at the end of a `/prompt` input line, if any.
    struct PartialArgument: Equatable {
        var server: String
        var prompt: String
        var argument: String
        var value: String
        /// The other arguments already given (sent as the completion's context).
        var context: [String: String]
        /// The input up to the argument being typed ("/prompt demo summarize a=1 ").
        var head: String
    }

    /// The argument being typed in `/prompt SERVER NAME …` or `/server:name …` (a prompt of
    /// `prompts`).
    static func partialArgument(in input: String, prompts: [ServerPrompt]) -> PartialArgument? {
        guard input.hasPrefix("/"), !input.contains("\n") else { return nil }
        var words: [String]
        if input.hasPrefix("/prompt ") {
            words = tokens(String(input.dropFirst("/prompt ".count))).words
        } else if let space = input.firstIndex(of: " "), let prompt = named(String(input[..<space]), in: prompts) {
            words = [prompt.server, prompt.item.name] + tokens(String(input[space...])).words
        } else {
            return nil
        }
        guard let last = input.last, !last.isWhitespace else { return nil }
        guard words.count >= 3, let equals = words[words.count - 1].firstIndex(of: "=") else { return nil }
        let word = words[words.count - 1]
        var context: [String: String] = [:]
        for other in words.dropFirst(2).dropLast() {
            guard let e = other.firstIndex(of: "=") else { continue }
            context[String(other[..<e])] = String(other[other.index(after: e)...])
        }
        // The head is the input before the last word: find where that word starts, raw.
        let argument = String(word[..<equals])
        guard let start = input.range(of: " \(argument)=", options: .backwards)?.lowerBound else { return nil }
        return PartialArgument(server: words[0], prompt: words[1], argument: argument,
                               value: String(word[word.index(after: equals)...]), context: context,
                               head: String(input[...start]))
    }

    /// Tab in the input: asks the server for values of the argument being typed; nil when the
    /// input is not a `/prompt` argument (Tab then does what it does elsewhere).
    static func complete(_ state: AppState) -> [Effect]? {
        guard let partial = partialArgument(in: state.input.text, prompts: state.prompts),
              state.prompts.contains(where: { $0.server == partial.server && $0.item.name == partial.prompt })
        else { return nil }
        return [.complete(server: partial.server, prompt: partial.prompt, argument: partial.argument,
                          value: partial.value, context: partial.context.isEmpty ? nil : partial.context)]
    }

    /// Suggestions arrived: one replaces the value being typed; several extend it to their common
    /// start and are listed. Ignored when the user typed on meanwhile.
    static func completionFound(server: String, prompt: String, argument: String, value: String,
                                values: [String], _ state: inout AppState) {
        guard let partial = partialArgument(in: state.input.text, prompts: state.prompts), partial.server == server,
              partial.prompt == prompt, partial.argument == argument, partial.value == value else { return }
        guard !values.isEmpty else {
            state.agent.note("No suggestions for \(argument)=\(value)…")
            return
        }
        let chosen = values.count == 1 ? values[0] : commonPrefix(values)
        if chosen.count >= value.count {
            state.input.setText(partial.head + argument + "=" + quoted(chosen) + (values.count == 1 ? " " : ""))
        }
        if values.count > 1 {
            state.agent.note("\(argument): " + values.prefix(10).joined(separator: ", ") + (values.count > 10 ? ", …" : ""))
        }
    }

    static func commonPrefix(_ values: [String]) -> String {
        guard var prefix = values.first else { return "" }
        for value in values.dropFirst() {
            while !value.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }
}

/// What is wrong with a `/prompt` line, in words the user can act on.
enum PromptCommandError: Error, Equatable, CustomStringConvertible {
    case missingName
    case unterminatedQuote
    case notKeyValue(String)
    case unknownPrompt(server: String, name: String, known: [String])
    case unknownArgument(prompt: String, name: String, known: [String])
    case missingArguments(prompt: String, names: [String])

    var description: String {
        switch self {
        case .missingName:
            return "/prompt needs a server and a prompt name: \(PromptCommand.usage)"
        case .unterminatedQuote:
            return "/prompt: a quote is not closed: \(PromptCommand.usage)"
        case .notKeyValue(let word):
            return "/prompt: \"\(word)\" is not key=value: \(PromptCommand.usage)"
        case .unknownPrompt(let server, let name, let known):
            let list = known.isEmpty ? "no server offers prompts" : "prompts: " + known.joined(separator: ", ")
            return "/prompt: server \"\(server)\" has no prompt \"\(name)\" (\(list))"
        case .unknownArgument(let prompt, let name, let known):
            let list = known.isEmpty ? "it takes none" : "it takes " + known.joined(separator: ", ")
            return "/prompt: prompt \"\(prompt)\" has no argument \"\(name)\" (\(list))"
        case .missingArguments(let prompt, let names):
            return "/prompt: prompt \"\(prompt)\" needs " + names.map { "\($0)=…" }.joined(separator: " ")
        }
    }
}
