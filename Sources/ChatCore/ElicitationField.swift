import MCP

/// One field of a server's elicitation form: a property of its `requestedSchema` as mcpterm shows
/// and checks it. The spec keeps the schema to flat primitives (MCP 2025-11-25
/// client/elicitation#requested-schema): strings, numbers, booleans and enums (SEP-1330).
public struct ElicitationField: Equatable, Sendable {
    /// The string formats the spec names; any other `format` is shown but not checked.
    public enum Format: String, Equatable, Sendable {
        case email, uri, date
        case dateTime = "date-time"
    }

    /// One choice of an enum: the value sent and the title shown (the value when untitled).
    public struct Option: Equatable, Sendable {
        public var value: String
        public var title: String

        public init(value: String, title: String? = nil) {
            self.value = value
            self.title = title ?? value
        }
    }

    public enum Kind: Equatable, Sendable {
        /// A string; `otherFormat` is a `format` the spec does not name (shown, not checked).
        case text(format: Format?, otherFormat: String?, minLength: Int?, maxLength: Int?)
        /// A number, or with `integer` a whole number.
        case number(integer: Bool, minimum: Double?, maximum: Double?)
        case boolean
        /// One value of `options` (`enum`, titled `oneOf`, or `enum` with legacy `enumNames`).
        case choice([Option])
        /// Several values of `options` (`type: array` with `items.enum` or `items.anyOf`).
        case choices([Option], minItems: Int?, maxItems: Int?)
        /// A property mcpterm cannot offer as a field (a nested object, an unknown type): why.
        case unsupported(String)
    }

    /// The property's key in the schema and in the answer.
    public var name: String
    public var title: String?
    public var description: String?
    public var isRequired: Bool
    public var kind: Kind
    /// The schema's `default` (SEP-1034), pre-filled in the form.
    public var defaultValue: Value?

    public init(name: String, title: String? = nil, description: String? = nil, isRequired: Bool = false,
                kind: Kind, defaultValue: Value? = nil) {
        self.name = name
        self.title = title
        self.description = description
        self.isRequired = isRequired
        self.kind = kind
        self.defaultValue = defaultValue
    }

    /// What the form calls the field: its title, else its key.
    public var label: String {
        guard let title, !title.isEmpty else { return name }
        return title
    }

    /// The options of an enum field (none for other kinds).
    public var options: [Option] {
        switch kind {
        case .choice(let options), .choices(let options, _, _): return options
        default: return []
        }
    }

    /// The form's fields, sorted by key: the SDK keeps `properties` as a dictionary, so the order
    /// in which the server wrote them is lost before the request reaches us.
    public static func fields(of schema: Elicitation.RequestSchema) -> [ElicitationField] {
        let required = Set(schema.required ?? [])
        return schema.properties.keys.sorted().map { name in
            ElicitationField(name: name, schema: schema.properties[name] ?? .null, isRequired: required.contains(name))
        }
    }

    /// Reads one property's schema; what cannot be a field becomes `.unsupported` with the reason.
    public init(name: String, schema: Value, isRequired: Bool) {
        self.name = name
        self.isRequired = isRequired
        guard case .object(let property) = schema else {
            self.kind = .unsupported("its schema is not an object")
            return
        }
        title = property["title"]?.stringValue
        description = property["description"]?.stringValue
        defaultValue = property["default"]
        kind = Self.kind(of: property)
    }

    private static func kind(of property: [String: Value]) -> Kind {
        let type = property["type"]?.stringValue
        switch type {
        case "string", nil:
            if let options = enumOptions(property) { return .choice(options) }
            guard type != nil else {
                return .unsupported("its schema has no \"type\"")
            }
            let formatName = property["format"]?.stringValue
            let format = formatName.flatMap(Format.init(rawValue:))
            return .text(format: format, otherFormat: format == nil ? formatName : nil,
                         minLength: count(property["minLength"]), maxLength: count(property["maxLength"]))
        case "number", "integer":
            return .number(integer: type == "integer", minimum: number(property["minimum"]),
                           maximum: number(property["maximum"]))
        case "boolean":
            return .boolean
        case "array":
            guard case .object(let items)? = property["items"], let options = enumOptions(items) else {
                return .unsupported("a list whose items are not a set of choices")
            }
            return .choices(options, minItems: count(property["minItems"]), maxItems: count(property["maxItems"]))
        case let other?:
            return .unsupported("its type is \"\(other)\"")
        }
    }

    /// The choices of an enum schema, in the server's order: `enum` (titled by legacy
    /// `enumNames` when present), or `oneOf`/`anyOf` of `{const, title}`; nil when it is no enum.
    private static func enumOptions(_ schema: [String: Value]) -> [Option]? {
        if case .array(let values)? = schema["enum"] {
            let names = schema["enumNames"]?.arrayValue?.map(\.stringValue)
            return values.enumerated().compactMap { index, value in
                guard let text = scalarText(value) else { return nil }
                let title = names.flatMap { index < $0.count ? $0[index] : nil }
                return Option(value: text, title: title)
            }
        }
        for key in ["oneOf", "anyOf"] {
            guard case .array(let variants)? = schema[key] else { continue }
            return variants.compactMap { variant in
                guard case .object(let fields) = variant, let value = fields["const"].flatMap(scalarText) else { return nil }
                return Option(value: value, title: fields["title"]?.stringValue)
            }
        }
        return nil
    }

    /// Enum values are strings in the spec (a value of another type is left out).
    private static func scalarText(_ value: Value) -> String? {
        value.stringValue
    }

    static func number(_ value: Value?) -> Double? {
        switch value {
        case .int(let number)?: return Double(number)
        case .double(let number)?: return number
        default: return nil
        }
    }

    private static func count(_ value: Value?) -> Int? {
        switch value {
        case .int(let number)? where number >= 0: return number
        case .double(let number)? where number >= 0 && number.rounded() == number && number < 1e15: return Int(number)
        default: return nil
        }
    }
}
