import Foundation
@testable import MCPHost
import XCTest

/// Thousands of seeded mutations of a valid servers.json through the real loader: whatever the
/// bytes, loading returns (no trap), every problem names a line, and every server that loads has
/// numbers the host can turn into timers. The seed is fixed, so a failure replays exactly.
final class ConfigFuzzTests: XCTestCase {
    static let valid = """
        {
          "mcpServers": {
            "time": {
              "command": "uvx",
              "args": ["mcp-server-time", "--local-timezone", "${TZ:-UTC}"],
              "env": { "LOG_LEVEL": "info" },
              "inheritEnv": ["GITHUB_TOKEN"],
              "cwd": "~/work",
              "timeout": 30,
              "heartbeat": 15,
              "maxMessageBytes": 1048576,
              "alwaysAllow": ["get_current_time"],
              "roots": ["~/notes"],
              "logLevel": "warning",
              "protocol": "auto"
            },
            "notes": { "command": "notes-mcp", "disabled": true, "inheritEnv": true },
            "remote": { "type": "http", "url": "https://example.com/mcp", "headers": { "Authorization": "Bearer ${TOKEN}" },
                        "timeout": 2.5, "heartbeat": 0 },
            "sock": { "type": "ws", "url": "ws://127.0.0.1:9000/mcp", "maxMessageBytes": 4096 }
          }
        }
        """

    /// Numbers that broke or could break a conversion: past Int64 seconds or nanoseconds, the
    /// edges of each range, fractions where whole numbers are needed, and ones JSON cannot hold.
    static let numbers = [
        "1e19", "9.2e18", "9223372036854775807", "9223372036854775808", "1e308", "1.7976931348623157e308", "1e400",
        "-1", "-0", "0", "0.0", "1e-320", "5e-324", "0.0005", "0.001", "1", "86400", "86400.5", "86401", "1024",
        "1023", "2147483647", "2147483648", "4294967296", "1.5", "-1e19", "NaN", "Infinity", "-Infinity", "1e", "--1",
    ]
    static let values = ["null", "true", "false", "\"\"", "\"x\"", "[]", "{}", "[1]", "{\"a\": 1}", "\"\\u0000\"",
                         "\"\\ud800\"", "\"${UNSET}\"", "[\"A=B\"]", "[\"\"]"]
    static let bytes: [UInt8] = Array("{}[],:\"\\\n \t0123456789eE+-.utfnal".utf8) + [0x00, 0x1B, 0xC3, 0xFF, 0x80]

    func testMutatedConfigsNeverCrashTheLoaderAndEveryProblemNamesALine() {
        var random = SplitMix64(seed: 0x6D63_7074_6572_6D07)
        let base = Array(Self.valid.utf8)
        var loadedServers = 0
        var problemCount = 0
        for round in 0..<4000 {
            var text = base
            for _ in 0..<(1 + Int(random.next() % 3)) { mutate(&text, &random) }
            let file = ServersFileLoader.parse(Data(text), displayName: "servers.json",
                                               environment: ["HOME": "/home/u", "TOKEN": "t"])
            for problem in file.problems {
                problemCount += 1
                guard problem.line > 0, problem.description.hasPrefix("servers.json:\(problem.line)") else {
                    return XCTFail("round \(round): a problem without a line: \(problem)\n"
                                   + String(decoding: text, as: UTF8.self))
                }
            }
            for server in file.servers {
                loadedServers += 1
                XCTAssertTrue(ConfigLimits.timeout.contains(server.timeout), "round \(round): \(server.timeout)")
                XCTAssertTrue(ConfigLimits.heartbeat.contains(server.heartbeat), "round \(round): \(server.heartbeat)")
                XCTAssertTrue(ConfigLimits.maxMessageBytes.contains(Double(server.maxMessageBytes)))
                // What the host does with them (these trapped for 1e19): timers of Duration.
                _ = Duration.seconds(server.timeout) + .seconds(server.heartbeat)
            }
        }
        // The mutations must reach both sides: broken files and files that still load.
        XCTAssertGreaterThan(loadedServers, 1000)
        XCTAssertGreaterThan(problemCount, 1000)
    }

    private func mutate(_ text: inout [UInt8], _ random: inout SplitMix64) {
        func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }
        let position = text.isEmpty ? 0 : Int(random.next() % UInt64(text.count))
        switch random.next() % 8 {
        case 0, 1:
            // A number of the file (they are what trapped) becomes a hostile one.
            let spans = Self.numberSpans(text)
            guard !spans.isEmpty else { return }
            text.replaceSubrange(pick(spans), with: Array(pick(Self.numbers).utf8))
        case 2:
            // A value (after a colon) becomes one of another type.
            guard let colon = text[position...].firstIndex(of: UInt8(ascii: ":")) else { return }
            let end = text[(colon + 1)...].firstIndex { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "}") } ?? text.count
            text.replaceSubrange((colon + 1)..<end, with: Array((" " + pick(Self.values)).utf8))
        case 3:
            if !text.isEmpty { text[min(position, text.count - 1)] = pick(Self.bytes) }
        case 4:
            text.insert(pick(Self.bytes), at: position)
        case 5:
            if !text.isEmpty { text.remove(at: min(position, text.count - 1)) }
        case 6:
            // A slice repeated elsewhere: duplicate keys, entries, nesting.
            let length = Int(random.next() % 40)
            let slice = Array(text[position..<min(text.count, position + length)])
            text.insert(contentsOf: slice, at: Int(random.next() % UInt64(text.count + 1)))
        default:
            text.removeSubrange(position..<text.count)
        }
    }

    /// The byte ranges of the number literals in `text`, outside strings.
    private static func numberSpans(_ text: [UInt8]) -> [Range<Int>] {
        var spans: [Range<Int>] = []
        var index = 0
        var inString = false
        while index < text.count {
            let byte = text[index]
            if inString {
                if byte == UInt8(ascii: "\\") { index += 1 } else if byte == UInt8(ascii: "\"") { inString = false }
                index += 1
                continue
            }
            if byte == UInt8(ascii: "\"") {
                inString = true
                index += 1
            } else if byte == UInt8(ascii: "-") || (byte >= 0x30 && byte <= 0x39) {
                let start = index
                while index < text.count, "0123456789.eE+-".utf8.contains(text[index]) { index += 1 }
                spans.append(start..<index)
            } else {
                index += 1
            }
        }
        return spans
    }
}

/// A small, fast, seedable generator (Steele, Lea & Flood, "Fast splittable pseudorandom number
/// generators"), so the fuzz rounds are the same on every run.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
