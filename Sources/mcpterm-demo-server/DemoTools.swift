import Foundation
import MCP

/// What the demo tools do. Bad arguments give an `isError` result the model can read and correct
/// (MCP 2025-11-25 server/tools#error-handling); only an unknown tool name is a protocol error.
struct DemoTools: Sendable {
    static let maxSlowSeconds: Double = 30

    /// Sends `notifications/progress` for the current request (progress and total in seconds).
    typealias ProgressReporter = @Sendable (_ progress: Double, _ total: Double, _ message: String) async -> Void

    let files: WorkspaceFileReader
    let now: @Sendable () -> Date

    init(files: WorkspaceFileReader, now: @escaping @Sendable () -> Date = { Date() }) {
        self.files = files
        self.now = now
    }

    /// A bad argument, said so the caller can fix it.
    struct InputError: Error {
        var message: String
    }

    /// True for the tools that wait (and report progress, and can be cancelled): they run in their
    /// own task; every other tool answers at once through `callNow`.
    static func runsLong(_ name: String) -> Bool {
        name == "slow"
    }

    func call(_ name: String, arguments: [String: Value], progress: ProgressReporter?) async throws -> CallTool.Result {
        guard Self.runsLong(name) else { return try callNow(name, arguments: arguments) }
        do {
            return try await slow(arguments, progress: progress)
        } catch let error as InputError {
            return errorResult(error)
        }
    }

    /// Runs a tool that does not wait; throws `MCPError.invalidParams` for an unknown name.
    func callNow(_ name: String, arguments: [String: Value]) throws -> CallTool.Result {
        do {
            switch name {
            case "clock": return try clock(arguments)
            case "echo": return text(try string("text", in: arguments))
            case "read_file": return try readFile(arguments)
            case "add": return try add(arguments)
            default: throw MCPError.invalidParams("Unknown tool: \(name)")
            }
        } catch let error as InputError {
            return errorResult(error)
        }
    }

    private func errorResult(_ error: InputError) -> CallTool.Result {
        CallTool.Result(content: [.text(text: error.message, annotations: nil, _meta: nil)], isError: true)
    }

    private func text(_ s: String) -> CallTool.Result {
        CallTool.Result(content: [.text(text: s, annotations: nil, _meta: nil)])
    }

    private func clock(_ arguments: [String: Value]) throws -> CallTool.Result {
        var zone = TimeZone.current
        // Name the zone as asked: Foundation on Linux reports "UTC" as "GMT".
        var zoneName = zone.identifier
        if arguments["timezone"] != nil {
            let name = try string("timezone", in: arguments)
            guard let named = TimeZone(identifier: name) else {
                throw InputError(message: "unknown time zone \"\(name)\": give an IANA name such as \"Europe/Paris\" or \"UTC\"")
            }
            zone = named
            zoneName = name
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ssXXXXX"
        let date = now()
        let stamp = formatter.string(from: date)
        formatter.dateFormat = "EEEE"
        return text("\(stamp) (\(formatter.string(from: date)), \(zoneName))")
    }

    private func readFile(_ arguments: [String: Value]) throws -> CallTool.Result {
        let path = try string("path", in: arguments)
        do {
            return text(try files.read(path))
        } catch {
            throw InputError(message: error.description)
        }
    }

    private func add(_ arguments: [String: Value]) throws -> CallTool.Result {
        let a = try number("a", in: arguments), b = try number("b", in: arguments)
        // Two integers add as integers (when they fit) so "2 + 3" answers "5", not "5.0".
        if case .int(let x) = a, case .int(let y) = b, case (let sum, false) = x.addingReportingOverflow(y) {
            return CallTool.Result(
                content: [.text(text: "\(x) + \(y) = \(sum)", annotations: nil, _meta: nil)],
                structuredContent: ["sum": .int(sum)])
        }
        let x = Self.double(a), y = Self.double(b)
        let sum = x + y
        return CallTool.Result(
            content: [.text(text: "\(Self.format(x)) + \(Self.format(y)) = \(Self.format(sum))", annotations: nil, _meta: nil)],
            structuredContent: ["sum": .double(sum)])
    }

    private func slow(_ arguments: [String: Value], progress: ProgressReporter?) async throws -> CallTool.Result {
        let seconds = arguments["seconds"] == nil ? 2 : Self.double(try number("seconds", in: arguments))
        guard seconds >= 0 && seconds <= Self.maxSlowSeconds else {
            throw InputError(message: "\"seconds\" must be between 0 and \(Int(Self.maxSlowSeconds)), not \(Self.format(seconds))")
        }
        var waited = 0.0
        while waited < seconds {
            let step = min(1, seconds - waited)
            // Throws CancellationError on notifications/cancelled; the SDK then sends no response.
            try await Task.sleep(for: .milliseconds(Int((step * 1000).rounded())))
            waited += step
            await progress?(waited, seconds, "waited \(Self.format(waited)) of \(Self.format(seconds)) s")
        }
        return text("waited \(Self.format(seconds)) s")
    }

    // MARK: - Arguments

    private func string(_ key: String, in arguments: [String: Value]) throws -> String {
        switch arguments[key] {
        case .string(let s)?: return s
        case nil: throw InputError(message: "missing required argument \"\(key)\" (a string)")
        default: throw InputError(message: "\"\(key)\" must be a string")
        }
    }

    private func number(_ key: String, in arguments: [String: Value]) throws -> Value {
        switch arguments[key] {
        case let v? where v.intValue != nil || v.doubleValue != nil: return v
        case nil: throw InputError(message: "missing required argument \"\(key)\" (a number)")
        default: throw InputError(message: "\"\(key)\" must be a number")
        }
    }

    private static func double(_ v: Value) -> Double {
        v.doubleValue ?? Double(v.intValue ?? 0)
    }

    /// `2.0` prints as `2`, other numbers as Swift prints them.
    private static func format(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : "\(x)"
    }
}
