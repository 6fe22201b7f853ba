import Foundation
@testable import MCPHost
@testable import MCPTermApp
import TestSupport
import TUI
import XCTest

/// The trace view in the log tab (Alt-T), a message opened whole with its pair, the filters and
/// search, the Servers pane's metrics and /stats, as screens in the default and the light theme.
final class TraceViewTests: XCTestCase {
    private static let start = Date(timeIntervalSince1970: 1_800_000_000)  // 08:00:00 UTC

    /// A short session of two servers: a tool call answered in 12 ms, a failed ping, a CJK echo.
    private static func trace() -> TraceLog {
        var log = TraceLog()
        log.apply(.sessionStarted(server: "git", isFirst: true))
        log.apply(.sessionStarted(server: "web", isFirst: true))
        func add(_ seq: Int, _ ms: Double, _ server: String, _ dir: TraceRecord.Direction, _ kind: TraceRecord.Kind,
                 _ method: String?, _ id: String?, latency: Double? = nil, code: Int? = nil, _ message: String) {
            log.add(TraceRecord(seq: seq, time: start.addingTimeInterval(ms / 1000), server: server, direction: dir,
                                kind: kind, method: method, id: id, bytes: message.utf8.count, latencyMs: latency,
                                errorCode: code, message: message))
        }
        add(1, 0, "git", .out, .request, "tools/call", "1",
            #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"東京タワー"}}}"#)
        add(2, 12, "git", .in, .response, "tools/call", "1", latency: 12,
            #"{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"東京タワー"}]}}"#)
        add(3, 1000, "web", .out, .request, "ping", "4", #"{"jsonrpc":"2.0","id":4,"method":"ping"}"#)
        add(4, 1003, "web", .in, .response, "ping", "4", latency: 3, code: -32601,
            #"{"jsonrpc":"2.0","id":4,"error":{"code":-32601,"message":"no ping"}}"#)
        add(5, 2000, "git", .in, .notification, "notifications/message", nil,
            #"{"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info","data":"hi"}}"#)
        return log
    }

    private func harness(_ theme: Theme, width: Int = 100, height: Int = 16, pane: SidePane = .log) -> LoopHarness {
        LoopHarness(width: width, height: height, theme: theme, configure: { state in
            state.timeZone = TimeZone(identifier: "UTC")!
            state.trace = Self.trace()
            state.servers = [ServerStatus(name: "git", kind: .stdio, state: .ready),
                             ServerStatus(name: "web", kind: .http, state: .ready)]
            state.sidePane = pane
            state.sidePaneVisible = true
        })
    }

    private func themes() throws -> [Theme] {
        let dir = FixtureServer.packageRoot.appendingPathComponent("themes").path
        return [.builtinDefault, try Theme.load(named: "light", from: [dir])]
    }

    /// The pane's columns of the screen (right of the transcript), trimmed.
    private func pane(_ app: LoopHarness, from column: Int) -> [String] {
        app.screen.dropFirst().map { line in
            var width = 0
            var out = ""
            for c in line {
                if width >= column { out.append(c) }
                width += String(c).displayWidth
            }
            return out.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
    }

    func testAltTShowsEveryMessageWithTimeDirectionMethodIDAndLatency() throws {
        for theme in try themes() {
            let app = harness(theme)
            app.key(.alt("t"))
            let column = 100 - AppView.sidePaneWidth(app.loop.state)
            XCTAssertEqual(Array(pane(app, from: column).prefix(9)), [
                "┌─ Trace 5 ────────────────────────────┐",
                "│ all servers · all methods            │",
                "│ 08:00:00 → git tools/call #1         │",
                "│ 08:00:00 ← git tools/call #1 12 ms   │",
                "│ 08:00:01 → web ping #4               │",
                "│ 08:00:01 ← web ping #4 E-32601 3.0 ms│",
                "│ 08:00:02 ← git notifications/message │",
                "│                                      │",
                "│                                      │",
            ], "theme \(theme)")
            XCTAssertTrue(app.screenText.contains("Enter open · s server · m method"), app.screenText)
            let frame = try XCTUnwrap(app.backend.lastFrame)
            // The newest message is selected, in the theme's selection style.
            XCTAssertEqual(frame[column + 2, 7].style, theme.style("list.selected"))
            XCTAssertEqual(frame[column + 2, 6].style, theme.style("log.error"), "an error response in the error style")
        }
    }

    func testSelectedMessageOpensWholeAsPrettyJSONWithItsRequest() throws {
        for theme in try themes() {
            let app = harness(theme, height: 30)
            app.key(.alt("t"))
            app.key(.up); app.key(.up); app.key(.up)  // the tool call's response
            app.key(.enter)
            let column = 100 - AppView.sidePaneWidth(app.loop.state)
            let shown = pane(app, from: column)
            XCTAssertEqual(Array(shown.prefix(14)), [
                "┌─ Trace 5 ────────────────────────────┐",
                "│ all servers · all methods            │",
                "│ ← from git · response · 88 B · 12 ms │",
                "│ · 08:00:00                           │",
                "│ {                                    │",
                "│   \"id\": 1,                           │",
                "│   \"jsonrpc\": \"2.0\",                  │",
                "│   \"result\": {                        │",
                "│     \"content\": [                     │",
                "│       {                              │",
                "│         \"text\": \"東京タワー\",        │",
                "│         \"type\": \"text\"               │",
                "│       }                              │",
                "│     ]                                │",
            ], "theme \(theme)")
            XCTAssertTrue(shown.contains { $0.contains("→ to git · request") }, "its request follows: \(shown)")
            XCTAssertTrue(shown.contains { $0.contains("\"method\": \"tools/call\",") }, shown.joined(separator: "\n"))
            app.key(.pageDown)
            XCTAssertNotEqual(pane(app, from: column)[2], shown[2], "PgDn scrolls the message")
            app.key(.escape)
            XCTAssertEqual(pane(app, from: column)[3], "│ 08:00:00 ← git tools/call #1 12 ms   │", "Esc closes it")
        }
    }

    func testFiltersByServerMethodErrorsAndSearch() throws {
        let app = harness(.builtinDefault)
        app.key(.alt("t"))
        let column = 100 - AppView.sidePaneWidth(app.loop.state)
        app.key(.char("s"))  // git
        XCTAssertEqual(Array(pane(app, from: column)[1...5]), [
            "│ git · all methods                    │",
            "│ 08:00:00 → git tools/call #1         │",
            "│ 08:00:00 ← git tools/call #1 12 ms   │",
            "│ 08:00:02 ← git notifications/message │",
            "│                                      │",
        ])
        app.key(.char("s")); app.key(.char("s"))  // web, then all
        app.key(.char("e"))
        XCTAssertEqual(Array(pane(app, from: column)[0...3]), [
            "┌─ Trace 1 ────────────────────────────┐",
            "│ all servers · all methods · errors   │",
            "│ 08:00:01 ← web ping #4 E-32601 3.0 ms│",
            "│                                      │",
        ])
        app.key(.char("e"))
        app.key(.char("m"))  // the first method seen, sorted: notifications/message
        XCTAssertEqual(Array(pane(app, from: column)[1...3]), [
            "│ all servers · notifications/message  │",
            "│ 08:00:02 ← git notifications/message │",
            "│                                      │",
        ])
        app.key(.char("m")); app.key(.char("m")); app.key(.char("m"))  // ping, tools/call, all
        app.key(.char("/"))
        app.type("タワー")
        XCTAssertEqual(Array(pane(app, from: column)[0...4]), [
            "┌─ Trace 2 ────────────────────────────┐",
            "│ all servers · all methods · /タワー▏ │",
            "│ 08:00:00 → git tools/call #1         │",
            "│ 08:00:00 ← git tools/call #1 12 ms   │",
            "│                                      │",
        ])
        app.key(.escape)
        XCTAssertTrue(app.screenText.contains("Trace 5"), "Esc drops the search")
        app.key(.alt("t"))
        XCTAssertTrue(app.screenText.contains("Log 0"), "Alt-T again: back to the log")
    }

    func testServersPaneShowsCallsErrorRateAndPercentilesPerServer() throws {
        for theme in try themes() {
            let app = harness(theme, height: 20, pane: .servers)
            app.step(.redraw)
            let column = 100 - AppView.sidePaneWidth(app.loop.state)
            XCTAssertEqual(Array(pane(app, from: column).prefix(11)), [
                "┌─ Servers 2/2 ─────────────────┐",
                "│ ● git ready                   │",
                "│   stdio                       │",
                "│   1 calls · 0% errors         │",
                "│   tools p50 12 ms · p95 12 ms │",
                "│   last 08:00:02               │",
                "│   roots none                  │",
                "│ ● web ready                   │",
                "│   http                        │",
                "│   1 calls · 100% errors       │",
                "│   all p50 3.0 ms · p95 3.0 ms │",
            ], "theme \(theme)")
        }
    }

    func testTraceEventsFeedTheServersPaneAndCountReconnects() {
        let app = LoopHarness(width: 132, height: 20, configure: { state in
            state.timeZone = TimeZone(identifier: "UTC")!
            state.servers = [ServerStatus(name: "git", kind: .stdio, state: .ready)]
            state.sidePaneVisible = true
        })
        app.step(.trace(.sessionStarted(server: "git", isFirst: true)))
        app.step(.trace(.sessionStarted(server: "git", isFirst: false)))
        let request = TraceRecord(seq: 1, time: Self.start, server: "git", direction: .out, kind: .request,
                                  method: "tools/call", id: "1", bytes: 10, message: "{}")
        var answer = request
        answer.seq = 2
        answer.direction = .in
        answer.kind = .response
        answer.latencyMs = 250
        answer.time = Self.start.addingTimeInterval(0.25)
        app.step(.trace(.record(request)))
        app.step(.trace(.record(answer)))
        let text = app.screenText
        XCTAssertTrue(text.contains("1 calls · 0% errors"), text)
        XCTAssertTrue(text.contains("tools p50 250 ms · p95 250 ms"), text)
        XCTAssertTrue(text.contains("last 08:00:00 · 1 reconnect"), text)
    }

    func testServersPaneCountsTheTimeSinceTheLastMessageWhileItIsShown() {
        let app = LoopHarness(width: 132, height: 20, configure: { state in
            state.timeZone = TimeZone(identifier: "UTC")!
            state.clockStart = Self.start
            state.servers = [ServerStatus(name: "git", kind: .stdio, state: .ready)]
            state.sidePaneVisible = true
        })
        let ping = TraceRecord(seq: 1, time: Self.start, server: "git", direction: .out, kind: .request,
                               method: "ping", id: "1", bytes: 10, message: "{}")
        app.step(.trace(.record(ping)))
        XCTAssertTrue(app.screenText.contains("last <1 s ago"), app.screenText)
        // The pane asks for a frame a second while it shows ages; each one moves them on.
        XCTAssertEqual(app.effects.last, .scheduleAnimation(after: .seconds(1)))
        for _ in 0..<4 {
            app.clock.advance(by: .seconds(1))
            app.loop.handle(.animationFrame)
        }
        XCTAssertTrue(app.screenText.contains("last 4 s ago"), app.screenText)
        app.clock.advance(by: .seconds(120))
        app.loop.handle(.animationFrame)
        XCTAssertTrue(app.screenText.contains("last 2 min ago"), app.screenText)
        // Another tab: nothing moves, so nothing is scheduled.
        app.step(.animationFrame)
        let before = app.effects.count
        app.key(.ctrl("g"))
        app.step(.animationFrame)
        XCTAssertFalse(app.effects.dropFirst(before).contains(.scheduleAnimation(after: .seconds(1))),
                       "\(app.effects.dropFirst(before))")
    }

    func testStatsShowsATableWithASparklinePerServer() {
        let app = harness(.builtinDefault, width: 140, height: 12)
        app.type("/stats")
        app.key(.enter)
        let text = app.screenText
        XCTAssertTrue(text.contains("git           1     0%   12 ms/12 ms/12 ms"), text)
        XCTAssertTrue(text.contains("web           1     100% –/–/–"), text)
        XCTAssertTrue(text.contains("█"), "a sparkline: \(text)")
    }

    func testLogLinesCarryTheirTime() {
        let app = LoopHarness(width: 100, height: 10, configure: { state in
            state.timeZone = TimeZone(identifier: "UTC")!
            state.sidePane = .log
            state.sidePaneVisible = true
        })
        app.step(.hostLog(HostLogEntry(server: "git", level: .warning, source: .stderr, message: "disk 東京 full",
                                       time: Self.start.addingTimeInterval(61))))
        XCTAssertTrue(app.screenText.contains("08:01:01 git stderr: disk 東京 full"), app.screenText)
    }

    func testLogLinesWithoutATimeAreStampedFromTheLoopsClock() {
        let app = LoopHarness(width: 100, height: 10, configure: { state in
            state.timeZone = TimeZone(identifier: "UTC")!
            state.clockStart = Self.start
            state.sidePane = .log
            state.sidePaneVisible = true
        })
        app.clock.advance(by: .seconds(90))
        app.step(.hostLog(HostLogEntry(server: nil, level: .info, source: .host, message: "reloaded")))
        XCTAssertTrue(app.screenText.contains("08:01:30 host: reloaded"), app.screenText)
    }
}
