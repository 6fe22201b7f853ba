import Foundation
import MCP

/// What the user put into one field of an elicitation form, before it is checked.
public enum ElicitationEntry: Equatable, Sendable {
    /// A text or number field: the text as typed.
    case text(String)
    /// A yes/no field.
    case flag(Bool)
    /// An enum field: the indices of the options picked, in option order.
    case picked([Int])
}

/// Checks a filled-in form against its schema (MCP 2025-11-25 client/elicitation#requested-schema,
/// JSON Schema 2020-12 validation keywords, with `JSONSchemaCheck`'s length, range and format
/// checks and words) and builds the answer's content with typed values:
/// numbers as numbers, integers as ints, booleans, arrays of strings. Pure.
public enum ElicitationValidation {
    /// The content to send, or what is wrong with each bad field (by field index).
    public enum Outcome: Equatable, Sendable {
        case valid([String: Value])
        case invalid([Int: String])
    }

    /// One entry read as its field's value.
    public enum Reading: Equatable, Sendable {
        /// Left empty: omitted from the answer (a problem when the field is required).
        case empty
        case value(Value)
        /// The entry cannot be the field's type ("not a number").
        case problem(String)
    }

    /// Checks every field: each required field is present, each value fits its schema. Empty
    /// optional fields are left out of the content.
    public static func check(_ fields: [ElicitationField], _ entries: [ElicitationEntry]) -> Outcome {
        var content: [String: Value] = [:]
        var problems: [Int: String] = [:]
        for (index, field) in fields.enumerated() {
            let entry = index < entries.count ? entries[index] : nil
            switch entry.map({ read($0, for: field) }) ?? .empty {
            case .empty:
                if field.isRequired { problems[index] = missing(field) }
            case .problem(let message):
                problems[index] = message
            case .value(let value):
                if let message = problem(with: value, for: field) {
                    problems[index] = message
                } else {
                    content[field.name] = value
                }
            }
        }
        return problems.isEmpty ? .valid(content) : .invalid(problems)
    }

    /// An entry as the field's JSON value.
    public static func read(_ entry: ElicitationEntry, for field: ElicitationField) -> Reading {
        switch (field.kind, entry) {
        case (.text, .text(let text)):
            return text.isEmpty ? .empty : .value(.string(text))
        case (.number(let integer, _, _), .text(let typed)):
            let text = typed.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { return .empty }
            guard Self.isDecimal(text), let number = Double(text), number.isFinite else {
                return .problem(integer ? "not a whole number" : "not a number")
            }
            guard integer else { return .value(.double(number)) }
            if let whole = Int(text) { return .value(.int(whole)) }
            // 3.0 and 1e3 are whole numbers too (JSON Schema: an integer is a number without a fraction).
            guard number.rounded() == number, abs(number) < 9.0e15 else { return .problem("not a whole number") }
            return .value(.int(Int(number)))
        case (.boolean, .flag(let on)):
            return .value(.bool(on))
        case (.choice(let options), .picked(let indices)):
            guard let first = indices.first else { return .empty }
            guard indices.count == 1, options.indices.contains(first) else { return .problem("pick one of the choices") }
            return .value(.string(options[first].value))
        case (.choices(let options, _, _), .picked(let indices)):
            guard indices.allSatisfy(options.indices.contains) else { return .problem("pick from the choices") }
            // An optional list left empty is left out; a required one is sent as [] (the schema decides).
            if indices.isEmpty && !field.isRequired { return .empty }
            return .value(.array(indices.map { .string(options[$0].value) }))
        case (.unsupported, _):
            return .empty
        default:
            return .problem("this field takes \(kindName(field.kind))")
        }
    }

    /// What is wrong with `value` as the field's value, or nil when it fits the schema. String
    /// lengths count Unicode code points, as JSON Schema does (東京 is 2, not 6 bytes).
    public static func problem(with value: Value, for field: ElicitationField) -> String? {
        switch field.kind {
        case .text(let format, _, let minLength, let maxLength):
            guard case .string(let text) = value else { return "must be text" }
            if let problem = JSONSchemaCheck.lengthProblem(text, minLength: minLength, maxLength: maxLength) {
                return problem
            }
            if let format, !ElicitationFormatCheck.matches(text, format) {
                return ElicitationFormatCheck.expectation(format)
            }
            return nil
        case .number(let integer, let minimum, let maximum):
            let number: Double
            switch value {
            case .int(let whole): number = Double(whole)
            case .double(let real) where real.isFinite:
                if integer && real.rounded() != real { return "not a whole number" }
                number = real
            default: return integer ? "not a whole number" : "not a number"
            }
            return JSONSchemaCheck.rangeProblem(number, minimum: minimum, maximum: maximum)
        case .boolean:
            return value.boolValue == nil ? "must be yes or no" : nil
        case .choice(let options):
            guard case .string(let text) = value, options.contains(where: { $0.value == text }) else {
                return "not one of the choices"
            }
            return nil
        case .choices(let options, let minItems, let maxItems):
            guard case .array(let items) = value else { return "must be a list of choices" }
            for item in items {
                guard case .string(let text) = item else { return "\(item) is not one of the choices" }
                guard options.contains(where: { $0.value == text }) else { return "\"\(text)\" is not one of the choices" }
            }
            if Set(items.compactMap(\.stringValue)).count != items.count { return "a choice is picked twice" }
            if let minItems, items.count < minItems { return "pick at least \(minItems)" }
            if let maxItems, items.count > maxItems { return "pick at most \(maxItems)" }
            return nil
        case .unsupported(let reason):
            return "mcpterm cannot fill in this field (\(reason))"
        }
    }

    /// The message for a required field left empty.
    static func missing(_ field: ElicitationField) -> String {
        switch field.kind {
        case .choice: return "required: pick one"
        case .unsupported(let reason): return "required, but mcpterm cannot fill it in (\(reason))"
        default: return "required"
        }
    }

    /// A bound as the user wrote it: 5 rather than 5.0.
    public static func numberText(_ number: Double) -> String {
        JSONSchemaCheck.numberText(number)
    }

    private static func kindName(_ kind: ElicitationField.Kind) -> String {
        switch kind {
        case .text: return "text"
        case .number(let integer, _, _): return integer ? "a whole number" : "a number"
        case .boolean: return "yes or no"
        case .choice: return "one choice"
        case .choices: return "a list of choices"
        case .unsupported: return "nothing mcpterm can fill in"
        }
    }

    /// Decimal notation only: `Double("0x1p3")`, "nan" and "inf" parse, but are no JSON numbers.
    private static func isDecimal(_ text: String) -> Bool {
        var scalars = Substring(text).unicodeScalars[...]
        if let sign = scalars.first, sign == "-" || sign == "+" { scalars = scalars.dropFirst() }
        var digits = 0, sawDot = false, sawExponent = false, exponentDigits = 0
        var previous: Unicode.Scalar?
        for scalar in scalars {
            switch scalar {
            case "0"..."9":
                if sawExponent { exponentDigits += 1 } else { digits += 1 }
            case "." where !sawDot && !sawExponent:
                sawDot = true
            case "e", "E":
                guard !sawExponent, digits > 0 else { return false }
                sawExponent = true
            case "+", "-":
                guard previous == "e" || previous == "E" else { return false }
            default:
                return false
            }
            previous = scalar
        }
        return digits > 0 && (!sawExponent || exponentDigits > 0)
    }
}
