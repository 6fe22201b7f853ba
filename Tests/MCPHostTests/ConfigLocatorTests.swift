import Foundation
import MCPHost
import XCTest

final class ConfigLocatorTests: XCTestCase {
    private var root: String!

    override func setUpWithError() throws {
        root = NSTemporaryDirectory() + "mcpterm-locator-\(UUID().uuidString)"
        for dir in ["cwd", "xdg/mcpterm", "home/.config/mcpterm", "explicit"] {
            try FileManager.default.createDirectory(atPath: "\(root!)/\(dir)", withIntermediateDirectories: true)
        }
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(atPath: root)
    }

    private func touch(_ relative: String) {
        XCTAssertTrue(FileManager.default.createFile(atPath: "\(root!)/\(relative)", contents: Data("{}".utf8)))
    }

    private var env: [String: String] { ["HOME": "\(root!)/home", "XDG_CONFIG_HOME": "\(root!)/xdg"] }

    private func locate(explicit: String? = nil, env: [String: String]? = nil) -> Result<String?, ConfigProblem> {
        ConfigLocator.locate(explicit: explicit, cwd: "\(root!)/cwd", environment: env ?? self.env)
    }

    private func find(explicit: String? = nil) -> LocatedConfig? {
        try? ConfigLocator.find(explicit: explicit, cwd: "\(root!)/cwd", environment: env).get()
    }

    func testCwdServersJSONIsAProjectFileAndTheOthersAreNot() {
        for f in ["explicit/my.json", "cwd/servers.json", "xdg/mcpterm/servers.json"] { touch(f) }
        XCTAssertEqual(find(), LocatedConfig(path: "\(root!)/cwd/servers.json", origin: .project))
        XCTAssertEqual(find(explicit: "servers.json"), LocatedConfig(path: "\(root!)/cwd/servers.json", origin: .explicit))
        XCTAssertEqual(find(explicit: "\(root!)/explicit/my.json")?.origin, .explicit)
        try? FileManager.default.removeItem(atPath: "\(root!)/cwd/servers.json")
        XCTAssertEqual(find(), LocatedConfig(path: "\(root!)/xdg/mcpterm/servers.json", origin: .user))
    }

    func testCwdServersJSONThatIsTheUsersOwnConfigIsNotAProjectFile() throws {
        touch("home/.config/mcpterm/servers.json")
        try FileManager.default.createSymbolicLink(
            atPath: "\(root!)/cwd/servers.json", withDestinationPath: "\(root!)/home/.config/mcpterm/servers.json")
        XCTAssertEqual(find(), LocatedConfig(path: "\(root!)/cwd/servers.json", origin: .user))
    }

    func testExplicitPathBeatsAllOthers() {
        for f in ["explicit/my.json", "cwd/servers.json", "xdg/mcpterm/servers.json", "home/.config/mcpterm/servers.json"] { touch(f) }
        XCTAssertEqual(try locate(explicit: "\(root!)/explicit/my.json").get(), "\(root!)/explicit/my.json")
    }

    func testRelativeExplicitPathIsResolvedAgainstCwd() {
        touch("cwd/servers.json")
        touch("explicit/my.json")
        XCTAssertEqual(try locate(explicit: "../explicit/my.json").get(), "\(root!)/cwd/../explicit/my.json")
    }

    func testCwdBeatsXDGAndHome() {
        for f in ["cwd/servers.json", "xdg/mcpterm/servers.json", "home/.config/mcpterm/servers.json"] { touch(f) }
        XCTAssertEqual(try locate().get(), "\(root!)/cwd/servers.json")
    }

    func testXDGBeatsHomeConfig() {
        for f in ["xdg/mcpterm/servers.json", "home/.config/mcpterm/servers.json"] { touch(f) }
        XCTAssertEqual(try locate().get(), "\(root!)/xdg/mcpterm/servers.json")
    }

    func testHomeConfigWhenXDGHasNoFile() {
        touch("home/.config/mcpterm/servers.json")
        XCTAssertEqual(try locate().get(), "\(root!)/home/.config/mcpterm/servers.json")
    }

    func testHomeConfigWhenXDGIsUnset() {
        touch("xdg/mcpterm/servers.json")
        touch("home/.config/mcpterm/servers.json")
        XCTAssertEqual(try locate(env: ["HOME": "\(root!)/home"]).get(), "\(root!)/home/.config/mcpterm/servers.json")
    }

    func testNoFileAnywhereIsNilNotAProblem() {
        guard case .success(let path) = locate() else { return XCTFail("expected success") }
        XCTAssertNil(path)
    }

    func testMissingExplicitPathIsAProblemEvenIfOthersExist() {
        touch("cwd/servers.json")
        guard case .failure(let problem) = locate(explicit: "nope.json") else { return XCTFail("expected a problem") }
        XCTAssertEqual(problem.description, "nope.json: config file not found")
    }

    func testExplicitDirectoryIsAProblem() {
        guard case .failure(let problem) = locate(explicit: "\(root!)/explicit") else { return XCTFail("expected a problem") }
        XCTAssertEqual(problem.description, "\(root!)/explicit: is a directory, not a config file")
    }

    func testExplicitTildePathUsesHome() {
        touch("home/.config/mcpterm/servers.json")
        XCTAssertEqual(try locate(explicit: "~/.config/mcpterm/servers.json").get(),
                       "\(root!)/home/.config/mcpterm/servers.json")
    }
}
