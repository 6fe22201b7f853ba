import ChatCore
import MCP
import MCPHost
import TUI

/// One server form in the box: its fields, what the user put in them, which field has the focus,
/// what the last check found wrong, and how far the box is scrolled.
struct ElicitationFormState: Equatable, Sendable {
    /// What one field holds while the user fills it in.
    enum Input: Equatable, Sendable {
        /// Text and number fields: edited like the chat input (graphemes, display width).
        case text(InputEditor)
        case flag(Bool)
        /// Enum fields: the options picked (ascending) and the option the highlight is on.
        case picked([Int], highlight: Int)
        /// A field mcpterm cannot fill in.
        case unsupported
    }

    /// The waiting request this form answers (`PendingServerRequest.id`).
    let requestID: Int
    let server: String
    let message: String
    let fields: [ElicitationField]
    var inputs: [Input]
    var focus = 0
    /// What is wrong with each field the last check refused, by field index.
    var problems: [Int: String] = [:]
    /// Body rows scrolled past.
    var scroll = 0

    /// Whether `request` is a form elicitation (a URL elicitation or sampling has no form).
    static func isForm(_ request: PendingServerRequest) -> Bool {
        if case .elicitation(.form) = request.kind { return true }
        return false
    }

    /// A new form for `request`, defaults pre-filled (SEP-1034); nil unless it is a form elicitation.
    init?(_ request: PendingServerRequest) {
        guard case .elicitation(.form(let form)) = request.kind else { return nil }
        requestID = request.id
        server = request.server
        message = form.message
        fields = ElicitationField.fields(of: form.requestedSchema)
        inputs = fields.map(Self.initialInput)
    }

    private static func initialInput(_ field: ElicitationField) -> Input {
        let value = field.defaultValue
        switch field.kind {
        case .text:
            return .text(InputEditor(text: value?.stringValue ?? ""))
        case .number:
            switch value {
            case .int(let number)?: return .text(InputEditor(text: String(number)))
            case .double(let number)? where number.isFinite:
                return .text(InputEditor(text: ElicitationValidation.numberText(number)))
            default: return .text(InputEditor())
            }
        case .boolean:
            return .flag(value?.boolValue ?? false)
        case .choice(let options):
            let index = value?.stringValue.flatMap { text in options.firstIndex { $0.value == text } }
            return .picked(index.map { [$0] } ?? [], highlight: index ?? 0)
        case .choices(let options, _, _):
            let texts = Set((value?.arrayValue ?? []).compactMap(\.stringValue))
            let picked = options.indices.filter { texts.contains(options[$0].value) }
            return .picked(picked, highlight: picked.first ?? 0)
        case .unsupported:
            return .unsupported
        }
    }

    /// The inputs as the validation reads them.
    var entries: [ElicitationEntry] {
        inputs.map { input in
            switch input {
            case .text(let editor): return .text(editor.text)
            case .flag(let on): return .flag(on)
            case .picked(let picked, _): return .picked(picked)
            case .unsupported: return .text("")
            }
        }
    }
}

/// The form box across requests: the form on screen, whether its answer keys work yet, and the
/// forms not on screen with what was typed into them. Which form shows follows
/// `AppState.requestBoxes`: a form has the box when it is the front of the server requests.
struct ElicitationState: Equatable, Sendable {
    var form: ElicitationFormState?
    /// Counts each new showing of a form; an arming timer of an earlier showing is ignored.
    var showing = 0
    /// Answer keys work only once the form has been on top for `ApprovalState.armDelay` (an Enter
    /// typed for the chat must not send a form the user has not seen).
    var armed = false
    /// Whether the form shown was on top (not under the approval box) when last synced.
    var onTop = false
    /// Forms filled in part that are not on screen, kept until they show again or end.
    var drafts: [Int: ElicitationFormState] = [:]
    /// Why the last key did nothing, shown in the box's footer until the next key.
    var notice: String?

    init() {}
}
