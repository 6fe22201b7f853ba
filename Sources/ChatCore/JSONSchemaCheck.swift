import Foundation
import MCP

/// Checks a JSON value against a JSON Schema (2020-12 validation), in the subset tools and forms
/// write: `type`, `enum`, `const`, `properties`, `required`, `additionalProperties`, `items`,
/// `prefixItems`, `minItems`/`maxItems`, `minLength`/`maxLength`, `minimum`/`maximum` and their
/// exclusive forms, `format` (email, uri, date, date-time), `anyOf`/`oneOf`/`allOf`/`not`, and
/// `$ref` into the same schema (`#/$defs/…`, as the Python SDK writes nested models). Other
/// keywords are not checked. Used for a tool's `outputSchema` (MCP 2025-11-25
/// server/tools#output-schema); the elicitation form shares its length, range and format
/// checks (`ElicitationValidation`). Pure.
public enum JSONSchemaCheck {
    /// What is wrong with `value` under `schema`, each saying where (a JSON Pointer such as
    /// `/items/0/name`); empty when it fits. At most `limit` problems are listed.
    public static func problems(_ value: Value, against schema: Value, limit: Int = 5) -> [String] {
        var check = Check(root: schema, limit: limit)
        check.visit(value, schema, path: [], depth: 0)
        return check.found
    }

    /// Text shorter than `minLength` or longer than `maxLength`, counted in code points as JSON
    /// Schema counts (東京 is 2, not 6 bytes); nil when it fits.
    public static func lengthProblem(_ text: String, minLength: Int?, maxLength: Int?) -> String? {
        let length = text.unicodeScalars.count
        if let minLength, length < minLength { return "at least \(minLength) \(characters(minLength)) (has \(length))" }
        if let maxLength, length > maxLength { return "at most \(maxLength) \(characters(maxLength)) (has \(length))" }
        return nil
    }

    /// A number below `minimum` or above `maximum` (both inclusive); nil when it fits.
    public static func rangeProblem(_ number: Double, minimum: Double?, maximum: Double?) -> String? {
        let below = minimum.map { number < $0 } ?? false
        let above = maximum.map { number > $0 } ?? false
        guard below || above else { return nil }
        switch (minimum, maximum) {
        case (let low?, let high?): return "must be from \(numberText(low)) to \(numberText(high))"
        case (let low?, nil): return "must be at least \(numberText(low))"
        case (nil, let high?): return "must be at most \(numberText(high))"
        case (nil, nil): return nil
        }
    }

    /// A bound as the schema wrote it: 5 rather than 5.0.
    public static func numberText(_ number: Double) -> String {
        if number.rounded() == number, abs(number) < 1e15 { return String(Int(number)) }
        return String(number)
    }

    /// The JSON type of a value, as `type` names it (a whole number is an `integer`).
    public static func typeName(_ value: Value) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "boolean"
        case .int: return "integer"
        case .double(let number): return number.rounded() == number && number.isFinite ? "integer" : "number"
        case .string, .data: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    private static func characters(_ count: Int) -> String {
        count == 1 ? "character" : "characters"
    }

    /// One walk over a value; `found` collects what is wrong.
    private struct Check {
        let root: Value
        let limit: Int
        var found: [String] = []

        init(root: Value, limit: Int) {
            self.root = root
            self.limit = limit
        }

        /// `$ref` chains and nesting deeper than this are not followed (a schema that refers to
        /// itself would otherwise never end).
        static let depthLimit = 64

        mutating func report(_ path: [String], _ message: String) {
            guard found.count < limit else { return }
            let place = path.isEmpty ? "top level" : "/" + path.joined(separator: "/")
            found.append("\(place): \(message)")
        }

        /// Whether `value` fits `schema`, without reporting (for anyOf, oneOf and not).
        func fits(_ value: Value, _ schema: Value, depth: Int) -> Bool {
            var probe = Check(root: root, limit: 1)
            probe.visit(value, schema, path: [], depth: depth)
            return probe.found.isEmpty
        }

        mutating func visit(_ value: Value, _ schema: Value, path: [String], depth: Int) {
            guard found.count < limit, depth < Self.depthLimit else { return }
            guard case .object(let keywords) = schema else {
                if schema == .bool(false) { report(path, "not allowed here") }
                return  // `true`, or not a schema: anything goes
            }
            if case .string(let reference)? = keywords["$ref"] {
                if let target = resolve(reference) {
                    visit(value, target, path: path, depth: depth + 1)
                } else {
                    report(path, "the schema refers to \(reference), which it does not define")
                }
            }
            if let types = keywords["type"].map(typeList), !types.isEmpty, !types.contains(where: { has(value, type: $0) }) {
                report(path, "expected \(types.joined(separator: " or ")), got \(JSONSchemaCheck.typeName(value))")
                return  // the other keywords would only repeat it
            }
            if case .array(let allowed)? = keywords["enum"], !allowed.contains(where: { same($0, value) }) {
                report(path, "not one of the allowed values (\(allowed.map(compact).joined(separator: ", ")))")
            }
            if let constant = keywords["const"], !same(constant, value) {
                report(path, "must be \(compact(constant))")
            }
            switch value {
            case .string(let text):
                checkString(text, keywords, path)
            case .data:
                break  // a string mcpterm's parser would not make; nothing to measure
            case .int, .double:
                checkNumber(value, keywords, path)
            case .object(let fields):
                checkObject(fields, keywords, path, depth)
            case .array(let items):
                checkArray(items, keywords, path, depth)
            case .null, .bool:
                break
            }
            checkCombinations(value, keywords, path, depth)
        }

        private mutating func checkString(_ text: String, _ keywords: [String: Value], _ path: [String]) {
            if let problem = JSONSchemaCheck.lengthProblem(text, minLength: keywords["minLength"]?.wholeNumber,
                                           maxLength: keywords["maxLength"]?.wholeNumber) {
                report(path, problem)
            }
            if case .string(let name)? = keywords["format"], let format = ElicitationField.Format(rawValue: name),
               !ElicitationFormatCheck.matches(text, format) {
                report(path, ElicitationFormatCheck.expectation(format))
            }
        }

        private mutating func checkNumber(_ value: Value, _ keywords: [String: Value], _ path: [String]) {
            guard let number = value.number else { return }
            if let problem = JSONSchemaCheck.rangeProblem(number, minimum: keywords["minimum"]?.number, maximum: keywords["maximum"]?.number) {
                report(path, problem)
            }
            if let bound = keywords["exclusiveMinimum"]?.number, number <= bound {
                report(path, "must be more than \(JSONSchemaCheck.numberText(bound))")
            }
            if let bound = keywords["exclusiveMaximum"]?.number, number >= bound {
                report(path, "must be less than \(JSONSchemaCheck.numberText(bound))")
            }
        }

        private mutating func checkObject(_ fields: [String: Value], _ keywords: [String: Value], _ path: [String],
                                          _ depth: Int) {
            if case .array(let required)? = keywords["required"] {
                for case .string(let name) in required where fields[name] == nil {
                    report(path, "missing required property \"\(name)\"")
                }
            }
            let properties = keywords["properties"]?.objectValue ?? [:]
            for name in fields.keys.sorted() {
                guard let field = fields[name] else { continue }
                if let property = properties[name] {
                    visit(field, property, path: path + [escaped(name)], depth: depth + 1)
                } else if let additional = keywords["additionalProperties"] {
                    if additional == .bool(false) {
                        report(path + [escaped(name)], "not allowed (the schema lists no such property)")
                    } else {
                        visit(field, additional, path: path + [escaped(name)], depth: depth + 1)
                    }
                }
            }
        }

        private mutating func checkArray(_ items: [Value], _ keywords: [String: Value], _ path: [String], _ depth: Int) {
            if let minItems = keywords["minItems"]?.wholeNumber, items.count < minItems {
                report(path, "at least \(minItems) \(minItems == 1 ? "item" : "items") (has \(items.count))")
            }
            if let maxItems = keywords["maxItems"]?.wholeNumber, items.count > maxItems {
                report(path, "at most \(maxItems) \(maxItems == 1 ? "item" : "items") (has \(items.count))")
            }
            let prefix = keywords["prefixItems"]?.arrayValue ?? []
            for (index, item) in items.enumerated() {
                if index < prefix.count {
                    visit(item, prefix[index], path: path + [String(index)], depth: depth + 1)
                } else if let schema = keywords["items"] {
                    visit(item, schema, path: path + [String(index)], depth: depth + 1)
                }
            }
        }

        private mutating func checkCombinations(_ value: Value, _ keywords: [String: Value], _ path: [String],
                                                _ depth: Int) {
            if case .array(let all)? = keywords["allOf"] {
                for schema in all { visit(value, schema, path: path, depth: depth + 1) }
            }
            if case .array(let any)? = keywords["anyOf"], !any.contains(where: { fits(value, $0, depth: depth + 1) }) {
                report(path, "matches none of the schemas it may take (anyOf)")
            }
            if case .array(let one)? = keywords["oneOf"] {
                let matching = one.filter { fits(value, $0, depth: depth + 1) }.count
                if matching != 1 {
                    report(path, matching == 0 ? "matches none of the schemas it may take (oneOf)"
                                               : "matches \(matching) of the schemas where exactly one must (oneOf)")
                }
            }
            if let not = keywords["not"], fits(value, not, depth: depth + 1) {
                report(path, "matches a schema it must not (not)")
            }
        }

        /// `#`, `#/$defs/Name` and other JSON Pointers into this schema; nil for any other
        /// reference (another document, an anchor).
        private func resolve(_ reference: String) -> Value? {
            guard reference.hasPrefix("#") else { return nil }
            let pointer = reference.dropFirst()
            guard !pointer.isEmpty else { return root }
            guard pointer.hasPrefix("/") else { return nil }
            var node = root
            for token in pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
                let key = (String(token).removingPercentEncoding ?? String(token))
                    .replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
                switch node {
                case .object(let fields): guard let next = fields[key] else { return nil }; node = next
                case .array(let items): guard let index = Int(key), items.indices.contains(index) else { return nil }; node = items[index]
                default: return nil
                }
            }
            return node
        }

        private func typeList(_ type: Value) -> [String] {
            switch type {
            case .string(let name): return [name]
            case .array(let names): return names.compactMap(\.stringValue)
            default: return []
            }
        }

        private func has(_ value: Value, type: String) -> Bool {
            let actual = JSONSchemaCheck.typeName(value)
            return actual == type || (type == "number" && actual == "integer")
        }

        /// JSON equality: numbers by value (1 and 1.0 are the same), objects by their members.
        private func same(_ a: Value, _ b: Value) -> Bool {
            switch (a, b) {
            case (.int, .int), (.int, .double), (.double, .int), (.double, .double): return a.number == b.number
            case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
            case (.object(let x), .object(let y)):
                return x.count == y.count && x.allSatisfy { key, value in y[key].map { same(value, $0) } ?? false }
            default: return a == b
            }
        }

        private func compact(_ value: Value) -> String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "\(value)"
        }

        /// A property name as a JSON Pointer token (RFC 6901: `~` and `/` escaped).
        private func escaped(_ name: String) -> String {
            name.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
        }
    }
}

private extension Value {
    /// An int or a finite double as a Double.
    var number: Double? {
        switch self {
        case .int(let whole): return Double(whole)
        case .double(let real) where real.isFinite: return real
        default: return nil
        }
    }

    /// A whole, non-negative count (`minLength: 2` or `2.0`).
    var wholeNumber: Int? {
        guard let number, number >= 0, number.rounded() == number, number < 1e15 else { return nil }
        return Int(number)
    }
}
