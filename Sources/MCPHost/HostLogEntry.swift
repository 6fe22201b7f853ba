import Foundation

/// One line for the host log pane: a server's stderr, its `notifications/message`, or something
/// the host itself noticed. `message` is untrusted text: show it, never interpret it.
public struct HostLogEntry: Equatable, Sendable {
    public enum Level: String, Sendable {
        case debug, info, notice, warning, error
    }

    public enum Source: String, Sendable {
        case stderr, notification, host, trace
    }

    /// The server concerned, or nil for the host as a whole.
    public var server: String?
    public var level: Level
    public var source: Source
    public var message: String
    /// When it happened (wall clock); set by whoever saw it, or by the host as it passes it on.
    public var time: Date?

    public init(server: String?, level: Level, source: Source, message: String, time: Date? = nil) {
        self.time = time
        self.server = server
        self.level = level
        self.source = source
        self.message = message
    }

    /// Maps an MCP log level (RFC 5424 names, 2025-11-25 server/utilities/logging) to ours;
    /// the three above `error` collapse into it.
    public static func level(mcpLevel: String) -> Level {
        switch mcpLevel {
        case "debug": return .debug
        case "info": return .info
        case "notice": return .notice
        case "warning": return .warning
        default: return .error
        }
    }
}
