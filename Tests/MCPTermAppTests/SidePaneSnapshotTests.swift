import ChatCore
import MCP
import MCPHost
@testable import MCPTermApp
import TUI
import TestSupport
import XCTest

/// The Resources and Prompts tabs as the user sees them, drawn into memory (no terminal).
final class SidePaneSnapshotTests: XCTestCase {
    private func makeState() -> AppState {
        var state = AppState(model: ModelDescription(provider: .openai, model: "m", baseURL: "http://127.0.0.1:1/v1"),
                             width: 100, height: 30)
        _ = AppReducer.reduce(&state, .catalogChanged(
            resources: [SidePaneFixtures.readme, SidePaneFixtures.notes, SidePaneFixtures.logo],
            prompts: [SidePaneFixtures.summarize, SidePaneFixtures.greet]))
        _ = AppReducer.reduce(&state, .resourceTemplatesChanged([SidePaneFixtures.fileTemplate]))
        return state
    }

    private func pane(_ state: AppState, width: Int = 40, height: Int = 16) -> [String] {
        var buffer = CellBuffer(width: width, height: height)
        SidePaneView.draw(state, theme: .builtinDefault, into: &buffer, rect: Rect(x: 0, y: 0, width: width, height: height))
        return buffer.trimmedLines()
    }

    func testResourcesTabAlignsCJKNamesAndShowsTheSelectedOnesDetails() {
        var state = makeState()
        _ = AppReducer.reduce(&state, .key(.alt("n")))  // Servers → Resources
        _ = AppReducer.reduce(&state, .key(.ctrl("o")))
        _ = AppReducer.reduce(&state, .key(.down))
        let screen = pane(state)
        let expected = [
            " Servers │ Resources │ Prompts │ Log",
            "┌─ Resources 3 · templates 1 ──────────┐",
            "│    demo  README   text/markdown      │",
            "│    files 東京メモ text/plain         │",
            "│    files logo     image/png          │",
            "│ {} files any file file:///{path}     │",
            "│ ─────────────────────────────────────│",
            "│ uri   file:///notes/tokyo.md         │",
            "│ type  text/plain                     │",
            "│ 旅行の計画 and a packing list        │",
            "│                                      │",
            "│                                      │",
            "│                                      │",
            "│                                      │",
            "│ Enter read · a attach · Esc back     │",
            "└──────────────────────────────────────┘",
        ]
        XCTAssertEqual(screen, expected, "\n" + screen.joined(separator: "\n"))
        var buffer = CellBuffer(width: 40, height: 16)
        SidePaneView.draw(state, theme: .builtinDefault, into: &buffer, rect: Rect(x: 0, y: 0, width: 40, height: 16))
        let selected = Theme.builtinDefault.style("list.selected")
        XCTAssertEqual(buffer.row(3).map(\.style).filter { $0 == selected }.count, 37, "the whole selected row is highlighted")
        XCTAssertFalse(buffer.row(2).contains { $0.style == selected })
        XCTAssertEqual(buffer.row(0).filter { $0.style == selected }.map(\.grapheme).joined(), " Resources ",
                       "the tab bar highlights the shown tab")
    }

    func testResourcesTabShowsAttachmentMarkAndPreview() {
        var state = makeState()
        state.sidePane = .resources
        _ = AppReducer.reduce(&state, .key(.ctrl("o")))
        _ = AppReducer.reduce(&state, .key(.enter))
        _ = AppReducer.reduce(&state, .resourceRead(server: "demo", uri: "demo://readme",
                                                    text: "# Demo\nTools: echo, add.", isError: false))
        _ = AppReducer.reduce(&state, .key(.char("a")))
        let screen = pane(state)
        let expected = [
            " Servers │ Resources │ Prompts │ Log",
            "┌─ Resources 3 · templates 1 ──────────┐",
            "│ 📎 demo  README   text/markdown      │",
            "│    files 東京メモ text/plain         │",
            "│    files logo     image/png          │",
            "│ {} files any file file:///{path}     │",
            "│ ─────────────────────────────────────│",
            "│ uri   demo://readme                  │",
            "│ type  text/markdown                  │",
            "│ What the demo server offers.         │",
            "│ 📎 attached to the next message      │",
            "│ ── preview ──                        │",
            "│ # Demo                               │",
            "│ Tools: echo, add.                    │",
            "│ Enter read · a attach · Esc back     │",
            "└──────────────────────────────────────┘",
        ]
        XCTAssertEqual(screen, expected, "\n" + screen.joined(separator: "\n"))
    }

    func testPromptsTabMarksRequiredArguments() {
        var state = makeState()
        state.sidePane = .prompts
        let screen = pane(state)
        let expected = [
            " Servers │ Resources │ Prompts │ Log",
            "┌─ Prompts 2 ──────────────────────────┐",
            "│ demo  summarize text*, style         │",
            "│ files 挨拶                           │",
            "│ ─────────────────────────────────────│",
            "│ Summarize a text                     │",
            "│ Ask the model for a short summary.   │",
            "│ Arguments (* required)               │",
            "│   text* The text to summarize.       │",
            "│   style bullets or prose             │",
            "│ Enter puts /prompt in the input: fill│",
            "│ in the values, Tab suggests.         │",
            "│                                      │",
            "│                                      │",
            "│                                      │",
            "└──────────────────────────────────────┘",
        ]
        XCTAssertEqual(screen, expected, "\n" + screen.joined(separator: "\n"))
    }

    func testStatusBarAndHelpShowThePaneKeysFromTheKeyMap() {
        var state = makeState()
        let text = { (state: AppState) in StatusBar.line(state, theme: .builtinDefault).runs.map(\.text).joined() }
        XCTAssertTrue(text(state).contains("Ctrl-O pane"), text(state))
        _ = AppReducer.reduce(&state, .key(.ctrl("o")))
        XCTAssertTrue(text(state).contains("Ctrl-O input │ Alt-N tab"), text(state))
        let help = HelpOverlay.lines(theme: .builtinDefault).map { $0.runs.map(\.text).joined() }
        XCTAssertTrue(help.contains("  Up Down PgUp PgDn Home End  move in the list"), help.joined(separator: "\n"))
        XCTAssertTrue(help.contains { $0.hasPrefix("  Ctrl-X") && $0.contains("remove the last resource") })
        XCTAssertTrue(help.contains { $0.hasPrefix("  /prompt SERVER NAME") })
    }

    func testChipAboveTheInputNamesTheAttachedResource() {
        var state = makeState()
        state.sidePane = .resources
        _ = AppReducer.reduce(&state, .key(.ctrl("o")))
        _ = AppReducer.reduce(&state, .key(.down))
        _ = AppReducer.reduce(&state, .key(.char("a")))
        _ = AppReducer.reduce(&state, .key(.escape))
        let rows = AppView.render(state, theme: .builtinDefault).buffer.lines()
        let separator = rows[state.height - 3]
        XCTAssertTrue(separator.hasPrefix("─ 📎 files:東京メモ … ─ Ctrl-X remove ──"), separator)
    }
}

/// Catalog entries the side pane tests share: a CJK resource name next to ASCII ones, a
/// template, and prompts with and without arguments.
enum SidePaneFixtures {
    static let readme = ServerResource(server: "demo", item: Resource(
        name: "README", uri: "demo://readme", description: "What the demo server offers.", mimeType: "text/markdown"))
    static let notes = ServerResource(server: "files", item: Resource(
        name: "東京メモ", uri: "file:///notes/tokyo.md", description: "旅行の計画 and a packing list", mimeType: "text/plain"))
    static let logo = ServerResource(server: "files", item: Resource(
        name: "logo", uri: "file:///img/logo.png", mimeType: "image/png", size: 2048))
    static let fileTemplate = ServerResourceTemplate(server: "files", item: Resource.Template(
        uriTemplate: "file:///{path}", name: "any file", description: "Reads a file by path"))

    static let summarize = ServerPrompt(server: "demo", item: Prompt(
        name: "summarize", title: "Summarize a text", description: "Ask the model for a short summary.",
        arguments: [.init(name: "text", description: "The text to summarize.", required: true),
                    .init(name: "style", description: "bullets or prose")]))
    static let greet = ServerPrompt(server: "files", item: Prompt(name: "挨拶", description: "Say hello in Japanese."))
}
