import Foundation
import MCP

/// One incoming JSON-RPC 2.0 message, classified from a generic `Value` rather than the SDK's
/// typed decoders: those drop error responses whose `data` is not an object, leaving the request
/// hanging (Python servers send such errors).
enum JSONRPCMessage: Equatable {
    case request(id: Value, method: String, params: Value?)
    case notification(method: String, params: Value?)
    /// A response to one of our requests; `id` is the integer we sent.
    case response(id: Int, outcome: Outcome)
    /// Valid JSON that is not a JSON-RPC message we can route; `detail` says why.
    case invalid(detail: String)

    enum Outcome: Equatable {
        case result(Value)
        /// `data` is kept when it is an object (-32022 lists the supported versions in it).
        case error(code: Int, message: String, data: Value? = nil)
        /// The envelope of this response is broken; only its request fails.
        case malformed(String)
    }

    static func classify(_ value: Value) -> JSONRPCMessage {
        guard case .object(let object) = value else {
            return .invalid(detail: "not a JSON object")
        }
        let id = object["id"]
        if case .string(let method)? = object["method"] {
            let params = object["params"]
            if let id, !id.isNull { return .request(id: id, method: method, params: params) }
            return .notification(method: method, params: params)
        }
        guard let id else { return .invalid(detail: "neither \"method\" nor \"id\"") }
        guard let number = integerID(id) else {
            return .invalid(detail: "response id \(id) was not issued by this client")
        }
        if let error = object["error"] {
            guard case .object(let fields) = error, let code = integer(fields["code"]) else {
                return .response(id: number, outcome: .malformed("error without an integer \"code\""))
            }
            let message = fields["message"]?.stringValue ?? "(no message)"
            return .response(id: number, outcome: .error(code: code, message: message,
                                                             data: fields["data"]?.objectValue.map(Value.object)))
        }
        if let result = object["result"] {
            return .response(id: number, outcome: .result(result))
        }
        return .response(id: number, outcome: .malformed("response without \"result\" or \"error\""))
    }

    /// Our ids are integers; accept them echoed back as strings or whole doubles too.
    private static func integerID(_ id: Value) -> Int? {
        if case .string(let text) = id { return Int(text) }
        return integer(id)
    }

    private static func integer(_ value: Value?) -> Int? {
        switch value {
        case .int(let number)?: return number
        case .double(let number)? where number == number.rounded() && abs(number) < 1e15: return Int(number)
        default: return nil
        }
    }
}
