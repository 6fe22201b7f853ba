import Foundation
import MCP

/// What an outgoing message is, as far as the HTTP transports care.
enum OutgoingMessage {
    /// A request: its id, the id's JSON text (to match the response), and its method.
    case request(id: Value, idKey: String, method: String)
    /// A notification (`method`), a response or a batch (`method` empty).
    case other(method: String)

    init(_ data: Data) {
        guard let value = try? JSONCoding.value(from: data), case .object(let fields) = value,
              let method = fields["method"]?.stringValue else {
            self = .other(method: "")
            return
        }
        if let id = fields["id"], !id.isNull, let key = Self.key(id) {
            self = .request(id: id, idKey: key, method: method)
        } else {
            self = .other(method: method)
        }
    }

    static func key(_ id: Value) -> String? {
        guard let data = try? JSONCoding.encode(id) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
