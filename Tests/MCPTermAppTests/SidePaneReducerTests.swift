import ChatCore
import LLM
import MCP
import MCPHost
@testable import MCPTermApp
import TUI
import XCTest

/// Tabs, focus, attachments and prompts driven through `reduce` as a script of events.
final class SidePaneReducerTests: XCTestCase {
    private let readme = SidePaneFixtures.readme
    private let readmeText = "# Demo\nTools: echo, add."

    private func makeState() -> AppState {
        var state = AppState(model: ModelDescription(provider: .openai, model: "test-model", baseURL: "http://127.0.0.1:1/v1"),
                             width: 100, height: 30)
        _ = reduceIgnoringSaves(&state, .catalogChanged(
            resources: [SidePaneFixtures.readme, SidePaneFixtures.notes],
            prompts: [SidePaneFixtures.summarize, SidePaneFixtures.greet]))
        _ = reduceIgnoringSaves(&state, .resourceTemplatesChanged([SidePaneFixtures.fileTemplate]))
        return state
    }

    @discardableResult
    private func keys(_ keys: [Key], _ state: inout AppState) -> [Effect] {
        keys.flatMap { reduceIgnoringSaves(&state, .key($0)) }
    }

    private func type(_ text: String, _ state: inout AppState) {
        for c in text { _ = reduceIgnoringSaves(&state, .key(.char(c))) }
    }

    private func lastNote(_ state: AppState) -> String? {
        switch state.agent.transcript.last {
        case .notice(let text)?, .error(let text)?: return text
        default: return nil
        }
    }

    /// Focus the Resources tab with the readme selected.
    private func focusResources(_ state: inout AppState) {
        state.sidePane = .resources
        keys([.ctrl("o")], &state)
    }

    // MARK: Tabs and focus

    func testAltNAndAltPCycleTheTabsAndShowThePane() {
        var state = makeState()
        state.sidePaneVisible = false
        keys([.alt("n")], &state)
        XCTAssertEqual(state.sidePane, .resources)
        XCTAssertTrue(state.sidePaneVisible)
        keys([.alt("n"), .alt("n")], &state)
        XCTAssertEqual(state.sidePane, .log)
        keys([.alt("n")], &state)
        XCTAssertEqual(state.sidePane, .servers, "wraps around")
        keys([.alt("p")], &state)
        XCTAssertEqual(state.sidePane, .log)
        XCTAssertFalse(state.sidePaneState.focused, "cycling tabs leaves the keyboard with the input")
    }

    func testFocusedPaneTakesListKeysAndTypingGoesBackToTheInput() {
        var state = makeState()
        focusResources(&state)
        XCTAssertTrue(state.sidePaneState.focused)
        keys([.down, .down, .down], &state)
        XCTAssertEqual(state.sidePaneState.selected(.resources, count: 3), 2, "stops at the template, the last row")
        keys([.home], &state)
        XCTAssertEqual(state.sidePaneState.selected(.resources, count: 3), 0)
        keys([.end], &state)
        XCTAssertEqual(state.sidePaneState.selected(.resources, count: 3), 2)
        keys([.pageUp], &state)
        XCTAssertEqual(state.sidePaneState.selected(.resources, count: 3), 0)
        XCTAssertEqual(state.input.text, "", "list keys never reach the input")
        keys([.right], &state)
        XCTAssertEqual(state.sidePane, .prompts, "Right moves to the next tab while focused")
        keys([.left], &state)

        type("hi", &state)
        XCTAssertFalse(state.sidePaneState.focused)
        XCTAssertEqual(state.input.text, "hi", "a letter returns the keyboard to the input and is typed")
        keys([.up], &state)
        XCTAssertEqual(state.sidePaneState.selected(.resources, count: 3), 0, "Up is input history again")

        keys([.ctrl("o"), .escape], &state)
        XCTAssertFalse(state.sidePaneState.focused, "Esc gives the keyboard back")

        state.sidePane = .prompts
        keys([.ctrl("o")], &state)
        type("a", &state)
        XCTAssertEqual(state.input.text, "hia", "outside Resources, a is a letter like any other")
        keys([.backspace], &state)
        XCTAssertEqual(state.input.text, "hi", "Esc in the pane does not clear the input")
    }

    func testHidingThePaneTakesTheFocusAwayAndNarrowTerminalsRefuseIt() {
        var state = makeState()
        state.sidePane = .servers
        keys([.ctrl("o")], &state)
        XCTAssertTrue(state.sidePaneState.focused)
        keys([.ctrl("t")], &state)
        XCTAssertFalse(state.sidePaneVisible)
        XCTAssertFalse(state.sidePaneState.focused)

        var narrow = makeState()
        _ = reduceIgnoringSaves(&narrow, .resize(width: 60, height: 20))
        keys([.ctrl("o")], &narrow)
        XCTAssertFalse(narrow.sidePaneState.focused)
        XCTAssertTrue(lastNote(narrow)?.contains("70 columns") ?? false, lastNote(narrow) ?? "")
    }

    // MARK: Resources

    func testEnterReadsIntoThePreviewNotTheTranscript() {
        var state = makeState()
        focusResources(&state)
        XCTAssertEqual(keys([.enter], &state), [.readResource(server: "demo", uri: "demo://readme")])
        XCTAssertEqual(state.sidePaneState.preview, ResourcePreview(key: ResourceKey(server: "demo", uri: "demo://readme"), name: "README"))
        let before = state.agent.transcript.count
        _ = reduceIgnoringSaves(&state, .resourceRead(server: "demo", uri: "demo://readme", text: readmeText, isError: false))
        XCTAssertEqual(state.sidePaneState.preview?.text, readmeText)
        XCTAssertEqual(state.agent.transcript.count, before, "a preview read leaves the transcript alone")

        // /read still writes into the transcript.
        keys([.escape], &state)
        type("/read demo demo://readme", &state)
        XCTAssertEqual(keys([.enter], &state), [.readResource(server: "demo", uri: "demo://readme")])
        _ = reduceIgnoringSaves(&state, .resourceRead(server: "demo", uri: "demo://readme", text: readmeText, isError: false))
        XCTAssertEqual(lastNote(state), "demo demo://readme:\n\(readmeText)")
    }

    func testEnterOnATemplatePutsReadInTheInput() {
        var state = makeState()
        focusResources(&state)
        keys([.end, .enter], &state)
        XCTAssertEqual(state.input.text, "/read files file:///{path}")
        XCTAssertFalse(state.sidePaneState.focused, "the user goes on typing the values")
    }

    func testAttachDetachAndSendCarriesTheResourceTextToTheModel() throws {
        var state = makeState()
        focusResources(&state)
        keys([.enter], &state)
        _ = reduceIgnoringSaves(&state, .resourceRead(server: "demo", uri: "demo://readme", text: readmeText, isError: false))
        // The preview has the text: attaching needs no second read, only the subscription.
        XCTAssertEqual(keys([.char("a")], &state), [.subscribeResource(server: "demo", uri: "demo://readme")])
        XCTAssertEqual(state.attachments.items.map(\.chip), ["📎 demo:README"])
        XCTAssertEqual(keys([.char("a")], &state), [], "a again detaches")
        XCTAssertTrue(state.attachments.isEmpty)
        XCTAssertEqual(keys([.char("a")], &state), [], "subscribed once only")
        XCTAssertEqual(state.attachments.items.count, 1)

        keys([.escape], &state)
        type("what is this?", &state)
        let sent = keys([.enter], &state)
        guard case .streamChat(_, let request)? = sent.first else { return XCTFail("not sent: \(sent)") }
        let message = try XCTUnwrap(request.messages.last?.content)
        XCTAssertEqual(message, """
            what is this?

            <attached-resource server="demo" uri="demo://readme" name="README" mimeType="text/markdown">
            \(readmeText)
            </attached-resource>
            """)
        XCTAssertEqual(state.agent.transcript.last, .user("what is this?\n📎 demo:README (demo://readme)"),
                       "the transcript names the attachment instead of repeating its text")
        XCTAssertTrue(state.attachments.isEmpty, "attachments go with one message")
    }

    func testCtrlXRemovesTheLastChip() {
        var state = makeState()
        focusResources(&state)
        keys([.char("a"), .down, .char("a"), .escape], &state)
        XCTAssertEqual(state.attachments.items.map(\.chip), ["📎 demo:README", "📎 files:東京メモ"])
        keys([.ctrl("x")], &state)
        XCTAssertEqual(state.attachments.items.map(\.chip), ["📎 demo:README"])
    }

    func testAnUpdatedAttachmentIsReadAgainBeforeSending() throws {
        var state = makeState()
        focusResources(&state)
        XCTAssertEqual(keys([.char("a")], &state), [.readResource(server: "demo", uri: "demo://readme"),
                                                   .subscribeResource(server: "demo", uri: "demo://readme")])
        _ = reduceIgnoringSaves(&state, .resourceRead(server: "demo", uri: "demo://readme", text: "old", isError: false))
        _ = reduceIgnoringSaves(&state, .resourceUpdated(server: "demo", uri: "demo://readme"))
        XCTAssertTrue(state.attachments.updated.contains(ResourceKey(server: "demo", uri: "demo://readme")))
        XCTAssertTrue(ResourcesPane.rows(state, width: 40)[0].hasPrefix("📎"), "attached shows before updated")

        keys([.escape], &state)
        type("summarise it", &state)
        XCTAssertEqual(keys([.enter], &state), [.readResource(server: "demo", uri: "demo://readme")],
                       "the message waits for the new text")
        XCTAssertEqual(state.attachments.waitingMessage, "summarise it")
        XCTAssertEqual(state.input.text, "")
        let sent = reduceIgnoringSaves(&state, .resourceRead(server: "demo", uri: "demo://readme", text: "new", isError: false))
        guard case .streamChat(_, let request)? = sent.first else { return XCTFail("not sent after the read: \(sent)") }
        let message = try XCTUnwrap(request.messages.last?.content)
        XCTAssertTrue(message.contains("\nnew\n"), message)
        XCTAssertFalse(message.contains("old"), message)
        XCTAssertFalse(state.attachments.updated.contains(ResourceKey(server: "demo", uri: "demo://readme")))
    }

    func testAFailedReadKeepsTheMessageAndSaysWhy() {
        var state = makeState()
        focusResources(&state)
        keys([.char("a"), .escape], &state)
        type("go", &state)
        keys([.enter], &state)
        XCTAssertEqual(state.attachments.waitingMessage, "go", "the first read is still running")
        let effects = reduceIgnoringSaves(&state, .resourceRead(server: "demo", uri: "demo://readme",
                                                              text: "server demo is not connected", isError: true))
        XCTAssertEqual(effects, [])
        XCTAssertNil(state.attachments.waitingMessage)
        XCTAssertEqual(state.input.text, "go", "the message is back in the input")
        XCTAssertTrue(lastNote(state)?.contains("server demo is not connected") ?? false, lastNote(state) ?? "")
        XCTAssertEqual(state.agent.phase, .idle)
    }

    func testEscWhileWaitingForAttachmentsCancelsTheSend() {
        var state = makeState()
        focusResources(&state)
        keys([.char("a"), .escape], &state)
        type("go", &state)
        keys([.enter, .escape], &state)
        XCTAssertNil(state.attachments.waitingMessage)
        XCTAssertEqual(state.input.text, "go")
        XCTAssertEqual(reduceIgnoringSaves(&state, .resourceRead(server: "demo", uri: "demo://readme", text: "t", isError: false)), [],
                       "a late read does not send the cancelled message")
    }

    // MARK: Prompts

    func testEnterOnAPromptWithoutArgumentsInsertsItsMessagesInTheInput() {
        var state = makeState()
        state.sidePane = .prompts
        keys([.ctrl("o"), .down], &state)
        XCTAssertEqual(keys([.enter], &state), [.getPrompt(server: "files", name: "挨拶", arguments: nil)])
        _ = reduceIgnoringSaves(&state, .promptFetched(server: "files", name: "挨拶", text: "こんにちは、と言って", isError: false))
        XCTAssertEqual(state.input.text, "こんにちは、と言って")
        XCTAssertFalse(state.sidePaneState.focused)
        XCTAssertTrue(lastNote(state)?.hasPrefix("Prompt files:挨拶 is in the input (1 line") ?? false, lastNote(state) ?? "")
        let sent = keys([.enter], &state)
        guard case .streamChat(_, let request)? = sent.first else { return XCTFail("not sent: \(sent)") }
        XCTAssertEqual(request.messages.last?.content, "こんにちは、と言って")
    }

    func testEnterOnAPromptWithArgumentsFillsTheCommandAndItRunsWithQuotedValues() {
        var state = makeState()
        state.sidePane = .prompts
        keys([.ctrl("o"), .enter], &state)
        XCTAssertEqual(state.input.text, "/prompt demo summarize text= style=")
        state.input.setText("")
        type(#"/prompt demo summarize text="two  words \"quoted\"" style=prose"#, &state)
        XCTAssertEqual(keys([.enter], &state), [.getPrompt(server: "demo", name: "summarize",
                                                          arguments: ["text": #"two  words "quoted""#, "style": "prose"])])
    }

    func testPromptCommandMistakesSayWhatIsWrong() {
        var state = makeState()
        type("/prompt demo summarize style=x", &state)
        XCTAssertEqual(keys([.enter], &state), [])
        XCTAssertEqual(lastNote(state), #"/prompt: prompt "summarize" needs text=…"#)
        type("/prompt demo nope", &state)
        keys([.enter], &state)
        XCTAssertEqual(lastNote(state), #"/prompt: server "demo" has no prompt "nope" (prompts: demo summarize, files 挨拶)"#)
        type(#"/prompt demo summarize text="open"#, &state)
        keys([.enter], &state)
        XCTAssertTrue(lastNote(state)?.hasPrefix("/prompt: a quote is not closed") ?? false, lastNote(state) ?? "")
    }

    func testTabCompletesAnArgumentValueThroughTheServer() {
        var state = makeState()
        type("/prompt demo summarize style=bu", &state)
        XCTAssertEqual(keys([.tab], &state), [.complete(server: "demo", prompt: "summarize", argument: "style",
                                                        value: "bu", context: nil)])
        _ = reduceIgnoringSaves(&state, .completionFound(server: "demo", prompt: "summarize", argument: "style",
                                                       value: "bu", values: ["bullets"]))
        XCTAssertEqual(state.input.text, "/prompt demo summarize style=bullets ")

        type(#"text="a b"#, &state)
        XCTAssertEqual(keys([.tab], &state), [.complete(server: "demo", prompt: "summarize", argument: "text",
                                                        value: "a b", context: ["style": "bullets"])])
        _ = reduceIgnoringSaves(&state, .completionFound(server: "demo", prompt: "summarize", argument: "text",
                                                       value: "a b", values: ["a b c", "a b d"]))
        XCTAssertEqual(state.input.text, #"/prompt demo summarize style=bullets text="a b ""#, "extended to the common start")
        XCTAssertEqual(lastNote(state), "text: a b c, a b d")

        state.input.setText("plain text")
        XCTAssertEqual(keys([.tab], &state), [])
        XCTAssertEqual(state.input.text, "plain text    ", "Tab outside /prompt inserts spaces as before")
    }

    func testPromptTextRendersMixedRolesAndEmbeddedResources() {
        let result = GetPrompt.Result(description: nil, messages: [
            .user(.text(text: "Review this")),
            .user(.resource(resource: .text("let x = 1", uri: "file:///a.swift", mimeType: "text/x-swift"))),
            .assistant(.text(text: "Sure.")),
        ])
        let text = PromptText.render(result)
        XCTAssertEqual(text, """
            User: Review this

            User: <attached-resource uri="file:///a.swift">
            let x = 1
            </attached-resource>

            Assistant: Sure.
            """)
    }
}
