import Foundation
import MCPHost

/// How a server's health reads in the servers pane and in /servers: "ready since 14:02:11",
/// "2 missed pings", "reconnecting in 4 s (try 3)".
enum ServerHealthText {
    static func parts(_ server: ServerStatus, timeZone: TimeZone = .current) -> [String] {
        var parts: [String] = []
        let health = server.health
        if server.state == .ready, let since = health.readySince {
            parts.append("ready since \(clockTime(since, timeZone: timeZone))")
        }
        if health.missedPings > 0 {
            parts.append(health.missedPings == 1 ? "1 missed ping" : "\(health.missedPings) missed pings")
        }
        if let retry = health.retry {
            parts.append("reconnecting in \(seconds(retry.delay)) s (try \(retry.attempt))")
        }
        return parts
    }

    /// "14:02:11" in `timeZone`.
    static func clockTime(_ date: Date, timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.hour, .minute, .second], from: date)
        return String(format: "%02d:%02d:%02d", parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
    }

    /// "0.9", "4", "30": one decimal at most.
    static func seconds(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
