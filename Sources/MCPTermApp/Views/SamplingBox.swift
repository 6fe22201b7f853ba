import ChatCore
import MCP
import TUI

/// The box of a server's sampling request: which server asks, the model that answers and what
/// the server would prefer, the limits, the context and tools asked for, the system prompt,
/// every message (text wrapped, images and audio as type and size, tool use and results), then
/// the model's reply when it came. The body scrolls; under it an edit field for the last user
/// message or what the model is doing; a footer of keys from the stage's key map.
enum SamplingBox {
    /// Spaces before a message's text.
    static let indent = "  "
    /// Width of the labels before the request's settings ("Model     ").
    private static let labelWidth = 10

    /// The body laid out at one width, and the row where the model's reply starts.
    struct Layout {
        var lines: [StyledLine] = []
        var replyRow: Int?
    }

    /// "openai/m", the model that answers (nil when none is configured).
    static func modelName(_ model: ModelDescription?) -> String? {
        model.map { "\($0.provider.rawValue)/\($0.model)" }
    }

    /// "openai/gpt-4o · the server suggests gpt-4o, claude (openai offers gpt-4o)": the model that
    /// answers (the latest run's, else the one the hints choose now) and how it was chosen.
    static func answering(_ review: SamplingReview, model: ModelDescription?, models: ProviderModels) -> String {
        guard let model else { return "none configured" }
        let hints = review.hints
        let choice = SamplingModelChoice.pick(hints: hints, current: model.model, available: models.names)
        let chosen = review.model ?? choice.model
        var text = "\(model.provider.rawValue)/\(chosen)"
        guard !hints.isEmpty else { return text }
        text += " · the server suggests \(hints.joined(separator: ", "))"
        let provider = model.provider.rawValue
        if choice.hint != nil {
            text += chosen == model.model ? " (the configured model matches)" : " (\(provider) offers \(chosen))"
        } else {
            switch models {
            case .unknown, .loading: text += " (checking which models \(provider) offers…)"
            case .listed: text += " (\(provider) offers none of them: the configured model answers)"
            case .failed: text += " (\(provider)'s models could not be listed: the configured model answers)"
            }
        }
        return text
    }

    static func layout(_ review: SamplingReview, model: ModelDescription?, models: ProviderModels = .unknown,
                       width: Int, theme: Theme) -> Layout {
        let text = theme.style("modal.text")
        let label = theme.style("modal.label")
        let parameters = review.parameters
        var out = Layout()
        func setting(_ name: String, _ value: String, _ style: Style? = nil) {
            let padded = name.padding(toLength: labelWidth, withPad: " ", startingAt: 0)
            out.lines += StyledLine.wrapped(value, width: width, style: style ?? text, firstPrefix: (padded, label),
                                            indent: String(repeating: " ", count: labelWidth))
        }
        setting("Model", answering(review, model: model, models: models), theme.style("modal.emphasis"))
        if let priorities = priorities(parameters.modelPreferences) { setting("Prefers", priorities) }
        var limits = ["at most \(parameters.maxTokens) tokens"]
        if let temperature = parameters.temperature { limits.append("temperature \(ElicitationValidation.numberText(temperature))") }
        if let stops = parameters.stopSequences, !stops.isEmpty {
            limits.append("stops at " + stops.map { quoted($0) }.joined(separator: ", "))
        }
        setting("Limits", limits.joined(separator: " · "))
        if let context = parameters.includeContext, context != .none {
            setting("Context", "\(context.rawValue) asked for: not added (mcpterm adds no context)", theme.style("modal.warning"))
        }
        if let tools = parameters.tools, !tools.isEmpty {
            var line = tools.map(\.name).joined(separator: ", ") + ": the model may ask for them, the server runs them"
            switch parameters.toolChoice?.mode {
            case .required?: line += " (it must ask for one)"
            case .none?: line += " (it must not ask for one now)"
            default: break
            }
            setting("Tools", line)
        }
        if let system = parameters.systemPrompt, !system.isEmpty { setting("System", system) }

        let edited = review.editedText != nil ? SamplingConversation.editableMessage(parameters)?.index : nil
        let messages = SamplingConversation.messages(parameters, editedText: review.editedText)
        if messages.isEmpty {
            out.lines.append(StyledLine("(no messages)", label))
        }
        var media = false
        for (index, message) in messages.enumerated() {
            out.lines.append(StyledLine("", text))
            var heading: [(text: String, style: Style)] = [(message.role.rawValue, theme.style("modal.title"))]
            if index == edited { heading.append((" (edited by you)", theme.style("modal.warning"))) }
            out.lines.append(StyledLine(heading))
            for block in message.content.asArray {
                if case .image = block { media = true }
                if case .audio = block { media = true }
                out.lines += blockLines(block, width: width, theme: theme)
            }
        }
        if media {
            out.lines += StyledLine.wrapped("Images and audio go to the model as they are where its provider takes them, else as these placeholders.",
                                            width: width, style: label)
        }
        switch review.phase {
        case .reply(let result):
            out.lines.append(StyledLine("", text))
            out.replyRow = out.lines.count
            var heading = "Reply from \(result.model.sanitizedForTerminal())"
            if let reason = result.stopReason { heading += " · \(reason.rawValue.sanitizedForTerminal())" }
            out.lines.append(StyledLine(heading + " · return it to \(review.server.sanitizedForTerminal())?",
                                        theme.style("modal.emphasis")))
            for block in result.content.asArray {
                out.lines += blockLines(block, width: width, theme: theme)
            }
        case .failed(let reason):
            out.lines.append(StyledLine("", text))
            out.replyRow = out.lines.count
            out.lines += StyledLine.wrapped("No reply: \(reason)", width: width, style: theme.style("modal.warning"),
                                            firstPrefix: ("⚠ ", theme.style("modal.warning")), indent: "  ")
        default:
            break
        }
        return out
    }

    /// "cost 0.3 · speed 0.8 · intelligence 0.5", or nil when the server gave none.
    private static func priorities(_ preferences: Sampling.ModelPreferences?) -> String? {
        guard let preferences else { return nil }
        let parts = [("cost", preferences.costPriority), ("speed", preferences.speedPriority),
                     ("intelligence", preferences.intelligencePriority)].compactMap { name, value in
            value.map { "\(name) \(ElicitationValidation.numberText($0.doubleValue))" }
        }
        return parts.isEmpty ? nil : parts.joined(separator: " · ")
    }

    /// A text in quotes with its line breaks and other invisible characters escaped.
    private static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\"": out += "\\\""
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out.sanitizedForTerminal() + "\""
    }

    /// One content block under its message: text wrapped as it is; images and audio as their
    /// placeholder; a tool use with its arguments; a tool result with the call it answers.
    private static func blockLines(_ block: Sampling.Message.Content.ContentBlock, width: Int, theme: Theme) -> [StyledLine] {
        let label = theme.style("modal.label")
        switch block {
        case .text(let text):
            if text.isEmpty { return [StyledLine(indent + "(empty)", label)] }
            return StyledLine.wrapped(text, width: width, style: theme.style("modal.text"), indent: indent)
        case .image, .audio:
            return StyledLine.wrapped(SamplingConversation.text(of: block), width: width, style: label, indent: indent)
        case .toolUse(let use):
            return StyledLine.wrapped("\(use.name) \(SamplingConversation.text(ofInput: use.input))", width: width,
                                      style: theme.style("modal.code"), firstPrefix: (indent + "tool use ", label),
                                      indent: indent + "  ")
        case .toolResult(let result):
            let failed = result.isError == true ? " (failed)" : ""
            return StyledLine.wrapped(SamplingConversation.text(of: result), width: width, style: theme.style("modal.code"),
                                      firstPrefix: (indent + "result of \(result.toolUseId)\(failed): ", label),
                                      indent: indent + "  ")
        }
    }

    // MARK: Geometry

    /// Rows under the body: the edit field with its label, or the line saying the model runs.
    static func fixedRows(_ review: SamplingReview, area: Rect) -> Int {
        switch review.phase {
        case .editing(let editor):
            return 1 + editorRows(editor, area: area)
        case .waiting:
            return 1
        default:
            return 0
        }
    }

    /// The edit field grows with its text, up to a third of the area.
    static func editorRows(_ editor: InputEditor, area: Rect) -> Int {
        let most = max(1, area.height / 3)
        return editor.rowsNeeded(width: max(1, textWidth(area)), prompt: "", atMost: most)
    }

    /// Where the box goes and how many body rows it shows at once.
    struct Geometry {
        var rect: Rect
        /// Body rows on screen; one less than the room when a row says what is hidden.
        var window: Int
        var scrolls: Bool
        var fixed: Int
    }

    static func geometry(area: Rect, bodyCount: Int, fixed: Int) -> Geometry {
        // Border (2), the rows under the body and the footer.
        let rect = ApprovalBox.frame(in: area, contentRows: bodyCount + fixed + 1)
        let room = max(0, rect.height - 3 - fixed)
        let scrolls = bodyCount > room
        return Geometry(rect: rect, window: scrolls && room >= 2 ? room - 1 : min(room, bodyCount), scrolls: scrolls,
                        fixed: fixed)
    }

    /// Text is laid out for the box's inner width: border and one space each side.
    static func textWidth(_ area: Rect) -> Int {
        max(10, ApprovalBox.frame(in: area, contentRows: 0).width - 4)
    }

    /// The body and its geometry at the state's size (styles do not change its length).
    static func measured(_ review: SamplingReview, _ state: AppState) -> (layout: Layout, geometry: Geometry) {
        let area = AppView.overlayArea(state)
        let layout = layout(review, model: state.model, models: state.providerModels, width: textWidth(area),
                            theme: .builtinDefault)
        return (layout, geometry(area: area, bodyCount: layout.lines.count, fixed: fixedRows(review, area: area)))
    }

    /// How far the body can scroll at the state's size (0 when it fits).
    static func maxScroll(_ review: SamplingReview, _ state: AppState) -> Int {
        let (layout, geometry) = measured(review, state)
        return max(0, layout.lines.count - geometry.window)
    }

    // MARK: Drawing

    /// Draws the box; returns where the cursor goes (in the edit field while editing).
    static func draw(_ review: SamplingReview, sampling: SamplingState, model: ModelDescription?,
                     models: ProviderModels = .unknown, queued: Int,
                     theme: Theme, into buffer: inout CellBuffer, area: Rect) -> (x: Int, y: Int)? {
        let layout = layout(review, model: model, models: models, width: textWidth(area), theme: theme)
        let geometry = geometry(area: area, bodyCount: layout.lines.count, fixed: fixedRows(review, area: area))
        let rect = geometry.rect
        buffer.fill(rect, style: theme.style("modal.text"))
        let server = review.server.sanitizedForTerminal()
        let title = "\(server) asks for a model reply" + (queued > 1 ? " (1 of \(queued))" : "")
        let inner = Box.draw(into: &buffer, rect: rect, title: title, style: theme.style("modal.border"),
                             titleStyle: theme.style("modal.title"))
        guard inner.height > 0, inner.width > 2 else { return nil }
        let width = inner.width - 2
        let maxScroll = max(0, layout.lines.count - geometry.window)
        let scroll = min(max(0, review.scroll), maxScroll)
        for row in scroll..<(scroll + geometry.window) {
            layout.lines[row].draw(into: &buffer, x: inner.x + 1, y: inner.y + row - scroll, width: width)
        }
        var y = inner.y + geometry.window
        if geometry.scrolls, inner.height >= 3 {
            let below = layout.lines.count - scroll - geometry.window
            StyledLine(indicator(below: below, above: scroll, seenAll: review.seenAll, bindings: bindings(review)),
                       theme.style(below > 0 ? "modal.warning" : "modal.label"))
                .draw(into: &buffer, x: inner.x + 1, y: y, width: width)
            y += 1
        }
        var cursor: (x: Int, y: Int)?
        switch review.phase {
        case .editing(let editor):
            StyledLine("Your version of the last user message:", theme.style("modal.label"))
                .draw(into: &buffer, x: inner.x + 1, y: y, width: width)
            let rows = geometry.fixed - 1
            let style = theme.style("modal.field")
            cursor = editor.draw(into: &buffer, rect: Rect(x: inner.x + 1, y: y + 1, width: width, height: rows),
                                 prompt: "", style: style, promptStyle: style)
        case .waiting:
            let name = modelName(model) ?? "the model"
            StyledLine("⋯ waiting for \(name) to reply", theme.style("modal.emphasis"))
                .draw(into: &buffer, x: inner.x + 1, y: y, width: width)
        default:
            break
        }
        footer(review, sampling: sampling, width: width, theme: theme)
            .draw(into: &buffer, x: inner.x + 1, y: inner.y + inner.height - 1, width: width)
        return cursor
    }

    /// The key map of the review's stage.
    static func bindings(_ review: SamplingReview) -> [KeyBinding] {
        switch review.phase {
        case .request, .failed: return KeyMap.samplingRequest
        case .editing: return KeyMap.samplingEdit
        case .waiting: return KeyMap.samplingWaiting
        case .reply: return KeyMap.samplingReply
        }
    }

    /// The row under a body that does not fit: what is hidden and the keys that show it.
    static func indicator(below: Int, above: Int, seenAll: Bool, bindings: [KeyBinding]) -> String {
        let page = KeyMap.label(of: .movePageDown, in: KeyMap.samplingRequest)
        let end = KeyMap.label(of: .moveLast, in: KeyMap.samplingRequest)
        let lines = below == 1 ? "line" : "lines"
        if below > 0 {
            return seenAll ? "↓ \(below) more \(lines) · \(page)" : "↓ \(below) more \(lines) · read on: \(page) or \(end)"
        }
        return "↑ \(above) \(above == 1 ? "line" : "lines") above · the end"
    }

    /// The footer: why the last key did nothing, else the stage's keys with a hint, as far as
    /// they fit, dimmed while they do not work yet (not armed; y before the end was on screen).
    static func footer(_ review: SamplingReview, sampling: SamplingState, width: Int, theme: Theme) -> StyledLine {
        if let notice = sampling.notice {
            return StyledLine(notice, theme.style("modal.warning"))
        }
        let key = theme.style("modal.key")
        let text = theme.style("modal.text")
        let off = theme.style("modal.label")
        var runs: [(text: String, style: Style)] = []
        var used = 0
        var editing = false
        if case .editing = review.phase { editing = true }
        if !sampling.armed && !editing {
            runs.append(("arming…  ", off))
            used += 9
        }
        for binding in bindings(review) {
            guard let hint = binding.hint else { continue }
            let cost = binding.label.displayWidth + 1 + hint.displayWidth + 2
            if used + cost - 2 > width { break }
            let works: Bool
            switch binding.command {
            case .answerLater: works = true
            case .cancel where review.isWaiting: works = true
            case .approveSampling, .returnReply: works = sampling.armed && review.seenAll
            default: works = sampling.armed || editing
            }
            runs.append((binding.label, works ? key : off))
            runs.append((" \(hint)  ", works ? text : off))
            used += cost
        }
        return StyledLine(runs)
    }
}
