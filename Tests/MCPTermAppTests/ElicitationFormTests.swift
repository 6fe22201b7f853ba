import ChatCore
import Foundation
import LLM
import MCP
import MCPHost
@testable import MCPTermApp
import TestSupport
import TUI
import XCTest

/// A server's form answered in its box, through the real loop into a `MemoryBackend`: the box
/// opens on the request, keys fill it (CJK included), a wrong value is refused on screen, a good
/// form is sent with typed values; decline, cancel, a server that withdraws, small terminals.
final class ElicitationFormTests: XCTestCase {
    private typealias Loop = AppLoop<MemoryBackend, ManualClock>

    /// The loop, its screen and what it asked the runtime to do, with the form's arming timer.
    private struct Harness {
        let app: LoopHarness
        var loop: Loop { app.loop }
        var runner: RecordingRunner { app.runner }
        var screen: [String] { app.screen }
        var screenText: String { app.screenText }
        var cursor: (x: Int, y: Int)? { app.cursor }
        var responses: [Effect] { app.responses }
        func step(_ event: AppEvent) { app.step(event) }
        func key(_ key: Key) { app.key(key) }
        func type(_ text: String) { app.type(text) }

        /// Delivers the arming timer the loop asked for last.
        func arm() {
            app.arm({ if case .armElicitation(let showing, ApprovalState.armDelay) = $0 { showing } else { nil } },
                    as: { .elicitationArmed(showing: $0) })
        }
    }

    private func start(width: Int = 80, height: Int = 24) -> Harness {
        Harness(app: LoopHarness(width: width, height: height))
    }

    /// A sign-up form with one field of each common kind.
    private func signUp(id: Int = 7, server: String = "shop") -> PendingServerRequest {
        PendingServerRequest(id: id, server: server, kind: .elicitation(.form(.init(
            message: "Create your account",
            requestedSchema: .init(properties: [
                "name": ["type": "string", "title": "Name", "minLength": 2, "maxLength": 20],
                "age": ["type": "integer", "title": "Age", "minimum": 18, "maximum": 150, "default": 30],
                "news": ["type": "boolean", "title": "Newsletter", "default": true],
                "plan": ["type": "string", "title": "Plan",
                         "oneOf": [["const": "free", "title": "Free"], ["const": "pro", "title": "Pro"]]],
            ], required: ["name", "plan"])))))
    }

    private let shopBox = [
        "  ┌─ shop asks ──────────────────────────────────────────────────────────────┐",
        "  │ Create your account                                                      │",
        "  │                                                                          │",
        "  │ › Age  whole number, 18–150                                              │",
        "  │     30                                                                   │",
        "  │   Name *  text, 2–20 characters                                          │",
        "  │                                                                          │",
        "  │   Newsletter  yes/no                                                     │",
        "  │     [x] yes                                                              │",
        "  │   Plan *  pick one                                                       │",
        "  │     ( ) Free                                                             │",
        "  │     ( ) Pro                                                              │",
    ]

    func testAFormRequestOpensTheBoxWithItsFieldsDefaultsAndKeys() {
        let app = start()
        app.step(.serverRequest(signUp()))
        // Fields sorted by key (the SDK keeps properties as a dictionary), defaults filled in,
        // required fields marked; the answer keys wait for the box to arm.
        XCTAssertEqual(Array(app.screen[7...20]), shopBox + [
            "  │ arming…  Enter send  Ctrl-D decline  Esc cancel  Tab next  Alt-L later   │",
            "  └──────────────────────────────────────────────────────────────────────────┘",
        ], app.screenText)
        XCTAssertEqual(app.cursor?.x, 10, "the cursor is in the focused field, after \"30\"")
        XCTAssertEqual(app.cursor?.y, 11)
        app.arm()
        XCTAssertEqual(app.screen[19], "  │ Enter send  Ctrl-D decline  Esc cancel  Tab next  Alt-L later            │")
        XCTAssertFalse(app.screen.last?.contains("Ctrl-T") ?? true, "the status bar leaves the hints to the box")
    }

    func testKeysTypedBeforeTheBoxArmsAreDropped() {
        let app = start()
        app.type("hi")
        app.step(.serverRequest(signUp()))
        for key: Key in [.char("x"), .enter, .escape, .ctrl("d")] { app.key(key) }
        XCTAssertEqual(app.responses, [], "nothing typed for the chat answers the form")
        XCTAssertEqual(Array(app.screen[7...18]), shopBox, "nor lands in its fields")
        XCTAssertEqual(app.loop.state.input.text, "hi", "nor in the chat input")
    }

    func testTypingFillsTheFieldsAWrongValueIsRefusedAndAGoodFormIsSentWithTypedValues() {
        let app = start()
        app.step(.serverRequest(signUp()))
        app.arm()
        app.key(.ctrl("u"))
        app.type("17")
        app.key(.tab)
        app.type("東")
        app.key(.tab)
        app.key(.char(" "))  // Newsletter: no
        app.key(.tab)
        app.key(.down)  // the highlight to Pro
        app.key(.char(" "))  // picks it
        app.key(.enter)

        XCTAssertEqual(app.responses, [], "a bad form is not sent")
        XCTAssertEqual(Array(app.screen[5...22]), [
            "  ┌─ shop asks ──────────────────────────────────────────────────────────────┐",
            "  │ Create your account                                                      │",
            "  │                                                                          │",
            "  │ › Age  whole number, 18–150                                              │",
            "  │     ⚠ must be from 18 to 150                                             │",
            "  │     17                                                                   │",
            "  │   Name *  text, 2–20 characters                                          │",
            "  │     ⚠ at least 2 characters (has 1)                                      │",
            "  │     東                                                                   │",
            "  │   Newsletter  yes/no                                                     │",
            "  │     [ ] no                                                               │",
            "  │   Plan *  pick one                                                       │",
            "  │     ( ) Free                                                             │",
            "  │     (•) Pro                                                              │",
            "  │ 2 fields need a fix: nothing was sent                                    │",
            "  └──────────────────────────────────────────────────────────────────────────┘",
            "────────────────────────────────────────────────────────────────────────────────",
            "›",
        ], app.screenText)
        XCTAssertEqual(app.cursor?.y, 10, "the focus went to the first bad field: the cursor is after 17")

        app.key(.ctrl("u"))
        app.type("42")
        XCTAssertFalse(app.screenText.contains("must be from 18"), "the problem goes once the field changes")
        app.key(.tab)
        app.type("京 Ann")
        XCTAssertTrue(app.screen.contains("  │     東京 Ann                                                             │"),
                      app.screenText)
        XCTAssertEqual(app.cursor?.x, 8 + "東京 Ann".displayWidth, "the cursor after the wide characters")
        app.key(.enter)

        XCTAssertEqual(app.responses, [.respond(requestID: 7, answer: .elicitation(content: [
            "age": .int(42), "name": .string("東京 Ann"), "news": .bool(false), "plan": .string("pro"),
        ]))])
        XCTAssertFalse(app.screenText.contains("┌─ shop asks"), "the box closed")
        XCTAssertTrue(app.screenText.contains("Sent shop's form #7: age, name, news, plan."), app.screenText)
        XCTAssertEqual(app.loop.state.serverRequests.count, 0)
        XCTAssertNotNil(app.cursor, "the cursor is back in the chat input")
    }

    func testTypedLettersNeverDeclineOrCancelButCtrlDDeclinesAndEscCancels() {
        let app = start()
        let note = PendingServerRequest(id: 3, server: "notes", kind: .elicitation(.form(.init(
            message: "Title?", requestedSchema: .init(properties: [
                "title": ["type": "string"], "pinned": ["type": "boolean"],
            ])))))
        app.step(.serverRequest(note))
        app.arm()
        app.key(.tab)  // pinned → title (fields sorted: pinned, title)
        app.type("decline cancel qy")
        app.key(.paste("n\nd"))
        XCTAssertEqual(app.responses, [])
        XCTAssertTrue(app.screen.contains { $0.contains("decline cancel qyn d") }, app.screenText)
        app.key(.backTab)  // the yes/no field: letters are not typing here
        app.type("nd")
        XCTAssertEqual(app.responses, [])
        XCTAssertTrue(app.screenText.contains("This field takes Space and Up/Down, not typing"), app.screenText)
        app.key(.ctrl("d"))
        XCTAssertEqual(app.responses, [.respond(requestID: 3, answer: .decline)])
        XCTAssertTrue(app.screenText.contains("Declined notes's form #3."), app.screenText)

        app.step(.serverRequest(PendingServerRequest(id: 4, server: "notes", kind: note.kind)))
        app.arm()
        app.key(.escape)
        XCTAssertEqual(app.responses.last, .respond(requestID: 4, answer: .cancel))
        XCTAssertFalse(app.screenText.contains("┌─ notes asks"), app.screenText)
    }

    func testAServerThatWithdrawsClosesItsFormAndTheNextOneShows() {
        let app = start()
        app.step(.serverRequest(signUp(id: 7, server: "shop")))
        app.step(.serverRequest(PendingServerRequest(id: 8, server: "crm", kind: .elicitation(.form(.init(
            message: "Company?", requestedSchema: .init(properties: ["company": ["type": "string"]])))))))
        XCTAssertTrue(app.screen.contains { $0.contains("┌─ shop asks (1 of 2) ─") }, app.screenText)
        app.arm()
        app.type("99")
        let armed = app.runner.effects.count

        app.step(.serverRequestEnded(id: 7))
        XCTAssertEqual(app.responses, [], "nothing is sent for a request its server withdrew")
        XCTAssertTrue(app.screen.contains { $0.contains("┌─ crm asks ─") }, app.screenText)
        XCTAssertTrue(app.screenText.contains("Company?"), app.screenText)
        XCTAssertTrue(app.screenText.contains("Server shop no longer waits for its elicitation #7"), app.screenText)
        XCTAssertTrue(app.runner.effects[armed...].contains { if case .armElicitation = $0 { return true }; return false },
                      "the next form arms afresh")
        app.key(.enter)
        XCTAssertEqual(app.responses, [], "not armed yet")
        app.arm()
        app.type("ACME 株式会社")
        app.key(.enter)
        XCTAssertEqual(app.responses, [.respond(requestID: 8, answer: .elicitation(content: ["company": "ACME 株式会社"]))])
    }

    func testAnswerLaterHidesTheFormAndAcceptWithItsNumberBringsItBackAsItWas() {
        let app = start()
        app.step(.serverRequest(signUp()))
        app.arm()
        app.key(.tab)
        app.type("Ann")
        app.key(.alt("l"))
        XCTAssertFalse(app.screenText.contains("┌─ shop asks"), app.screenText)
        XCTAssertTrue(app.screenText.contains("Put shop's form #7 aside: /accept 7 opens it again"), app.screenText)
        XCTAssertTrue(app.screen.last?.contains("1 request waiting") ?? false, app.screenText)
        app.type("/requests")
        app.key(.enter)
        XCTAssertTrue(app.screenText.contains("#7 shop elicitation: Create your account"), app.screenText)

        app.type("/accept 7")
        app.key(.enter)
        XCTAssertTrue(app.screen.contains { $0.contains("┌─ shop asks ─") }, app.screenText)
        XCTAssertTrue(app.screen.contains { $0.hasPrefix("  │     Ann") }, "what was typed is kept: \(app.screenText)")
        app.arm()
        app.key(.alt("l"))
        app.type("/decline 7")
        app.key(.enter)
        XCTAssertEqual(app.responses, [.respond(requestID: 7, answer: .decline)], "the commands answer a form put aside")
    }

    func testAtSixtyByFifteenTheFormScrollsToKeepTheFocusedFieldInView() {
        let app = start(width: 60, height: 15)
        var properties: [String: Value] = [:]
        for letter in "abcdef" {
            properties["field_\(letter)"] = ["type": "string", "title": "Field \(letter.uppercased())",
                                             "description": "About \(letter)"]
        }
        properties["field_g"] = ["type": "array", "title": "Colours",
                                 "items": ["enum": ["red", "green", "blue", "cyan", "magenta", "yellow", "black"]]]
        app.step(.serverRequest(PendingServerRequest(id: 1, server: "big", kind: .elicitation(.form(.init(
            message: "Many fields", requestedSchema: .init(properties: properties)))))))
        app.arm()
        XCTAssertEqual(Array(app.screen[0...11]), [
            " •┌─ big asks ───────────────────────────────────────────┐",  // the note's bullet at its left
            "  │ Many fields                                          │",
            "  │                                                      │",
            "  │ › Field A  text                                      │",
            "  │     About a                                          │",
            "  │                                                      │",
            "  │   Field B  text                                      │",
            "  │     About b                                          │",
            "  │                                                      │",
            "  │ ↓ 20 below · PgUp/PgDn                               │",
            "  │ Enter send  Ctrl-D decline  Esc cancel  Tab next     │",
            "  └──────────────────────────────────────────────────────┘",
        ], app.screenText)

        for _ in 0..<5 { app.key(.tab) }
        app.type("東京")
        XCTAssertTrue(app.screen.contains("  │ › Field F  text                                      │"), app.screenText)
        let row = app.screen.firstIndex { $0.hasPrefix("  │     東京") }
        XCTAssertNotNil(row, app.screenText)
        XCTAssertEqual(app.cursor?.y, row, "the cursor is on the focused field, on screen")
        XCTAssertEqual(app.cursor?.x, 8 + 4, "after 東京, two columns each")

        app.key(.tab)  // the list, taller than the box
        for _ in 0..<6 { app.key(.down) }
        app.key(.char(" "))
        XCTAssertTrue(app.screen.contains("  │     [x] black                                        │"), app.screenText)
        XCTAssertTrue(app.screen[9].hasPrefix("  │ ↑ "), app.screenText)
        app.key(.enter)
        XCTAssertEqual(app.responses, [.respond(requestID: 1, answer: .elicitation(content: [
            "field_f": "東京", "field_g": ["black"],
        ]))])
    }

    func testTheApprovalBoxKeepsPrecedenceAndTheFormArmsOnlyOnceOnTop() {
        let app = start()
        let echo = QualifiedTool(qualifiedName: "demo__echo", server: "demo",
                                 tool: Tool(name: "echo", description: "Echoes text", inputSchema: ["type": "object"]))
        app.step(.toolsChanged([echo]))
        app.type("go")
        app.key(.enter)
        app.step(.stream(turn: 1, .toolCall(ToolCall(id: "c1", name: "demo__echo", arguments: "{}"))))
        app.step(.streamEnded(turn: 1, error: nil))
        app.step(.serverRequest(signUp()))
        XCTAssertTrue(app.screenText.contains("Allow tool call?"), app.screenText)
        XCTAssertFalse(app.screenText.contains("┌─ shop asks"), "one box at a time: \(app.screenText)")
        XCTAssertFalse(app.runner.effects.contains { if case .armElicitation = $0 { return true }; return false },
                       "a form under the approval box does not arm")

        guard case .armApproval(let showing, _)? = app.runner.effects.first(where: {
            if case .armApproval = $0 { return true } else { return false }
        }) else { return XCTFail("\(app.runner.effects)") }
        app.step(.approvalArmed(showing: showing))
        app.key(.char("n"))
        XCTAssertNil(app.loop.state.agent.pendingApproval, "the approval box took the key")
        XCTAssertEqual(app.responses, [])
        XCTAssertTrue(app.screenText.contains("┌─ shop asks"), app.screenText)
        app.key(.enter)
        XCTAssertEqual(app.responses, [], "the form arms only once it is on top")
        app.arm()
        app.key(.escape)
        XCTAssertEqual(app.responses, [.respond(requestID: 7, answer: .cancel)])
    }
}
