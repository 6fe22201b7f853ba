import MCPHost
import TUI

/// The part of `reduce` for filling in a template's values (`TemplateFillLayer`). Pure.
enum TemplateFillReducer {
    /// The picker chose `template`: ask for its first variable (a template without any is a
    /// resource already: its reference goes in at once).
    static func start(_ template: ServerResourceTemplate, replacingFrom start: Int, _ state: inout AppState) -> [Effect] {
        let variables = URITemplate.variables(template.item.uriTemplate)
        guard !variables.isEmpty else {
            insertReference(server: template.server, uri: template.item.uriTemplate, from: start, &state)
            return []
        }
        state.templateFill = TemplateFill(template: template, variables: variables, replacingFrom: start)
        return ask(&state)
    }

    static func handleKey(_ key: Key, _ state: inout AppState) -> [Effect]? {
        guard var fill = state.templateFill else { return nil }
        if let command = KeyMap.command(for: key, in: KeyMap.chat), [.toggleServers, .toggleLog, .help].contains(command) {
            return nil
        }
        fill.problem = nil
        switch KeyMap.command(for: key, in: KeyMap.templateFill) {
        case .submit:
            return take(fill, &state)
        case .cancel:
            state.templateFill = nil
            return []
        case .moveUp:
            state.templateFill = fill
            moveSuggestion(by: -1, &state)
            return []
        case .moveDown:
            state.templateFill = fill
            moveSuggestion(by: 1, &state)
            return []
        case .complete:
            let typed = fill.editor.text
            let completed: String
            if let selected = fill.selected, fill.suggestions.indices.contains(selected) {
                completed = fill.suggestions[selected]
            } else {
                completed = PromptCommand.commonPrefix(fill.suggestions)
            }
            fill.selected = nil
            if completed.count > typed.count { fill.editor.setText(completed) }
            state.templateFill = fill
            return fill.editor.text == typed ? [] : ask(&state)
        default:
            break
        }
        let before = fill.editor.text
        switch key {
        case .char(let c):
            fill.editor.insert(String(c))
        case .paste(let text):
            fill.editor.insert(text.split(whereSeparator: \.isNewline).joined(separator: " "))
        default:
            if let edit = KeyMap.command(for: key, in: KeyMap.editing), edit != .complete {
                AppReducer.edit(edit, &fill.editor)
            }
        }
        if fill.editor.text != before { fill.selected = nil }
        state.templateFill = fill
        return fill.editor.text == before ? [] : ask(&state)
    }

    /// Moves the highlight among the suggestions; past either end, back to what is typed.
    static func moveSuggestion(by offset: Int, _ state: inout AppState) {
        guard var fill = state.templateFill, !fill.suggestions.isEmpty else { return }
        let count = fill.suggestions.count
        switch fill.selected {
        case nil: fill.selected = offset > 0 ? 0 : count - 1
        case let current?:
            let next = current + offset
            fill.selected = next < 0 || next >= count ? nil : next
        }
        state.templateFill = fill
    }

    /// The server's suggestions arrived; kept only when they answer what is typed now.
    static func completionFound(server: String, uriTemplate: String, argument: String, value: String,
                                values: [String], _ state: inout AppState) {
        guard var fill = state.templateFill, fill.template.server == server, fill.template.item.uriTemplate == uriTemplate,
              fill.variable == argument, fill.askedFor == value, fill.editor.text == value else { return }
        fill.suggestions = Array(values.prefix(TemplateFill.suggestionLimit))
        fill.selected = nil
        state.templateFill = fill
    }

    /// Enter: the value goes in; after the last variable, the reference replaces the `@` word.
    private static func take(_ fill: TemplateFill, _ state: inout AppState) -> [Effect] {
        var fill = fill
        let value = fill.chosenValue
        if value.isEmpty, !URITemplate.optionalVariables(fill.template.item.uriTemplate).contains(fill.variable) {
            fill.problem = "\(fill.variable) needs a value"
            state.templateFill = fill
            return []
        }
        fill.values[fill.variable] = value
        guard fill.index + 1 < fill.variables.count else {
            let uri = URITemplate.expand(fill.template.item.uriTemplate, values: fill.values)
            state.templateFill = nil
            insertReference(server: fill.template.server, uri: uri, from: fill.replacingFrom, &state)
            return []
        }
        fill.index += 1
        fill.editor = InputEditor()
        fill.suggestions = []
        fill.askedFor = nil
        fill.selected = nil
        state.templateFill = fill
        return ask(&state)
    }

    /// Asks the server for values of the current variable starting with what is typed, the
    /// values taken so far as context.
    private static func ask(_ state: inout AppState) -> [Effect] {
        guard var fill = state.templateFill else { return [] }
        fill.askedFor = fill.editor.text
        state.templateFill = fill
        return [.completeTemplate(server: fill.template.server, uriTemplate: fill.template.item.uriTemplate,
                                  argument: fill.variable, value: fill.editor.text,
                                  context: fill.values.isEmpty ? nil : fill.values)]
    }

    private static func insertReference(server: String, uri: String, from start: Int, _ state: inout AppState) {
        state.input.replaceBeforeCursor(from: start, with: ResourceReferences.text(server: server, uri: uri) + " ")
    }
}
