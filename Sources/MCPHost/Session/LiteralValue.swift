import MCP

/// Decodes JSON into the SDK's `Value` without its data-URL guessing: `Value`'s own decoder turns
/// any string that looks like `data:…,…` into `.data`, which re-encodes as a different string
/// (so an echoed "data:,hi" would come back as "data:text/plain;base64,aGk="), and it runs a
/// regular expression over every string of every message.
struct LiteralValue: Decodable {
    let value: Value

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            value = .null
        } else if let bool = try? container.decode(Bool.self) {
            value = .bool(bool)
        } else if let int = try? container.decode(Int.self) {
            value = .int(int)
        } else if let double = try? container.decode(Double.self) {
            value = .double(double)
        } else if let string = try? container.decode(String.self) {
            value = .string(string)
        } else if let array = try? container.decode([LiteralValue].self) {
            value = .array(array.map(\.value))
        } else if let object = try? container.decode([String: LiteralValue].self) {
            value = .object(object.mapValues(\.value))
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a JSON value")
        }
    }
}
