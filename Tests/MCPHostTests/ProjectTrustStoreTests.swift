import Foundation
import MCPHost
import XCTest

final class ProjectTrustStoreTests: XCTestCase {
    private var dir: String!
    private var store: ProjectTrustStore { ProjectTrustStore(path: dir + "/state/mcpterm/trusted-projects.json") }

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "mcpterm-trust-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(atPath: dir)
    }

    func testStandardStoreIsInTheStateDirectory() {
        XCTAssertEqual(ProjectTrustStore.standard(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"])?.path,
                       "/s/mcpterm/trusted-projects.json")
        XCTAssertEqual(ProjectTrustStore.standard(environment: ["XDG_STATE_HOME": "rel", "HOME": "/h"])?.path,
                       "/h/.local/state/mcpterm/trusted-projects.json")
        XCTAssertNil(ProjectTrustStore.standard(environment: [:]))
    }

    func testDigestIsTheSHA256OfTheBytes() {
        XCTAssertEqual(ProjectTrustStore.digest(Data("abc".utf8)),
                       "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    func testRememberedAnswerHoldsForThatContentOnly() throws {
        let original = ProjectTrustStore.digest(Data("{\"mcpServers\":{}}".utf8))
        let changed = ProjectTrustStore.digest(Data("{\"mcpServers\":{\"x\":{\"command\":\"rm\"}}}".utf8))
        XCTAssertNil(try store.approvedDigest(for: "/p/servers.json"), "an absent store approves nothing")
        try store.remember(file: "/p/servers.json", digest: original)
        try store.remember(file: "/q/servers.json", digest: changed)
        XCTAssertEqual(try store.approvedDigest(for: "/p/servers.json"), original)
        XCTAssertNotEqual(try store.approvedDigest(for: "/p/servers.json"), changed)
        // A new yes for the changed content replaces the old one.
        try store.remember(file: "/p/servers.json", digest: changed)
        XCTAssertEqual(try store.approvedDigests(), ["/p/servers.json": changed, "/q/servers.json": changed])
    }

    func testStoreFileIsWrittenWithMode0600AndLeavesNoTemporaryFile() throws {
        try store.remember(file: "/p/servers.json", digest: "00")
        let attributes = try FileManager.default.attributesOfItem(atPath: store.path)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        let folder = (store.path as NSString).deletingLastPathComponent
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), ["trusted-projects.json"])
    }

    func testCorruptStoreIsAnErrorNamingTheFileAndIsReplacedByTheNextAnswer() throws {
        try FileManager.default.createDirectory(atPath: (store.path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try Data("{\"projects\": [oops".utf8).write(to: URL(fileURLWithPath: store.path))
        XCTAssertThrowsError(try store.approvedDigest(for: "/p/servers.json")) { error in
            guard case .corrupt(let path, _) = error as? ProjectTrustError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, store.path)
            XCTAssertTrue("\(error)".contains("trusted-projects.json is damaged"), "\(error)")
        }
        try store.remember(file: "/p/servers.json", digest: "11")
        XCTAssertEqual(try store.approvedDigest(for: "/p/servers.json"), "11")
    }

    func testOnlyAProjectFileNeedsConsentAndWithoutATerminalItIsRefused() {
        XCTAssertEqual(ProjectTrustDecision.decide(origin: .explicit, approved: false, trustFlag: false, canAsk: false), .notNeeded)
        XCTAssertEqual(ProjectTrustDecision.decide(origin: .user, approved: false, trustFlag: false, canAsk: false), .notNeeded)
        XCTAssertEqual(ProjectTrustDecision.decide(origin: .project, approved: true, trustFlag: false, canAsk: false), .remembered)
        XCTAssertEqual(ProjectTrustDecision.decide(origin: .project, approved: false, trustFlag: true, canAsk: false), .trustedByFlag)
        XCTAssertEqual(ProjectTrustDecision.decide(origin: .project, approved: false, trustFlag: false, canAsk: true), .ask)
        XCTAssertEqual(ProjectTrustDecision.decide(origin: .project, approved: false, trustFlag: false, canAsk: false), .refused)
    }
}
