import ChatCore
import Foundation
import XCTest

final class SessionStoreTests: XCTestCase {
    private var root: URL!
    private let at = Date(timeIntervalSince1970: 1_768_469_412)

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("mcpterm-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(at: root)
    }

    private func header(id: String, cwd: String) -> SessionEntry {
        SessionEntry(
            at: at,
            record: .header(
                SessionHeader(
                    id: id, mcptermVersion: "0.1.0", provider: nil, model: nil, baseURL: nil, cwd: cwd, servers: [],
                    systemPrompt: nil)))
    }

    private func permissions(_ path: String) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    func testDefaultDirectoryFollowsXDGStateHomeThenHome() throws {
        XCTAssertEqual(
            try SessionStore.defaultDirectory(environment: ["XDG_STATE_HOME": "/x/state", "HOME": "/home/ann"]),
            "/x/state/mcpterm/sessions")
        XCTAssertEqual(
            try SessionStore.defaultDirectory(environment: ["XDG_STATE_HOME": "relative", "HOME": "/home/ann"]),
            "/home/ann/.local/state/mcpterm/sessions", "a relative XDG path is ignored, as the spec says")
        XCTAssertThrowsError(try SessionStore.defaultDirectory(environment: [:])) { error in
            XCTAssertEqual(error as? SessionStoreError, .noStateDirectory)
        }
    }

    func testIDsNameTheStartTimeInUTC() {
        XCTAssertEqual(SessionStore.newID(at: at, random: 0x3F_A9C1), "20260115-093012-3fa9c1")
        XCTAssertEqual(SessionStore.newID(at: at, random: 0xFFFF_FFFF), "20260115-093012-ffffff")
    }

    func testNewFilesArePrivate() throws {
        let store = SessionStore(directory: root.path + "/state/mcpterm/sessions")
        let file = try store.create(id: "a")
        try file.append(header(id: "a", cwd: "/p"))
        try file.sync()
        file.close()
        XCTAssertEqual(try permissions(store.path(for: "a")), 0o600)
        XCTAssertEqual(try permissions(store.directory), 0o700)
        XCTAssertThrowsError(try store.create(id: "a"), "an existing session is never overwritten")
    }

    func testAppendingAfterResumeStartsOnANewLineAfterATornOne() throws {
        let store = SessionStore(directory: root.path)
        let file = try store.create(id: "a")
        try file.append(header(id: "a", cwd: "/p"))
        try file.append(SessionEntry(at: at, record: .user(text: "one", sent: "one")))
        file.close()
        // A crash in the middle of a write leaves half a line.
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: store.path(for: "a")))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"v":1,"type":"assis"#.utf8))
        try handle.close()

        let again = try SessionFile.openForAppend(path: store.path(for: "a"))
        try again.append(SessionEntry(at: at, record: .user(text: "two 二", sent: "two 二")))
        again.close()

        let log = try SessionLog.load(path: store.path(for: "a"))
        XCTAssertEqual(log.entries.map(\.record).dropFirst(), [
            .user(text: "one", sent: "one"), .user(text: "two 二", sent: "two 二"),
        ])
        XCTAssertEqual(log.warnings.map(\.line), [3], "only the torn line is lost")
        XCTAssertEqual(try permissions(store.path(for: "a")), 0o600)
    }

    func testResolveLastIDPrefixAndPath() throws {
        let store = SessionStore(directory: root.path)
        for (id, cwd, age) in [("20260101-000000-aaaaaa", "/p", 300.0), ("20260102-000000-bbbbbb", "/q", 200),
                               ("20260103-000000-cccccc", "/p", 100)] {
            let file = try store.create(id: id)
            try file.append(header(id: id, cwd: cwd))
            file.close()
            try FileManager.default.setAttributes(
                [.modificationDate: Date().addingTimeInterval(-age)], ofItemAtPath: store.path(for: id))
        }
        XCTAssertEqual(try store.resolve("last", workingDirectory: "/p"), store.path(for: "20260103-000000-cccccc"))
        XCTAssertEqual(try store.resolve("last", workingDirectory: "/q"), store.path(for: "20260102-000000-bbbbbb"))
        XCTAssertEqual(try store.resolve("20260101", workingDirectory: "/x"), store.path(for: "20260101-000000-aaaaaa"))
        XCTAssertEqual(try store.resolve("20260102-000000-bbbbbb", workingDirectory: "/x"),
                       store.path(for: "20260102-000000-bbbbbb"))
        XCTAssertEqual(try store.resolve(store.path(for: "20260101-000000-aaaaaa"), workingDirectory: "/x"),
                       store.path(for: "20260101-000000-aaaaaa"))
        XCTAssertThrowsError(try store.resolve("last", workingDirectory: "/elsewhere")) { error in
            XCTAssertEqual(error as? SessionStoreError, .noSessionHere(cwd: "/elsewhere", directory: root.path))
        }
        XCTAssertThrowsError(try store.resolve("2026", workingDirectory: "/p")) { error in
            guard case .ambiguous(_, let matches)? = error as? SessionStoreError else { return XCTFail("\(error)") }
            XCTAssertEqual(matches.count, 3)
        }
        XCTAssertThrowsError(try store.resolve("nope", workingDirectory: "/p")) { error in
            XCTAssertEqual((error as? SessionStoreError)?.description,
                           "--resume nope: no such session in \(root.path) (list them with mcpterm --sessions)")
        }
        XCTAssertEqual(store.summaries().map(\.id), [
            "20260103-000000-cccccc", "20260102-000000-bbbbbb", "20260101-000000-aaaaaa",
        ])
    }
}
