import Foundation
import MCP
@testable import MCPHost
import XCTest

final class CatalogTests: XCTestCase {
    func testPagingFollowsCursorsAndStopsAtARepeatedCursor() async throws {
        let pages: [String?: ([Int], String?)] = [nil: ([1, 2], "a"), "a": ([3], "b"), "b": ([4], nil)]
        let all = try await CatalogPaging.collect { cursor in pages[cursor]! }
        XCTAssertEqual(all, [1, 2, 3, 4])

        // A server that answers cursor "a" with "a" again would loop forever.
        var asked = 0
        let looping = try await CatalogPaging.collect { cursor -> ([Int], String?) in
            asked += 1
            return ([asked], "a")
        }
        XCTAssertEqual(looping, [1, 2], "the repeated cursor's page is kept, then listing stops")
    }

    func testCatalogIsListedAfterConnectAndRoutedByServer() async throws {
        let fixture = await FeatureHost.start()
        let resources = await fixture.host.resources()
        XCTAssertEqual(resources.map(\.server), ["features"])
        XCTAssertEqual(resources.map(\.item.uri), ["fixture://greeting"])
        XCTAssertEqual(resources.first?.item.description, "A friendly text")
        let templates = await fixture.host.resourceTemplates()
        XCTAssertEqual(templates.map(\.item.uriTemplate), ["fixture://items/{name}"])
        let prompts = await fixture.host.prompts()
        XCTAssertEqual(prompts.map(\.item.name), ["review"])
        XCTAssertEqual(prompts.first?.item.arguments?.map(\.name), ["code", "language"])

        let read = try await fixture.host.readResource(server: "features", uri: "fixture://greeting")
        XCTAssertEqual(read.contents.first?.text, "hello from a resource")
        let item = try await fixture.host.readResource(server: "features", uri: "fixture://items/kiwi")
        XCTAssertEqual(item.contents.first?.text, "item kiwi")

        let prompt = try await fixture.host.getPrompt(server: "features", name: "review",
                                                      arguments: ["code": "let x = 1", "language": "swift"])
        guard case .text(let text)? = prompt.messages.first?.content else {
            return XCTFail("expected a text message, got \(prompt.messages)")
        }
        XCTAssertEqual(text, "Please review this swift code:\nlet x = 1")

        let completion = try await fixture.host.complete(server: "features", prompt: "review",
                                                         argument: "language", value: "s")
        XCTAssertEqual(completion.values, ["swift", "scala"])

        do {
            _ = try await fixture.host.readResource(server: "nobody", uri: "fixture://greeting")
            XCTFail("an unknown server must be refused")
        } catch let error as HostError {
            XCTAssertEqual(error, .unknownServer("nobody"))
        }
        await fixture.stop()
    }

    func testListChangedNotificationsRefreshTheCatalog() async throws {
        let fixture = await FeatureHost.start()
        // The first catalogChanged comes with "ready"; each list_changed that changes the catalog adds one.
        _ = try await fixture.call("add_resource")
        await fixture.waitForCatalogChange(number: 2)
        let uris = await fixture.host.resources().map(\.item.uri)
        XCTAssertEqual(uris, ["fixture://greeting", "fixture://extra"])

        _ = try await fixture.call("add_prompt")
        await fixture.waitForCatalogChange(number: 3)
        let names = await fixture.host.prompts().map(\.item.name)
        XCTAssertEqual(names, ["review", "later"])
        await fixture.stop()
    }

    func testSubscribedResourceUpdatesArriveAsHostEvents() async throws {
        // The fixture speaks 2026-07-28: the subscription rides the subscriptions/listen filter
        // (resourceSubscriptions), and the server publishes the update to that stream.
        let fixture = await FeatureHost.start()
        try await fixture.host.subscribeResource(server: "features", uri: "fixture://greeting")
        let after = try await fixture.call("touch", ["uri": "fixture://greeting"])
        XCTAssertEqual(after, "published")
        let updated = await fixture.events.first { event in
            if case .resourceUpdated = event { return true }
            return false
        }
        guard case .resourceUpdated(let server, let uri) = updated else { return XCTFail() }
        XCTAssertEqual(server, "features")
        XCTAssertEqual(uri, "fixture://greeting")
        await fixture.stop()
    }

    func testLogLevelFromTheConfigIsSentAfterConnectAndCanBeChanged() async throws {
        let fixture = await FeatureHost.start(ServerConfig(name: "features", logLevel: "warning"))
        let configured = try await fixture.call("current_log_level")
        XCTAssertEqual(configured, "warning")
        try await fixture.host.setLogLevel(server: "features", level: .debug)
        let changed = try await fixture.call("current_log_level")
        XCTAssertEqual(changed, "debug")
        await fixture.stop()
    }

    func testLogLevelKeyTakesMCPLevelsAndNamesTheLineOfAWrongOne() {
        let json = """
        { "mcpServers": {
          "quiet": { "command": "x", "logLevel": "error" },
          "plain": { "command": "x" },
          "loud": { "command": "x",
                    "logLevel": "verbose" }
        } }
        """
        let file = ServersFileLoader.parse(Data(json.utf8), displayName: "servers.json", environment: [:])
        XCTAssertEqual(file.servers.map(\.name), ["quiet", "plain"])
        XCTAssertEqual(file.servers.map(\.logLevel), ["error", "info"])
        XCTAssertEqual(file.problems.map(\.description), [
            "servers.json:5: server \"loud\": \"logLevel\" must be one of "
                + "debug, info, notice, warning, error, critical, alert, emergency",
        ])
    }
}
