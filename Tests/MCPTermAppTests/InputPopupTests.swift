import ChatCore
import LLM
import MCP
import MCPHost
@testable import MCPTermApp
import TestSupport
import TUI
import XCTest

/// The `/` menu and the `@` picker through the real loop into memory: what opens, how typing
/// filters it, what Up/Down, Tab, Enter and Esc do, and how it looks at 120×40 and 60×15.
final class InputPopupTests: XCTestCase {
    /// A loop with the side pane fixtures' catalog (CJK names, a template, prompts with and
    /// without arguments) from two ready servers.
    private func harness(width: Int, height: Int) -> LoopHarness {
        let app = LoopHarness(width: width, height: height)
        app.step(.serversChanged(["demo", "files"].map {
            ServerStatus(name: $0, kind: .stdio, state: .ready, protocolVersion: nil, serverInfo: nil, toolCount: 0)
        }))
        app.step(.catalogChanged(resources: [SidePaneFixtures.readme, SidePaneFixtures.notes, SidePaneFixtures.logo],
                                 prompts: [SidePaneFixtures.summarize, SidePaneFixtures.greet]))
        app.step(.resourceTemplatesChanged([SidePaneFixtures.fileTemplate]))
        return app
    }

    private func labels(_ app: LoopHarness) -> [String] {
        guard let popup = InputPopup.current(app.loop.state) else { return [] }
        return InputPopup.entries(popup, app.loop.state).map(\.label)
    }

    func testSlashOpensTheMenuOfCommandsWithTheirHelpAt60x15() {
        let app = harness(width: 60, height: 15)
        XCTAssertFalse(app.screenText.contains("Commands"))
        app.type("/")
        XCTAssertEqual(app.screen, [
            "",
            "",
            "┌─ Commands 1/27 ──────────────────────────────────────────┐",
            "│ /help            show keys and commands                  │",
            "│ /quit            leave mcpterm (also /exit)              │",
            "│ /servers         list servers and their state in the tr… │",
            "│ /tools           [on|off PATTERN] · list the tools the … │",
            "│ /reconnect       NAME · restart one server               │",
            "│ /disable         NAME · stop a server until /enable (se… │",
            "│ /enable          NAME · start a disabled server          │",
            "│ /reload          read servers.json again: start added, … │",
            "└─ Tab complete · Enter choose · Esc close ────────────────┘",
            "────────────────────────────────────────────────────────────",
            "› /",
            " mcpterm  openai/m │ servers 2/2 ready │ idle │ Ctrl-T serve",
        ], app.screenText)
        XCTAssertEqual(app.cursor?.y, 13, "the cursor stays in the input: typing filters the menu")
        // Every command of the one command table, then the ready servers' prompts.
        XCTAssertEqual(labels(app), SlashCommand.all.map(\.name) + ["/demo:summarize", "/files:挨拶"])
    }

    func testTypingFiltersPrefixesFirstThenPartsThenAnywhereAt120x40() {
        let app = harness(width: 120, height: 40)
        app.type("/re")
        XCTAssertEqual(labels(app), ["/reconnect", "/reload", "/retry", "/resources", "/read", "/requests", "/login",
                                     "/copy", "/export", "/accept", "/decline", "/cancel"],
                       "names starting with it first, then the ones whose help holds it (\"reply\", \"request\")")
        XCTAssertEqual(Array(app.screen[27...37]), [
            "┌─ Commands 1/12 ──────────────────────────────────────────────────────────────────────────────────┐",
            "│ /reconnect  NAME · restart one server                                                            │",
            "│ /reload     read servers.json again: start added, stop removed, restart changed servers          │",
            "│ /retry      ask the model again after a reply failed (r on an empty line does the same)          │",
            "│ /resources  list the servers' resources and resource templates                                   │",
            "│ /read       SERVER URI · read a resource into the transcript                                     │",
            "│ /requests   list the sampling and elicitation requests waiting for you                           │",
            "│ /login      [NAME [URL]] · log in to a server that needs OAuth (alone: the one that does); URL:… │",
            "│ /copy       [N] · copy the last reply, or its code block N, to the clipboard (OSC 52)            │",
            "└─ Tab complete · Enter choose · Esc close ────────────────────────────────────────────────────────┘",
            "────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────",
        ], app.screenText)
        app.type("c")
        XCTAssertEqual(labels(app), ["/reconnect"])
        app.type("z")
        XCTAssertNil(InputPopup.current(app.loop.state), "nothing matches: no menu, Enter runs what is typed")
        XCTAssertFalse(app.screenText.contains("Commands"))
    }

    func testUpDownSelectTabCompletesAndEnterRunsOrCompletes() {
        let app = harness(width: 60, height: 15)
        app.type("/re")
        app.key(.down)
        XCTAssertTrue(app.screen[2].hasPrefix("┌─ Commands 2/12"), app.screenText)
        XCTAssertEqual(app.backend.lastFrame?.row(4).first { $0.grapheme == "/" }?.style,
                       Theme.builtinDefault.style("list.selected"), "the second row is the selected one")
        app.key(.up)
        app.key(.up)
        XCTAssertTrue(app.screenText.contains("Commands 12/12"), "Up on the first row goes to the last:\n\(app.screenText)")
        app.key(.down)
        app.key(.tab)
        XCTAssertEqual(app.loop.state.input.text, "/reconnect ", "Tab completes; the blank closes the menu for the argument")
        XCTAssertNil(InputPopup.current(app.loop.state))

        app.key(.ctrl("u"))
        app.type("/too")
        app.key(.enter)
        XCTAssertEqual(app.loop.state.input.text, "", "a command without arguments runs")
        XCTAssertEqual(app.loop.state.agent.transcript.last,
                       .notice("No tools available (no server is ready yet, or none has tools)."))

        app.type("/rea")
        app.key(.enter)
        XCTAssertEqual(app.loop.state.input.text, "/read ", "Enter on a command that needs arguments completes it")
        app.key(.ctrl("u"))
        app.type("/cop")
        app.key(.enter)
        XCTAssertEqual(app.loop.state.agent.transcript.last, .error("/copy: there is no reply to copy yet."),
                       "an argument in [brackets] may be left out: Enter runs the command")
    }

    func testEscClosesTheMenuUntilTheInputAsksAgain() {
        let app = harness(width: 60, height: 15)
        app.type("/hel")
        app.key(.escape)
        XCTAssertNil(InputPopup.current(app.loop.state))
        XCTAssertEqual(app.loop.state.input.text, "/hel", "Esc closes the menu, not the input")
        app.type("p")
        XCTAssertNil(InputPopup.current(app.loop.state), "typing on does not bring it back")
        app.key(.enter)
        XCTAssertTrue(app.loop.state.helpVisible, "Enter runs what is typed")
        app.key(.escape)
        app.type("/")
        XCTAssertNotNil(InputPopup.current(app.loop.state), "a new command opens it again")
    }

    func testServersPromptsAreInTheMenuAsServerColonPromptAndRun() {
        let app = harness(width: 60, height: 15)
        app.type("/挨")
        XCTAssertEqual(labels(app), ["/files:挨拶"], "CJK filters like any text")
        XCTAssertTrue(app.screen.contains("│ /files:挨拶  Say hello in Japanese.                      │"), app.screenText)
        app.key(.enter)
        XCTAssertEqual(app.effects.last, .getPrompt(server: "files", name: "挨拶", arguments: nil),
                       "a prompt without arguments is fetched at once")

        app.type("/summ")
        XCTAssertEqual(labels(app), ["/demo:summarize", "/compact"], "the prompt's name first, then a command's help")
        XCTAssertTrue(app.screenText.contains("│ /demo:summarize  text*, style · Ask the model for a sho… │"), app.screenText)
        app.key(.tab)
        XCTAssertEqual(app.loop.state.input.text, "/demo:summarize text= style=", "its arguments, required first")
        app.key(.ctrl("a"))
        for _ in 0..<"/demo:summarize text=".count { app.key(.right) }
        app.type("\"東京 trip\"")
        app.key(.end)
        app.type("bullets")
        app.key(.enter)
        XCTAssertEqual(app.effects.last, .getPrompt(server: "demo", name: "summarize",
                                                    arguments: ["text": "東京 trip", "style": "bullets"]))
        // Tab on a value asks the server, as with /prompt.
        app.type("/demo:summarize text=a style=bu")
        app.key(.tab)
        XCTAssertEqual(app.effects.last, .complete(server: "demo", prompt: "summarize", argument: "style", value: "bu",
                                                   context: ["text": "a"]))
        app.step(.completionFound(server: "demo", prompt: "summarize", argument: "style", value: "bu", values: ["bullets"]))
        XCTAssertEqual(app.loop.state.input.text, "/demo:summarize text=a style=bullets ")
    }

    func testAtOpensThePickerOfResourcesAndTemplatesAt60x15() {
        let app = harness(width: 60, height: 15)
        app.type("see ann@x and @")
        XCTAssertEqual(app.screen, [
            "",
            "",
            "",
            "",
            "",
            "",
            "┌─ Resources 1/4 ──────────────────────────────────────────┐",
            "│ README    demo · demo://readme                           │",
            "│ 東京メモ  files · file:///notes/tokyo.md                 │",
            "│ logo      files · file:///img/logo.png                   │",
            "│ any file  files · file:///{path} · template              │",
            "└─ Tab complete · Enter choose · Esc close ────────────────┘",
            "────────────────────────────────────────────────────────────",
            "› see ann@x and @",
            " mcpterm  openai/m │ servers 2/2 ready │ idle │ Ctrl-T serve",
        ], app.screenText)
        app.type("東京")
        XCTAssertEqual(labels(app), ["東京メモ"])
        app.key(.backspace)
        app.key(.backspace)
        app.type("tokyo")
        XCTAssertEqual(labels(app), ["東京メモ"], "the URI matches too")
        app.key(.enter)
        XCTAssertEqual(app.loop.state.input.text, "see ann@x and @files:file:///notes/tokyo.md ")
        XCTAssertNil(InputPopup.current(app.loop.state), "an email address opens nothing; the reference is done")
    }

    func testAReferenceIsReadWhenTheMessageGoesAndTheModelGetsItsText() throws {
        let app = harness(width: 120, height: 40)
        app.type("summarise @東京")
        app.key(.enter)
        app.type("please")
        XCTAssertEqual(app.loop.state.input.text, "summarise @files:file:///notes/tokyo.md please")
        XCTAssertTrue(app.loop.state.attachments.isEmpty, "nothing is read before the message goes")
        app.key(.enter)
        XCTAssertEqual(app.effects.last, .readResource(server: "files", uri: "file:///notes/tokyo.md"))
        XCTAssertNil(app.runner.streamTurn, "the message waits for the text")
        XCTAssertTrue(app.screenText.contains("📎 files:東京メモ … ─ reading before sending…"), app.screenText)

        app.step(.resourceRead(server: "files", uri: "file:///notes/tokyo.md", text: "荷物: passport", isError: false))
        guard case .streamChat(_, let request)? = app.effects.last(where: { if case .streamChat = $0 { true } else { false } })
        else { return XCTFail("not sent: \(app.effects)") }
        XCTAssertEqual(request.messages.last?.content, """
            summarise @files:file:///notes/tokyo.md please

            <attached-resource server="files" uri="file:///notes/tokyo.md" name="東京メモ" mimeType="text/plain">
            荷物: passport
            </attached-resource>
            """)
        XCTAssertTrue(app.loop.state.attachments.isEmpty)
    }

    func testAReferenceThatCannotBeReadKeepsTheMessageWithoutAChip() {
        let app = harness(width: 120, height: 40)
        app.type("look at @demo:demo://readme.")
        app.key(.enter)
        XCTAssertEqual(app.effects.last, .readResource(server: "demo", uri: "demo://readme"),
                       "the full stop after a listed URI is not part of it")
        app.step(.resourceRead(server: "demo", uri: "demo://readme", text: "gone", isError: true))
        XCTAssertEqual(app.loop.state.input.text, "look at @demo:demo://readme.")
        XCTAssertTrue(app.loop.state.attachments.isEmpty, "the reference in the text says it again: no chip")
        XCTAssertNil(app.runner.streamTurn)
    }

    func testChoosingATemplateAsksForItsValuesWithTheServersSuggestions() {
        let app = harness(width: 60, height: 15)
        app.type("open @any")
        app.key(.enter)
        XCTAssertEqual(app.effects.last, .completeTemplate(server: "files", uriTemplate: "file:///{path}", argument: "path",
                                                           value: "", context: nil))
        app.step(.templateCompletionFound(server: "files", uriTemplate: "file:///{path}", argument: "path", value: "",
                                          values: ["notes.md", "東京.txt", "todo.txt"]))
        XCTAssertEqual(Array(app.screen[5...13]), [
            "┌─ files:any file ─────────────────────────────────────────┐",
            "│ path:                                                    │",
            "│ → file:///                                               │",
            "│ notes.md                                                 │",
            "│ 東京.txt                                                 │",
            "│ todo.txt                                                 │",
            "└─ Enter next · Tab complete · Esc cancel ─────────────────┘",
            "────────────────────────────────────────────────────────────",
            "› open @any",
        ], app.screenText)
        XCTAssertEqual(app.cursor.map { [$0.x, $0.y] }, [8, 6], "the cursor is in the box's field")
        XCTAssertFalse(InputPopupLayer.isActive(app.loop.state), "the picker is not drawn or keyed under the box")
        app.type("t")
        XCTAssertEqual(app.effects.last, .completeTemplate(server: "files", uriTemplate: "file:///{path}", argument: "path",
                                                           value: "t", context: nil))
        XCTAssertTrue(app.loop.state.templateFill?.suggestions.count == 3, "the old list stays until the new one comes")
        app.step(.templateCompletionFound(server: "files", uriTemplate: "file:///{path}", argument: "path", value: "",
                                          values: ["stale"]))
        XCTAssertNotEqual(app.loop.state.templateFill?.suggestions, ["stale"], "an answer for another value is dropped")
        app.step(.templateCompletionFound(server: "files", uriTemplate: "file:///{path}", argument: "path", value: "t",
                                          values: ["todo.txt", "tmp.txt"]))
        app.key(.down)
        app.key(.down)
        XCTAssertTrue(app.screenText.contains("→ file:///tmp.txt"), app.screenText)
        app.key(.enter)
        XCTAssertNil(app.loop.state.templateFill)
        XCTAssertEqual(app.loop.state.input.text, "open @files:file:///tmp.txt ")
        XCTAssertNil(InputPopup.current(app.loop.state))
    }

    func testATemplateValueIsNeededAndEscDropsTheTemplate() {
        let app = harness(width: 60, height: 15)
        app.type("@any")
        app.key(.tab)
        app.key(.enter)
        XCTAssertTrue(app.screenText.contains("path needs a value"), app.screenText)
        app.key(.escape)
        XCTAssertNil(app.loop.state.templateFill)
        XCTAssertEqual(app.loop.state.input.text, "@any", "the picker's word stays, and the picker with it")
        XCTAssertNotNil(InputPopup.current(app.loop.state))
    }

    func testURITemplatesExpandAsRFC6570Says() {
        let values = ["var": "value", "hello": "Hello World!", "path": "/foo/bar", "x": "1024", "y": "768", "empty": ""]
        XCTAssertEqual(URITemplate.variables("file:///{path}{?x,y}{&x}"), ["path", "x", "y"])
        // RFC 6570 §1.2's examples.
        XCTAssertEqual(URITemplate.expand("{var}", values: values), "value")
        XCTAssertEqual(URITemplate.expand("{hello}", values: values), "Hello%20World%21")
        XCTAssertEqual(URITemplate.expand("{+path}/here", values: values), "/foo/bar/here")
        XCTAssertEqual(URITemplate.expand("here?ref={+path}", values: values), "here?ref=/foo/bar")
        XCTAssertEqual(URITemplate.expand("X{.var}", values: values), "X.value")
        XCTAssertEqual(URITemplate.expand("{/var,x}/here", values: values), "/value/1024/here")
        XCTAssertEqual(URITemplate.expand("{;x,y,empty}", values: values), ";x=1024;y=768")
        XCTAssertEqual(URITemplate.expand("{?x,y,undef}", values: values), "?x=1024&y=768")
        XCTAssertEqual(URITemplate.expand("?fixed=yes{&x}", values: values), "?fixed=yes&x=1024")
        XCTAssertEqual(URITemplate.expand("{#path}", values: values), "#/foo/bar")
        XCTAssertEqual(URITemplate.expand("{var:3}", values: values), "val")
        XCTAssertEqual(URITemplate.expand("items/{name}", values: ["name": "東京"]), "items/%E6%9D%B1%E4%BA%AC")
        XCTAssertEqual(URITemplate.optionalVariables("file:///{path}{?x,path}"), ["x"])
    }
}
